import { execFileSync } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';
import { CliError } from '../cli-error';

/**
 * A file's text at a git ref, e.g. the config on `main`. `git show <ref>:./<name>` run in the
 * file's own directory resolves the path against the repository root, wherever the command was
 * started from.
 */
export function readFileAtRef(path: string, ref: string): string {
  // `git show --output=...` would be an option, not a ref.
  if (ref === '' || ref.startsWith('-')) {
    throw new CliError(`not a git ref: ${JSON.stringify(ref)}`);
  }
  const absolute = resolve(path);
  try {
    return execFileSync('git', ['show', `${ref}:./${basename(absolute)}`], {
      cwd: dirname(absolute),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    const reason = failure.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : firstLine(failure.stderr) || failure.message;
    throw new CliError(`cannot read ${path} at git ref "${ref}": ${reason}`);
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? '')
    .trim()
    .split('\n')[0]
    .replace(/^fatal: /, '');
}

/**
 * The commits that changed a file, newest first (at most `maxCount`); empty when the file is not
 * in a git repository or git is missing, since callers then fall back to asking the operator.
 */
export function commitsTouching(path: string, maxCount: number): string[] {
  const absolute = resolve(path);
  try {
    return execFileSync('git', ['log', `--max-count=${maxCount}`, '--format=%H', '--', basename(absolute)], {
      cwd: dirname(absolute),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}
