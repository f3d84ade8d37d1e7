/**
 * An invalid config: one field path and what is wrong with it.
 *
 * The message reads `services.auth.environments.production.weights.green: unknown cluster "green"
 * (clusters: blue)` so that the entry point can print it as one line and exit 1.
 */
export class ConfigError extends Error {
  /** Dotted path of the offending field, e.g. `services.auth.port`; empty for the whole file. */
  readonly path: string;
  /** What was expected and what came. */
  readonly reason: string;

  constructor(path: readonly (string | number)[] | string, reason: string) {
    const dotted = typeof path === 'string' ? path : path.map(String).join('.');
    super(dotted ? `${dotted}: ${reason}` : reason);
    this.name = 'ConfigError';
    this.path = dotted;
    this.reason = reason;
  }
}
