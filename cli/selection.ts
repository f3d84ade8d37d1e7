import { serviceEnvironments, type KubeshiftConfig, type ServiceEnvironment } from '../config';
import { CliError } from './cli-error';

/** The `--service` / `--env` filters. */
export interface Filters {
  readonly service?: string;
  readonly env?: string;
}

/**
 * Refuses a filter that names no service or environment of the configs given: "no drift" or "no
 * changes" for a typo would be a lie.
 */
export function checkFilters(filters: Filters, ...configs: readonly KubeshiftConfig[]): void {
  const services = [...new Set(configs.flatMap((config) => config.services.map((service) => service.name)))];
  const environments = [...new Set(configs.flatMap((config) => config.environments.map((environment) => environment.name)))];
  if (filters.service !== undefined && !services.includes(filters.service)) {
    throw new CliError(`unknown service "${filters.service}" (services: ${services.join(', ')})`);
  }
  if (filters.env !== undefined && !environments.includes(filters.env)) {
    throw new CliError(`unknown environment "${filters.env}" (environments: ${environments.join(', ')})`);
  }
}

/** Whether an entry passes the filters (each filter left out passes everything). */
export function matchesFilters(entry: { readonly service: string; readonly environment: string }, filters: Filters): boolean {
  return (
    (filters.service === undefined || entry.service === filters.service) && (filters.env === undefined || entry.environment === filters.env)
  );
}

/** The service environments the filters pick, in config order; an empty pick is an error. */
export function selectServiceEnvironments(config: KubeshiftConfig, filters: Filters): ServiceEnvironment[] {
  const all = serviceEnvironments(config);
  checkFilters(filters, config);
  const selected = all.filter((entry) => matchesFilters(entry, filters));
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
