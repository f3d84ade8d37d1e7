import { CliError } from './cli-error';

/*
 * Flag values are checked here rather than by commander's argument parsers, whose errors print
 * the whole help text: a bad flag gets one line, like every other error.
 */

export function parseWholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`${flag} must be a whole number from ${min} to ${max}, got: ${JSON.stringify(text)}`);
  }
  return value;
}

/** `--by N`: percentage points to add to the target's share. */
export function parseBy(text: string): number {
  return parseWholeNumber('--by', text, 1, 100);
}

/** `--schedule 10,25,50,100`: rising shares in percent. */
export function parseSchedule(text: string): number[] {
  const shares = text.split(',').map((part) => parseWholeNumber('--schedule', part, 1, 100));
  shares.forEach((share, index) => {
    if (index > 0 && share <= shares[index - 1]) {
      throw new CliError(`--schedule must rise, got: ${JSON.stringify(text)} (${share} after ${shares[index - 1]})`);
    }
  });
  return shares;
}

/** `--timeout` and `--interval`, in seconds. */
export function parseSeconds(flag: string, text: string): number {
  return parseWholeNumber(flag, text, 1, 24 * 3600);
}
