import type { KubeshiftConfig, ServiceEnvironment } from '../../config';
import { type Catalog, lookupPricedInstance } from './catalog';
import type { LoadBalancerType } from './load-balancer-prices';

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

/**
 * What fronts a Beanstalk environment. Without `beanstalk.loadBalancer` the planner infers it from
 * the instance count: one instance is a single-instance environment, which has no load balancer
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features-managing-env-types.html);
 * more than one needs one, taken to be an Application Load Balancer (set the key for classic or network).
 */
export interface BeanstalkFront {
  readonly type: LoadBalancerType | 'none';
  /** True when the type came from the instance count, not from `beanstalk.loadBalancer`. */
  readonly inferred: boolean;
}

export interface BeanstalkEnvironment {
  readonly service: string;
  readonly environment: string;
  readonly instanceType: string;
  readonly instances: number;
  /** The instances alone; the load balancer is priced beside them (`load-balancers.ts`). */
  readonly monthlyCost: number;
  /** True when the type or the count came from the defaults above. */
  readonly defaulted: boolean;
  readonly loadBalancer: BeanstalkFront;
}

/** The load balancer an environment of `instances` instances has, as configured or inferred. */
export function beanstalkFront(configured: BeanstalkFront['type'] | undefined, instances: number): BeanstalkFront {
  if (configured !== undefined) return { type: configured, inferred: false };
  return { type: instances > 1 ? 'application' : 'none', inferred: true };
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

/** What runs on Beanstalk today, and the environments left out because the catalog lacks their type or its price. */
export interface BeanstalkEstate {
  readonly environments: readonly BeanstalkEnvironment[];
  /** Left out: without today's cost, their share of the clusters would count as savings. */
  readonly leftOut: readonly ServiceEnvironment[];
  /** One line per environment left out, naming the config field. */
  readonly warnings: readonly string[];
}

/** What each service environment runs on Beanstalk today, priced in the config's region. */
export function beanstalkEnvironments(config: KubeshiftConfig, entries: readonly ServiceEnvironment[], catalog: Catalog): BeanstalkEstate {
  const production = productionEnvironment(config);
  const environments: BeanstalkEnvironment[] = [];
  const leftOut: ServiceEnvironment[] = [];
  const warnings: string[] = [];
  for (const entry of entries) {
    if (!entry.beanstalk) continue;
    const field = `services.${entry.service}.environments.${entry.environment}.beanstalk.instanceType`;
    const instanceType = entry.beanstalk.instanceType ?? DEFAULT_BEANSTALK_INSTANCE_TYPE;
    const instances = entry.beanstalk.instances ?? (entry.environment === production ? DEFAULT_PRODUCTION_INSTANCES : DEFAULT_INSTANCES);
    const priced = lookupPricedInstance(catalog, config.region, instanceType, field);
    if (priced.problem !== undefined) {
      leftOut.push(entry);
      warnings.push(`${priced.problem}; left out of the report`);
      continue;
    }
    environments.push({
      service: entry.service,
      environment: entry.environment,
      instanceType,
      instances,
      monthlyCost: instances * priced.value.hourlyPrice * HOURS_PER_MONTH,
      defaulted: entry.beanstalk.instanceType === undefined || entry.beanstalk.instances === undefined,
      loadBalancer: beanstalkFront(entry.beanstalk.loadBalancer, instances),
    });
  }
  return { environments, leftOut, warnings };
}
