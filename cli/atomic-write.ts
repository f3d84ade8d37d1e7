import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's contents all at once: writes a temporary file beside it, flushes it, then
 * renames it over the original. A crash or a full disk leaves the old file whole, never half a
 * config. The temporary file sits in the same directory because rename is atomic only within one
 * file system; it keeps the original's permissions.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.kubeshift-${process.pid}.tmp`);
  const mode = statSync(path).mode & 0o777;
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w', mode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone (or never made): the original is untouched either way.
    }
    throw error;
  }
}
