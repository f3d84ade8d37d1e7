import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { runRecordsDir } from './cache';
import { freeLoopbackPorts } from './ports';
import { ProcessTracker } from './process-tracker';

/**
 * `kubeshift delivery serve` as a child process, the way an operator runs it: the real command
 * line through tsx, secrets in its environment. It is tracked like the control plane's own
 * processes, so a killed test run leaves no receiver behind.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(REPO_ROOT, 'bin', 'kubeshift.ts');
const START_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

export interface Receiver {
  /** http://127.0.0.1:<port>/webhook */
  readonly webhookUrl: string;
  /** What the receiver logged so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

export async function startReceiver(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Receiver> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeshift-delivery-'));
  const tracker = ProcessTracker.start(dir, runRecordsDir());
  const logFile = path.join(dir, 'serve.log');
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  try {
    const [port] = await freeLoopbackPorts(1);
    const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
    tracker.spawn(
      'kubeshift-delivery',
      process.execPath,
      ['--import', tsxLoader, ENTRY, 'delivery', 'serve', ...args, '--port', String(port)],
      logFile,
      { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env },
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const exit = tracker.unexpectedExit;
      if (exit) throw new Error(`delivery serve exited (${exit.code ?? exit.signal}):\n${log()}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((response) => response.ok)
        .catch(() => false);
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`delivery serve did not answer in ${START_TIMEOUT_MS} ms:\n${log()}`);
      await sleep(POLL_MS);
    }
    return { webhookUrl: `http://127.0.0.1:${port}/webhook`, log, stop: () => tracker.stop() };
  } catch (error) {
    await tracker.stop();
    throw error;
  }
}

export interface CommandRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one `kubeshift` command to its end, with exactly `env` (and PATH) in its environment. */
export function runKubeshift(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CommandRun> {
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', tsxLoader, ENTRY, ...args],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: START_TIMEOUT_MS * 2, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (status === null) reject(error ?? new Error('kubeshift did not exit'));
        else resolve({ status, stdout, stderr });
      },
    );
  });
}
