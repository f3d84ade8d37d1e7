import { ConfigError, loadConfigFile, parseConfig, serviceEnvironments, type KubeshiftConfig, type ServiceEnvironment } from '../../config';
import { CliError, EXIT_OK } from '../cli-error';
import type { CommonOptions } from '../options';
import { checkFilters, matchesFilters } from '../selection';
import { groupLabel } from '../format';
import { readFileAtRef } from './git';
import { formatPercent, sharesOf } from '../../domain/traffic/shares';
import type { CommandResult } from '../command-result';
import { renderMarkdownTable } from '../table';

/** The ref a pull request merges into, unless `--base` names another. */
export const DEFAULT_BASE_REF = 'main';

export interface TargetChange {
  readonly target: string;
  /** null when the target is new. */
  readonly beforeWeight: number | null;
  /** null when the target is gone. */
  readonly afterWeight: number | null;
  readonly beforeShare: number | null;
  readonly afterShare: number | null;
}

export interface GroupChange {
  readonly service: string;
  readonly environment: string;
  readonly kind: 'changed' | 'added' | 'removed';
  readonly targets: readonly TargetChange[];
}

const key = (entry: ServiceEnvironment) => `${entry.service}\u0000${entry.environment}`;

/** The groups whose weights differ between two configs: head order first, then removed groups. */
export function diffTraffic(base: KubeshiftConfig, head: KubeshiftConfig): GroupChange[] {
  const baseEntries = new Map(serviceEnvironments(base).map((entry) => [key(entry), entry]));
  const headEntries = serviceEnvironments(head);
  const headKeys = new Set(headEntries.map(key));
  const changes: GroupChange[] = [];
  for (const entry of headEntries) {
    const before = baseEntries.get(key(entry));
    if (!before) {
      changes.push(change(entry, 'added', {}, entry.weights));
    } else if (!sameWeights(before.weights, entry.weights)) {
      changes.push(change(entry, 'changed', before.weights, entry.weights));
    }
  }
  for (const [id, entry] of baseEntries) {
    if (!headKeys.has(id)) changes.push(change(entry, 'removed', entry.weights, {}));
  }
  return changes;
}

function sameWeights(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const targets = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...targets].every((target) => a[target] === b[target]);
}

function change(
  entry: ServiceEnvironment,
  kind: GroupChange['kind'],
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): GroupChange {
  const beforeShares = sharesOf(before);
  const afterShares = sharesOf(after);
  const targets = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return {
    service: entry.service,
    environment: entry.environment,
    kind,
    targets: targets.map((target) => ({
      target,
      beforeWeight: before[target] ?? null,
      afterWeight: after[target] ?? null,
      beforeShare: target in before ? beforeShares[target] : null,
      afterShare: target in after ? afterShares[target] : null,
    })),
  };
}

/** `beanstalk 90% → 75%`; a share that stays is written once. */
function describeTarget(change: TargetChange): string {
  const before = change.beforeShare === null ? 'new' : formatPercent(change.beforeShare);
  const after = change.afterShare === null ? 'gone' : formatPercent(change.afterShare);
  return before === after ? `${change.target} ${after}` : `${change.target} ${before} → ${after}`;
}

/** A Markdown table for a pull request: one row per group, one cell per target. */
export function formatTrafficDiff(changes: readonly GroupChange[], baseRef: string): string {
  if (changes.length === 0) return `No traffic changes between \`${baseRef}\` and this change.`;
  const rows = changes.map((change) => {
    const label = groupLabel(change.service, change.environment);
    const suffix = change.kind === 'changed' ? '' : ` (${change.kind === 'added' ? 'new' : 'removed'})`;
    return [`${label}${suffix}`, ...change.targets.map(describeTarget)];
  });
  return renderMarkdownTable(['Service · environment', `Traffic (\`${baseRef}\` → this change)`], rows);
}

export interface DiffOptions extends CommonOptions {
  readonly base?: string;
}

/** `traffic diff`: the config at the base ref against the working tree's. */
export function runDiff(options: DiffOptions): CommandResult {
  const baseRef = options.base ?? DEFAULT_BASE_REF;
  const head = loadConfigFile(options.config);
  const baseText = readFileAtRef(options.config, baseRef);
  let base: KubeshiftConfig;
  try {
    base = parseConfig(baseText);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`the config at git ref "${baseRef}" is invalid: ${error.message}`);
    throw error;
  }
  checkFilters(options, base, head);
  const changes = diffTraffic(base, head).filter((change) => matchesFilters(change, options));
  return { output: options.json ? JSON.stringify(changes, null, 2) : formatTrafficDiff(changes, baseRef), exitCode: EXIT_OK };
}
