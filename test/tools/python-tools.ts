import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Python tools the tests run, pinned and installed into git-ignored virtual environments on
 * first use: cfn-lint, kubernetes-validate and moto_server from requirements.txt into `.venv/`,
 * checkov from requirements-checkov.txt into `.venv-checkov/` (its pins clash with moto's needs).
 * A machine needs Python 3 and nothing else; whatever else is on its PATH is never used, so every
 * machine runs the same versions.
 */

const ROOT = join(__dirname, '..', '..');
const ENVIRONMENTS = {
  tools: { venv: join(ROOT, '.venv'), requirements: 'requirements.txt' },
  checkov: { venv: join(ROOT, '.venv-checkov'), requirements: 'requirements-checkov.txt' },
} as const;
type Environment = keyof typeof ENVIRONMENTS;

/** A console script of a virtual environment, e.g. `cfn-lint`. */
export function pythonTool(name: string, environment: Environment = 'tools'): string {
  return join(ENVIRONMENTS[environment].venv, 'bin', name);
}

/**
 * Creates each virtual environment asked for (all by default) and installs its pinned tools,
 * unless the same requirements are installed.
 */
export function ensurePythonTools(
  environments: readonly Environment[] = Object.keys(ENVIRONMENTS) as Environment[],
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): void {
  for (const environment of environments) {
    const { venv, requirements } = ENVIRONMENTS[environment];
    ensureEnvironment(venv, join(__dirname, requirements), log);
  }
}

function ensureEnvironment(venv: string, requirements: string, log: (line: string) => void): void {
  // Written after a complete install: the hash of the requirements it installed.
  const stamp = join(venv, '.kubeshift-requirements');
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  const python = process.env.PYTHON ?? 'python3';
  log(`Installing the pinned Python test tools into ${venv} (first run only)...`);
  rmSync(venv, { recursive: true, force: true });
  run(python, ['-m', 'venv', venv], 'create a virtual environment (on Debian: apt-get install python3-venv)');
  run(
    join(venv, 'bin', 'python'),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements],
    `install ${requirements}`,
  );
  writeFileSync(stamp, wanted);
}

function run(command: string, args: string[], what: string): void {
  const options: SpawnSyncOptions = { stdio: ['ignore', 'inherit', 'inherit'] };
  const result = spawnSync(command, args, options);
  if (result.error || result.status !== 0) {
    throw new Error(`cannot ${what}: ${command} ${args.join(' ')} ${result.error ? result.error.message : `exited with ${result.status}`}`);
  }
}
