/** How a service environment is named in every output: `auth · production`. */
export function groupLabel(service: string, environment: string): string {
  return `${service} · ${environment}`;
}

/** A share as the operator reads it: `25%`, `33.3%`, never `33.333333%`. */
export function formatPercent(share: number): string {
  return `${Math.round(share * 10) / 10}%`;
}
