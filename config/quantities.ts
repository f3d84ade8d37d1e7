/**
 * Kubernetes resource quantities as plain numbers, so that tiers, charts and the cost planner
 * compute with the same values.
 */

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

const MEBIBYTES_PER_UNIT: Record<string, number> = {
  '': 1 / 1024 ** 2,
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 ** 2,
  k: 1000 / 1024 ** 2,
  M: 1000 ** 2 / 1024 ** 2,
  G: 1000 ** 3 / 1024 ** 2,
  T: 1000 ** 4 / 1024 ** 2,
};

/** `250m` → 250, `1.5` → 1500; undefined when the text is not a CPU quantity. */
export function parseCpuMillis(text: string): number | undefined {
  const match = CPU.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return Math.ceil(match[2] === 'm' ? value : value * 1000);
}

/** `512Mi` → 512, `1Gi` → 1024; undefined when the text is not a memory quantity. */
export function parseMemoryMebibytes(text: string): number | undefined {
  const match = MEMORY.exec(text.trim());
  if (!match) return undefined;
  return Math.ceil(Number(match[1]) * MEBIBYTES_PER_UNIT[match[2] ?? '']);
}

/** 250 → `250m`, the form kubectl prints. */
export function formatCpu(millis: number): string {
  return `${millis}m`;
}

/** 512 → `512Mi`. */
export function formatMemory(mebibytes: number): string {
  return `${mebibytes}Mi`;
}
