import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway repository with `config/kubeshift.yaml` committed on `main`. */
export function repoWithConfig(text: string): { root: string; configPath: string } {
  const root = mkdtempSync(join(tmpdir(), 'kubeshift-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(root, 'config'));
  const configPath = join(root, 'config', 'kubeshift.yaml');
  writeFileSync(configPath, text);
  git('add', '.');
  git('commit', '-q', '-m', 'config');
  return { root, configPath };
}
