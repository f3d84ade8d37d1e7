import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const ROOT = resolve(__dirname, '../..');
/** The package's own `bin` entry, run as an operator would run it. */
const BIN = resolve(ROOT, 'bin/kubeshift.js');

/**
 * Runs the real CLI as a child process. The environment is built from scratch: only the SDK's
 * standard variables point it at the emulator, and nothing from the developer's own AWS setup
 * (a profile, a region) leaks in.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  cwd = ROOT,
  onStderr: (stderrSoFar: string) => void = () => {},
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: env.HOME ?? process.env.HOME,
        AWS_EC2_METADATA_DISABLED: 'true',
        // The SDK warns on Node 20 on every run; the assertions below read stderr.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr(stderr);
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Dummy credentials and the emulator's endpoint, as the SDK's standard chain reads them. */
export function emulatorEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', ...extra };
}
