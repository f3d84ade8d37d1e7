import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../cli/atomic-write';

/** Set to make the next rename fail, as a full disk or a vanished directory would. */
let failRename: Error | undefined;
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...actual,
    renameSync: (...args: Parameters<typeof actual.renameSync>) => {
      if (failRename) throw failRename;
      return actual.renameSync(...args);
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubeshift-atomic-'));
});
afterEach(() => {
  failRename = undefined;
});

test('replaces the contents, keeps the permissions, leaves no temporary file', () => {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, 'old', { mode: 0o640 });
  writeFileAtomic(path, 'new');
  expect(readFileSync(path, 'utf8')).toBe('new');
  expect(statSync(path).mode & 0o777).toBe(0o640);
  expect(readdirSync(dir)).toEqual(['config.yaml']);
});

test('a failure before the rename leaves the original whole and cleans up', () => {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, 'old');
  failRename = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  expect(() => writeFileAtomic(path, 'new')).toThrow('ENOSPC');
  expect(readFileSync(path, 'utf8')).toBe('old');
  expect(readdirSync(dir)).toEqual(['config.yaml']);
});
