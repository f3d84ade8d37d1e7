import { ConfigError } from '../config';
import { DomainError } from '../domain/domain-error';
import { CliError, EXIT_ERROR } from './cli-error';

/** How a failed command ends: one line for stderr and an exit code. */
export interface ErrorOutcome {
  readonly line: string;
  readonly exitCode: number;
}

/**
 * The one place an error becomes a line and an exit code. Errors the operator can act on keep
 * their own message; anything else is a bug and says its type, so it is not mistaken for an answer.
 */
export function errorOutcome(error: unknown): ErrorOutcome {
  if (error instanceof CliError) return { line: `kubeshift: ${error.message}`, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { line: `kubeshift: invalid config: ${error.message}`, exitCode: EXIT_ERROR };
  if (error instanceof DomainError) return { line: `kubeshift: ${error.message}`, exitCode: EXIT_ERROR };
  return { line: `kubeshift: ${describe(error)}`, exitCode: EXIT_ERROR };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
