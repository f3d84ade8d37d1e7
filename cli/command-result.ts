/** What a command prints and how it exits: every command returns one, only `emit` prints it. */
export interface CommandResult {
  readonly output: string;
  readonly exitCode: number;
}

/** Prints a command's result on stdout and sets the process's exit code (errors go through bin/). */
export function emit(result: CommandResult): void {
  process.stdout.write(`${result.output}\n`);
  process.exitCode = result.exitCode;
}
