/** How a service environment is named in every output: `auth · production`. */
export function groupLabel(service: string, environment: string): string {
  return `${service} · ${environment}`;
}
