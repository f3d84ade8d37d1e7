import type { KubeshiftConfig, ServiceEnvironment } from '../../config';
import { type Catalog, hourlyPrice, instanceFacts } from './catalog';

/**
 * The Beanstalk side: what runs today, one application per instance, from each service
 * environment's `beanstalk` block. A service environment without one never ran on Beanstalk.
 */

/** Instance type when `beanstalk.instanceType` is absent: the first of the Beanstalk console's defaults (t3.micro, t3.small). */
export const DEFAULT_BEANSTALK_INSTANCE_TYPE = 't3.micro';
/**
 * Instances in production when `beanstalk.instances` is absent: a load-balanced environment in
 * at least two Availability Zones, as Beanstalk's high-availability practice requires.
 */
export const DEFAULT_PRODUCTION_INSTANCES = 2;
/** Instances elsewhere when absent: a single-instance environment, Beanstalk's cheapest type. */
export const DEFAULT_INSTANCES = 1;

/** Hours in a month, as AWS's pricing calculator counts them. */
export const HOURS_PER_MONTH = 730;

export interface BeanstalkEnvironment {
  readonly service: string;
  readonly environment: string;
  readonly instanceType: string;
  readonly instances: number;
  readonly monthlyCost: number;
  /** True when the type or the count came from the defaults above. */
  readonly defaulted: boolean;
}

/**
 * The production environment: the one named `production`, else the one with the highest
 * priority (the environment Kubernetes evicts last).
 */
export function productionEnvironment(config: KubeshiftConfig): string | undefined {
  const named = config.environments.find((environment) => environment.name === 'production');
  if (named) return named.name;
  return [...config.environments].sort((a, b) => b.priority - a.priority)[0]?.name;
}

/** What each service environment runs on Beanstalk today, priced in the config's region. */
export function beanstalkEnvironments(
  config: KubeshiftConfig,
  entries: readonly ServiceEnvironment[],
  catalog: Catalog,
): BeanstalkEnvironment[] {
  const production = productionEnvironment(config);
  return entries.flatMap((entry) => {
    if (!entry.beanstalk) return [];
    const where = `services.${entry.service}.environments.${entry.environment}.beanstalk`;
    const instanceType = entry.beanstalk.instanceType ?? DEFAULT_BEANSTALK_INSTANCE_TYPE;
    const instances = entry.beanstalk.instances ?? (entry.environment === production ? DEFAULT_PRODUCTION_INSTANCES : DEFAULT_INSTANCES);
    instanceFacts(catalog, instanceType, where);
    const hourly = hourlyPrice(catalog, config.region, instanceType, where);
    return [
      {
        service: entry.service,
        environment: entry.environment,
        instanceType,
        instances,
        monthlyCost: instances * hourly * HOURS_PER_MONTH,
        defaulted: entry.beanstalk.instanceType === undefined || entry.beanstalk.instances === undefined,
      },
    ];
  });
}
