import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The lifetime of the processes one control plane runs. Every PID is written, as soon as it
 * exists, to <dir>/pids (read by a detached watchdog that kills them once the owner process is
 * gone, even by SIGKILL) and to a run record under the cache folder (read by the next run, which
 * kills whatever a dead owner left when its watchdog could not).
 */

export interface TrackedProcess {
  readonly name: string;
  readonly pid: number;
  /** The program's path: a recorded PID is only killed while it still runs this program. */
  readonly exe: string;
}

export interface ProcessExit {
  readonly name: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly logFile: string;
}

interface RunRecord {
  readonly owners: readonly number[];
  readonly dir: string;
  readonly watchdog?: number;
  readonly processes: readonly TrackedProcess[];
}

/** SIGTERM first; a process still running this long after gets SIGKILL. */
export const STOP_GRACE_MS = 5_000;
const POLL_MS = 100;
const PID_FILE = 'pids';
const WATCHDOG_SCRIPT = path.join(__dirname, 'watchdog.sh');
const HAS_PROC = existsSync('/proc/self/stat');

/** Alive and not a zombie (a killed child stays one until its parent reaps it). */
export function isAlive(pid: number): boolean {
  if (HAS_PROC) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Guards against killing an unrelated process that was handed a recycled PID. */
function stillRuns(tracked: TrackedProcess): boolean {
  if (!isAlive(tracked.pid)) return false;
  if (!HAS_PROC) return true;
  try {
    return readlinkSync(`/proc/${tracked.pid}/exe`).startsWith(tracked.exe);
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** SIGTERM, then SIGKILL after the grace period; resolves once none of them is alive. */
export async function terminate(pids: readonly number[], graceMs = STOP_GRACE_MS): Promise<void> {
  const living = () => pids.filter(isAlive);
  living().forEach((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  while (living().length > 0 && Date.now() < deadline) await sleep(POLL_MS);
  living().forEach((pid) => signal(pid, 'SIGKILL'));
  while (living().length > 0) await sleep(POLL_MS);
}

/** The processes whose death means nobody will stop this control plane: us, and whoever started us. */
function defaultOwners(): number[] {
  const INIT_PID = 1;
  return [process.pid, process.ppid].filter((pid) => pid > INIT_PID);
}

function writeRecord(file: string, record: RunRecord): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record, null, 2));
  renameSync(temp, file);
}

/**
 * Kills what control planes of dead owners left running (their watchdog was killed too, or the
 * machine slept through it) and removes their folders. Returns how many such runs it cleaned.
 */
export async function reapLeftovers(recordsDir: string): Promise<number> {
  if (!existsSync(recordsDir)) return 0;
  let cleaned = 0;
  for (const entry of readdirSync(recordsDir).filter((name) => name.endsWith('.json'))) {
    const file = path.join(recordsDir, entry);
    let record: RunRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
    } catch {
      continue; // Being written by its owner right now, or gone already.
    }
    if (record.owners.every(isAlive)) continue;
    for (const tracked of [...record.processes].reverse()) if (stillRuns(tracked)) await terminate([tracked.pid]);
    rmSync(record.dir, { recursive: true, force: true });
    rmSync(file, { force: true });
    cleaned++;
  }
  return cleaned;
}

export class ProcessTracker {
  private readonly children: { readonly tracked: TrackedProcess; readonly child: ChildProcess }[] = [];
  private firstExit: ProcessExit | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    private readonly recordFile: string,
    private readonly owners: readonly number[],
    private watchdogPid: number | undefined,
  ) {}

  /** Starts the watchdog before anything else, so no server ever runs unwatched. */
  static start(dir: string, recordsDir: string, owners: readonly number[] = defaultOwners()): ProcessTracker {
    mkdirSync(recordsDir, { recursive: true });
    const recordFile = path.join(recordsDir, `${process.pid}-${path.basename(dir)}.json`);
    writeFileSync(path.join(dir, PID_FILE), '');
    const tracker = new ProcessTracker(dir, recordFile, owners, undefined);
    tracker.save();
    const graceSeconds = String(Math.ceil(STOP_GRACE_MS / 1000));
    const watchdog = spawn('bash', [WATCHDOG_SCRIPT, dir, recordFile, graceSeconds, ...owners.map(String)], {
      detached: true, // its own session: a Ctrl-C meant for the test run must not end it first
      stdio: 'ignore',
    });
    watchdog.on('error', () => undefined); // reported below: without a watchdog nothing may start
    if (watchdog.pid === undefined) {
      rmSync(recordFile, { force: true });
      throw new Error(`cannot start ${WATCHDOG_SCRIPT} (is bash installed?)`);
    }
    watchdog.unref();
    tracker.watchdogPid = watchdog.pid;
    tracker.save();
    return tracker;
  }

  get processes(): readonly TrackedProcess[] {
    return this.children.map((c) => c.tracked);
  }

  /** The first process that exited before stop(), if any: a control plane missing a part is broken. */
  get unexpectedExit(): ProcessExit | undefined {
    return this.firstExit;
  }

  /** Runs `exe` with its output appended to `logFile` and only `env` set; recorded before this returns. */
  spawn(name: string, exe: string, args: readonly string[], logFile: string, env: NodeJS.ProcessEnv): ChildProcess {
    if (this.stopping) throw new Error(`cannot start ${name}: the control plane is stopping`);
    const log = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(exe, args, { stdio: ['ignore', log, log], env });
    } finally {
      closeSync(log);
    }
    child.on('error', () => undefined); // reported below (no PID) or, for a failed kill, not at all
    if (child.pid === undefined) throw new Error(`cannot start ${name} (${exe})`);
    const tracked = { name, pid: child.pid, exe };
    appendFileSync(path.join(this.dir, PID_FILE), `${tracked.pid} ${name}\n`);
    this.children.push({ tracked, child });
    this.save();
    child.on('exit', (code, sig) => {
      if (!this.stopping) this.firstExit ??= { name, code, signal: sig, logFile };
    });
    return child;
  }

  /** Stops every process in reverse start order, then the watchdog, then removes the run folder and record. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // Last started first: the API server's shutdown hangs while etcd is already gone.
      for (const tracked of [...this.processes].reverse()) await terminate([tracked.pid]);
      rmSync(path.join(this.dir, PID_FILE), { force: true }); // ends the watchdog's loop
      if (this.watchdogPid !== undefined) signal(this.watchdogPid, 'SIGTERM');
      rmSync(this.dir, { recursive: true, force: true });
      rmSync(this.recordFile, { force: true });
    })();
    return this.stopping;
  }

  private save(): void {
    writeRecord(this.recordFile, { owners: this.owners, dir: this.dir, watchdog: this.watchdogPid, processes: this.processes });
  }
}
