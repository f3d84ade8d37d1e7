import { loadConfigFile } from '../../config';
import { withAwsErrors } from '../aws';
import { EXIT_NO, EXIT_OK } from '../cli-error';
import type { CommandResult } from '../command-result';
import type { CommonOptions } from '../options';
import type { TargetProblem } from '../../domain/traffic/compare';
import { formatPercent } from '../../domain/traffic/shares';
import { groupLabel } from '../format';
import { readLiveState, type TargetStatus } from '../live-dns/live-state';
import { selectServiceEnvironments } from '../selection';
import { renderTable } from '../table';

/** What a weight-0 target shows instead of a live weight: no record, by design. */
export const NOT_PUBLISHED = 'not published';

/** One problem in a few words. */
export function describeProblem(problem: TargetProblem): string {
  switch (problem.kind) {
    case 'not-in-config':
      return 'not in config';
    case 'published-at-zero':
      return 'published at weight 0';
    case 'record-missing':
      return 'record missing';
    case 'weight':
      return `live ${problem.live} ≠ config ${problem.config}`;
    case 'points-elsewhere':
      return `points at ${problem.live || '(nothing)'}, not ${problem.expected}`;
    case 'no-health-check-attached':
      return 'record has no health check';
    case 'health-check-not-named':
      return `record's health check ${problem.live} is not ${problem.name}`;
    case 'health-check-missing':
      return `no health check named ${problem.name}`;
    case 'health-check-remains':
      return `health check ${problem.name} remains`;
    case 'per-target-missing':
      return `no alias record at ${problem.name}`;
    case 'per-target-elsewhere':
      return `${problem.name} → ${problem.live}, not ${problem.expected.join(' or ')}`;
    case 'no-load-balancer':
      return `no load balancer tagged for ${problem.cluster} · ${problem.environment} · group ${problem.group}`;
  }
}

/** Why a target drifts, in a few words; empty when it does not. */
export function driftMarker(state: Pick<TargetStatus, 'problems'>): string {
  return state.problems.length === 0 ? '' : `✗ ${state.problems.map(describeProblem).join('; ')}`;
}

/** The LIVE cell: the weight, `not published` for a weight-0 target without a record, `—` when missing. */
export function liveCell(state: TargetStatus): string {
  if (state.liveWeight !== null) return String(state.liveWeight);
  return state.recordExpected ? '—' : NOT_PUBLISHED;
}

/** The groups (`auth · production`) with at least one drifting target, in order. */
export function driftedGroups(states: readonly TargetStatus[]): string[] {
  return [...new Set(states.filter((state) => state.drift).map((state) => groupLabel(state.service, state.environment)))];
}

/** The status table and its verdict line: exit 0 when live equals config everywhere, 2 otherwise. */
export function formatStatus(states: readonly TargetStatus[]): CommandResult {
  const rows = states.map((state) => [
    state.service,
    state.environment,
    state.target,
    state.targetName ?? '',
    liveCell(state),
    state.liveShare === null ? '' : formatPercent(state.liveShare),
    state.configWeight === null ? '—' : String(state.configWeight),
    state.health ?? '',
    driftMarker(state),
  ]);
  const table = renderTable(['SERVICE', 'ENVIRONMENT', 'TARGET', 'NAME', 'LIVE', 'SHARE', 'CONFIG', 'HEALTH', 'DRIFT'], rows, [4, 5, 6]);
  const groups = new Set(states.map((state) => groupLabel(state.service, state.environment))).size;
  const drifted = driftedGroups(states);
  const verdict =
    drifted.length === 0
      ? `In sync: all ${groups} record groups match the config.`
      : `Drift: ${drifted.length} of ${groups} record groups differ from the config: ${drifted.join(', ')}.`;
  return { output: `${table}\n\n${verdict}`, exitCode: drifted.length === 0 ? EXIT_OK : EXIT_NO };
}

/** One target as `--json` prints it. */
export function targetJson(state: TargetStatus) {
  return {
    service: state.service,
    environment: state.environment,
    target: state.target,
    recordName: state.recordName,
    targetName: state.targetName ?? null,
    published: state.recordExpected,
    liveWeight: state.liveWeight,
    liveShare: state.liveShare,
    configWeight: state.configWeight,
    configShare: state.configShare,
    drift: state.drift,
    problems: state.problems.map((problem) => ({ ...problem, message: describeProblem(problem) })),
    perTargetAlias: state.perTargetAlias ?? null,
    healthCheckName: state.healthCheckName ?? null,
    healthCheckId: state.healthCheckId ?? state.healthCheckIds?.[0] ?? null,
    health: state.health ?? null,
    liveValue: state.liveValue ?? null,
  };
}

/** The same data for `--json`: one object per target. */
export function statusJson(states: readonly TargetStatus[]): string {
  return JSON.stringify(states.map(targetJson), null, 2);
}

/** `traffic status`: one read of Route 53 (records, aliases, health checks and their status). */
export async function runStatus(options: CommonOptions): Promise<CommandResult> {
  const config = loadConfigFile(options.config);
  const entries = selectServiceEnvironments(config, options);
  const states = await withAwsErrors({ configPath: options.config, hostedZoneId: config.dns.hostedZoneId }, () =>
    readLiveState(config, entries, { health: true }),
  );
  const result = formatStatus(states);
  return options.json ? { output: statusJson(states), exitCode: result.exitCode } : result;
}
