/** Exit codes shared by every command: 0 all good, 2 the answer is "no", 1 an error. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_NO = 2;

/**
 * A failure the operator can act on, printed as one line without a stack trace. Throw it with
 * EXIT_NO when the command worked but the answer is "no" (refused, not safe).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ERROR,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
