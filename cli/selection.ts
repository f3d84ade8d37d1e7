import { CliError } from '../cli-error';
import { serviceEnvironments, type KubeshiftConfig, type ServiceEnvironment } from '../../config';

/** The `--service` / `--env` filters. */
export interface Filters {
  readonly service?: string;
  readonly env?: string;
}

/**
 * The service environments the filters pick, in config order. A filter that names nothing in the
 * config is an error rather than an empty answer: "no drift" for a typo would be a lie.
 */
export function selectServiceEnvironments(config: KubeshiftConfig, filters: Filters): ServiceEnvironment[] {
  const all = serviceEnvironments(config);
  if (filters.service !== undefined && !config.services.some((service) => service.name === filters.service)) {
    throw new CliError(`unknown service "${filters.service}" (services: ${config.services.map((service) => service.name).join(', ')})`);
  }
  if (filters.env !== undefined && !config.environments.some((environment) => environment.name === filters.env)) {
    throw new CliError(
      `unknown environment "${filters.env}" (environments: ${config.environments.map((environment) => environment.name).join(', ')})`,
    );
  }
  const selected = all.filter(
    (entry) =>
      (filters.service === undefined || entry.service === filters.service) &&
      (filters.env === undefined || entry.environment === filters.env),
  );
  if (selected.length === 0) {
    const has = all.filter((entry) => entry.service === filters.service).map((entry) => entry.environment);
    throw new CliError(`service "${filters.service}" does not run in environment "${filters.env}" (it runs in: ${has.join(', ')})`);
  }
  return selected;
}

/** Exactly one service environment: commands that change or judge one group need both filters. */
export function selectOne(config: KubeshiftConfig, filters: Filters, command: string): ServiceEnvironment {
  if (filters.service === undefined || filters.env === undefined) {
    throw new CliError(`${command} needs --service and --env`);
  }
  return selectServiceEnvironments(config, filters)[0];
}
