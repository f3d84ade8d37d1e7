import { loadConfigFile } from '../../config';
import { isRetryLater, withAwsErrors } from '../aws';
import { EXIT_NO, EXIT_OK } from '../cli-error';
import type { CommonOptions } from '../options';
import { readLiveState, type TargetStatus } from '../live-dns/live-state';
import { parseSeconds } from '../parse-options';
import { selectServiceEnvironments } from '../selection';
import type { CommandResult } from '../command-result';
import { driftedGroups, driftMarker, liveCell, statusJson } from './status';
import { renderTable } from '../table';

/** How long `traffic verify` waits by default: Route 53 changes are usually INSYNC within 60 s. */
export const DEFAULT_VERIFY_TIMEOUT_SECONDS = 600;
export const DEFAULT_VERIFY_INTERVAL_SECONDS = 10;

/** The first wait after a throttled read; it doubles up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 60_000;

export interface VerifyOptions {
  /** Reads the live state of the groups being verified. */
  readonly read: () => Promise<TargetStatus[]>;
  readonly timeoutMs: number;
  /** Pause between reads while the records still differ. */
  readonly intervalMs: number;
  /** Called with a one-line progress report before each wait. */
  readonly progress: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default - a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface VerifyOutcome {
  readonly inSync: boolean;
  /** The last state read: all in sync, or what still differs at the timeout. */
  readonly states: TargetStatus[];
  readonly elapsedMs: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the live records until they equal the config or the timeout passes. Throttling and
 * PriorRequestNotComplete (a deploy's change still being applied) are part of waiting for a
 * deploy, so they back off and retry instead of failing the command; any other error fails it.
 */
export async function waitForSync(options: VerifyOptions): Promise<VerifyOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const start = now();
  let backoff = FIRST_BACKOFF_MS;
  let states: TargetStatus[] | undefined;
  for (;;) {
    let wait = options.intervalMs;
    let throttled = false;
    try {
      states = await options.read();
      backoff = FIRST_BACKOFF_MS;
      if (states.every((state) => !state.drift)) return { inSync: true, states, elapsedMs: now() - start };
    } catch (error) {
      if (!isRetryLater(error)) throw error;
      throttled = true;
      wait = backoff;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      options.progress(`Route 53 asks to slow down (${(error as Error).name}); next read in ${Math.round(wait / 1000)}s`);
    }
    const elapsed = now() - start;
    if (elapsed >= options.timeoutMs) {
      if (!states) throw new Error(`no successful read of Route 53 within ${Math.round(options.timeoutMs / 1000)}s: throttled throughout`);
      return { inSync: false, states, elapsedMs: elapsed };
    }
    if (states && !throttled) {
      const drifting = states.filter((state) => state.drift);
      options.progress(
        `waiting: ${drifting.length} record(s) in ${driftedGroups(states).join(', ')} still differ ` +
          `(${Math.round(elapsed / 1000)}s of ${Math.round(options.timeoutMs / 1000)}s)`,
      );
    }
    await sleep(Math.min(wait, options.timeoutMs - elapsed));
  }
}

export interface VerifyCommandOptions extends CommonOptions {
  readonly timeout: string;
  readonly interval: string;
}

/**
 * `traffic verify`: polls Route 53 (and the cluster load balancers' tags) until the live state
 * equals the config, or the timeout: weights, and each cluster's per-target name an alias to the
 * load balancer tagged for its cluster, environment and load-balancer group.
 */
export async function runVerify(options: VerifyCommandOptions): Promise<CommandResult> {
  const timeoutMs = parseSeconds('--timeout', options.timeout) * 1000;
  const intervalMs = parseSeconds('--interval', options.interval) * 1000;
  const config = loadConfigFile(options.config);
  const entries = selectServiceEnvironments(config, options);
  const outcome = await withAwsErrors({ configPath: options.config, hostedZoneId: config.dns.hostedZoneId }, () =>
    waitForSync({
      read: () => readLiveState(config, entries, { health: false, loadBalancers: true }),
      timeoutMs,
      intervalMs,
      progress: (line) => process.stderr.write(`${line}\n`),
    }),
  );
  const seconds = Math.round(outcome.elapsedMs / 1000);
  const differing = outcome.states.filter((state) => state.drift);
  if (options.json) {
    return {
      output: JSON.stringify({ inSync: outcome.inSync, elapsedSeconds: seconds, differing: JSON.parse(statusJson(differing)) }, null, 2),
      exitCode: outcome.inSync ? EXIT_OK : EXIT_NO,
    };
  }
  if (outcome.inSync) {
    return { output: `In sync after ${seconds}s: all ${entries.length} record groups match the config.`, exitCode: EXIT_OK };
  }
  const table = renderTable(
    ['SERVICE', 'ENVIRONMENT', 'TARGET', 'LIVE', 'CONFIG', 'DRIFT'],
    differing.map((state) => [
      state.service,
      state.environment,
      state.target,
      liveCell(state),
      state.configWeight === null ? '—' : String(state.configWeight),
      driftMarker(state),
    ]),
    [3, 4],
  );
  return {
    output: `${table}\n\nStill differs after ${seconds}s: ${driftedGroups(outcome.states).join(', ')}. Has the deploy run (cdk deploy) and succeeded?`,
    exitCode: EXIT_NO,
  };
}
