import { loadConfigFile } from '../../config';
import { withAwsErrors } from '../aws';
import { EXIT_NO, EXIT_OK } from '../cli-error';
import type { CommandResult } from '../command-result';
import type { CommonOptions } from '../options';
import { formatPercent } from '../../domain/traffic/shares';
import { groupLabel } from '../format';
import { readLiveState, type TargetStatus } from '../live-dns/live-state';
import { selectServiceEnvironments } from '../selection';
import { renderTable } from '../table';

/** Why a target drifts, in a few words; empty when it does not. */
export function driftMarker(state: TargetStatus): string {
  if (!state.drift) return '';
  if (state.configWeight === null) return '✗ not in config';
  if (!state.recordExpected) return '✗ record not expected';
  if (state.liveWeight === null) return '✗ record missing';
  return `✗ live ${state.liveWeight} ≠ config ${state.configWeight}`;
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
    state.liveWeight === null ? (state.recordExpected ? '—' : 'no record') : String(state.liveWeight),
    state.liveShare === null ? '' : formatPercent(state.liveShare),
    state.configWeight === null ? '—' : String(state.configWeight),
    state.healthCheckId ? (state.health ?? '') : '',
    driftMarker(state),
  ]);
  const table = renderTable(['SERVICE', 'ENVIRONMENT', 'TARGET', 'LIVE', 'SHARE', 'CONFIG', 'HEALTH', 'DRIFT'], rows, [3, 4, 5]);
  const groups = new Set(states.map((state) => groupLabel(state.service, state.environment))).size;
  const drifted = driftedGroups(states);
  const verdict =
    drifted.length === 0
      ? `In sync: all ${groups} record groups match the config.`
      : `Drift: ${drifted.length} of ${groups} record groups differ from the config: ${drifted.join(', ')}.`;
  return { output: `${table}\n\n${verdict}`, exitCode: drifted.length === 0 ? EXIT_OK : EXIT_NO };
}

/** The same data for `--json`: one object per target. */
export function statusJson(states: readonly TargetStatus[]): string {
  return JSON.stringify(
    states.map((state) => ({
      service: state.service,
      environment: state.environment,
      target: state.target,
      recordName: state.recordName,
      liveWeight: state.liveWeight,
      liveShare: state.liveShare,
      configWeight: state.configWeight,
      configShare: state.configShare,
      drift: state.drift,
      recordExpected: state.recordExpected,
      healthCheckId: state.healthCheckId ?? null,
      health: state.healthCheckId ? (state.health ?? null) : null,
      liveValue: state.liveValue ?? null,
    })),
    null,
    2,
  );
}

/** `traffic status`: one read of Route 53 (and the health checks' metrics). */
export async function runStatus(options: CommonOptions): Promise<CommandResult> {
  const config = loadConfigFile(options.config);
  const entries = selectServiceEnvironments(config, options);
  const states = await withAwsErrors({ configPath: options.config, hostedZoneId: config.dns.hostedZoneId }, () =>
    readLiveState(config, entries, { health: true }),
  );
  const result = formatStatus(states);
  return options.json ? { output: statusJson(states), exitCode: result.exitCode } : result;
}
