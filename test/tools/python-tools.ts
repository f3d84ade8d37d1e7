import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Python tools the tests run (checkov, cfn-lint, kubernetes-validate, moto_server), pinned in
 * requirements.txt and installed into the project's git-ignored `.venv/` on first use. A machine
 * needs Python 3 and nothing else; whatever else is on its PATH is never used, so every machine
 * runs the same versions.
 */

const ROOT = join(__dirname, '..', '..');
const VENV = join(ROOT, '.venv');
const REQUIREMENTS = join(__dirname, 'requirements.txt');
/** Written after a complete install: the hash of the requirements it installed. */
const STAMP = join(VENV, '.kubeshift-requirements');

/** A console script of the virtual environment, e.g. `cfn-lint`. */
export function pythonTool(name: string): string {
  return join(VENV, 'bin', name);
}

/** Creates `.venv/` and installs the pinned tools, unless the same requirements are installed. */
export function ensurePythonTools(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted) return;
  const python = process.env.PYTHON ?? 'python3';
  log(`Installing the pinned Python test tools into ${VENV} (first run only)...`);
  rmSync(VENV, { recursive: true, force: true });
  run(python, ['-m', 'venv', VENV], 'create a virtual environment (on Debian: apt-get install python3-venv)');
  run(
    join(VENV, 'bin', 'python'),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS],
    'install test/tools/requirements.txt',
  );
  writeFileSync(STAMP, wanted);
}

function run(command: string, args: string[], what: string): void {
  const options: SpawnSyncOptions = { stdio: ['ignore', 'inherit', 'inherit'] };
  const result = spawnSync(command, args, options);
  if (result.error || result.status !== 0) {
    throw new Error(`cannot ${what}: ${command} ${args.join(' ')} ${result.error ? result.error.message : `exited with ${result.status}`}`);
  }
}
