import type { KubeshiftConfig } from '../../config';
import { type BeanstalkEnvironment, HOURS_PER_MONTH } from './beanstalk';
import type { Catalog } from './catalog';
import { type LoadBalancerType, loadBalancerRate } from './load-balancer-prices';
import type { ClusterPlan } from './planner';

/**
 * The load balancers on both sides and what they cost: Beanstalk's, one per load-balanced
 * environment, against the clusters' Application Load Balancers, one per cluster × environment ×
 * `loadBalancerGroup` in use. Each is billed per hour (730 a month) and per capacity unit; the
 * units come from an assumed traffic, since the config says nothing of requests.
 */

/**
 * One LCU of an Application Load Balancer: per hour the LCUs billed are the highest of these four
 * dimensions, and the first 10 rules a request is evaluated against are free
 * (https://aws.amazon.com/elasticloadbalancing/pricing/).
 */
export const ALB_LCU = {
  newConnectionsPerSecond: 25,
  activeConnectionsPerMinute: 3000,
  /** For instance, container and IP targets (0.4 GB for Lambda targets). */
  gigabytesPerHour: 1,
  ruleEvaluationsPerSecond: 1000,
  freeRulesPerRequest: 10,
} as const;

/** One NLCU of a Network Load Balancer for TCP, the listener Beanstalk gives it (same page). */
export const NLB_TCP_NLCU = { newConnectionsPerSecond: 800, activeConnections: 100_000, gigabytesPerHour: 1 } as const;

const BYTES_PER_GIGABYTE = 1e9;
const SECONDS_PER_HOUR = 3600;

/** What a load balancer carries for one service environment. */
export interface Traffic {
  readonly requestsPerSecond: number;
  /** Request and response together, headers included. */
  readonly bytesPerRequest: number;
}

/**
 * The traffic assumed for every service environment: a mostly idle service, whose load balancer
 * mostly answers health checks. One Route 53 health check alone brings "several requests per
 * second ... followed by a few seconds with no health checks at all"
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html),
 * about one a second on average, each a new HTTPS connection with a small response. The same
 * traffic is assumed on both sides, so that the comparison shows what the count of load balancers
 * and the rules per load balancer change, not a guess at each service's load.
 */
export const IDLE_SERVICE_TRAFFIC: Traffic = { requestsPerSecond: 1, bytesPerRequest: 4096 };

export type CapacityDimension = 'new connections' | 'active connections' | 'processed bytes' | 'rule evaluations';

/** Capacity units a load balancer uses per hour (LCU, NLCU, or GB for a Classic Load Balancer) and the dimension that sets them. */
export interface CapacityEstimate {
  readonly unitsPerHour: number;
  readonly dimension: CapacityDimension;
}

/**
 * The capacity units per hour of a load balancer in front of `services` service environments
 * that each bring `traffic`, with `rules` listener rules besides the default action. Every request
 * is taken to open a connection (health checkers and short-lived clients do; keep-alive only
 * lowers the count) that is active within the minute it was opened; an Application Load Balancer
 * evaluates a request against its host rules in priority order until one matches, so with traffic
 * spread evenly a request meets (rules + 1) / 2 of them.
 */
export function capacityEstimate(
  type: LoadBalancerType,
  services: number,
  rules: number,
  traffic: Traffic = IDLE_SERVICE_TRAFFIC,
): CapacityEstimate {
  const requestsPerSecond = services * traffic.requestsPerSecond;
  const gigabytesPerHour = (requestsPerSecond * traffic.bytesPerRequest * SECONDS_PER_HOUR) / BYTES_PER_GIGABYTE;
  if (type === 'classic') return { unitsPerHour: gigabytesPerHour, dimension: 'processed bytes' };
  const activeConnections = requestsPerSecond * 60;
  const dimensions: [CapacityDimension, number][] =
    type === 'application'
      ? [
          ['new connections', requestsPerSecond / ALB_LCU.newConnectionsPerSecond],
          ['active connections', activeConnections / ALB_LCU.activeConnectionsPerMinute],
          ['processed bytes', gigabytesPerHour / ALB_LCU.gigabytesPerHour],
          [
            'rule evaluations',
            (requestsPerSecond * Math.max(0, (rules > 0 ? (rules + 1) / 2 : 0) - ALB_LCU.freeRulesPerRequest)) /
              ALB_LCU.ruleEvaluationsPerSecond,
          ],
        ]
      : [
          ['new connections', requestsPerSecond / NLB_TCP_NLCU.newConnectionsPerSecond],
          ['active connections', activeConnections / NLB_TCP_NLCU.activeConnections],
          ['processed bytes', gigabytesPerHour / NLB_TCP_NLCU.gigabytesPerHour],
        ];
  const [dimension, unitsPerHour] = dimensions.reduce((highest, candidate) => (candidate[1] > highest[1] ? candidate : highest));
  return { unitsPerHour, dimension };
}

export interface PricedLoadBalancer {
  readonly type: LoadBalancerType;
  readonly capacity: CapacityEstimate;
  /** Hours and capacity units for a month; absent when the region has no price for the type (one warning says so). */
  readonly monthlyCost?: number;
}

/** A Beanstalk environment's own load balancer. */
export interface BeanstalkLoadBalancer extends PricedLoadBalancer {
  readonly service: string;
  readonly environment: string;
  /** The type came from the instance count, not from `beanstalk.loadBalancer`. */
  readonly inferred: boolean;
}

/** One Application Load Balancer of a cluster: an environment's `loadBalancerGroup` on it. */
export interface ClusterLoadBalancer extends PricedLoadBalancer {
  readonly cluster: string;
  readonly environment: string;
  readonly group: number;
  /** The services it routes to, one host rule each. */
  readonly services: readonly string[];
}

export interface LoadBalancerEstimate {
  readonly region: string;
  readonly beanstalk: readonly BeanstalkLoadBalancer[];
  readonly clusters: readonly ClusterLoadBalancer[];
  readonly traffic: Traffic;
  /** Where the region's prices were read; absent when the data has none for it. */
  readonly regionSource?: string;
  /** Prices that are missing, one line each naming the config field; the counts stand without them. */
  readonly warnings: readonly string[];
}

/**
 * Both sides' load balancers, priced in the config's region. The Beanstalk side is the
 * environments compared (`beanstalk`); the cluster side is what the plans place on each cluster
 * (`clusters`: those whose weights name it, weight 0 included, and the not-started ones on the
 * first cluster, as the node plan counts them).
 */
export function estimateLoadBalancers(
  config: KubeshiftConfig,
  beanstalk: readonly BeanstalkEnvironment[],
  clusters: readonly ClusterPlan[],
  catalog: Catalog,
): LoadBalancerEstimate {
  const table = catalog.loadBalancerPrices;
  const region = config.region;
  /** Per missing price, the fields that would need it, in order. */
  const missing = new Map<string, string[]>();
  const price = (type: LoadBalancerType, capacity: CapacityEstimate, field: string): number | undefined => {
    const found = loadBalancerRate(table, region, type);
    if (found.missing !== undefined) {
      // With no prices for the region at all, the region is the field to name, once.
      const named = table.regions[region] ? field : 'region';
      missing.set(found.missing, [...(missing.get(found.missing) ?? []), named]);
      return undefined;
    }
    return (found.rate.perHour + capacity.unitsPerHour * found.rate.perUnit) * HOURS_PER_MONTH;
  };

  const beanstalkSide = beanstalk.flatMap((entry): BeanstalkLoadBalancer[] => {
    const type = entry.loadBalancer.type;
    if (type === 'none') return [];
    // Beanstalk's listener forwards everything with its default action: no rules to evaluate.
    const capacity = capacityEstimate(type, 1, 0);
    const field = `services.${entry.service}.environments.${entry.environment}.beanstalk.loadBalancer`;
    return [
      {
        service: entry.service,
        environment: entry.environment,
        type,
        inferred: entry.loadBalancer.inferred,
        capacity,
        monthlyCost: price(type, capacity, field),
      },
    ];
  });

  const environmentOrder = config.environments.map((environment) => environment.name);
  const clusterSide = clusters.flatMap((cluster) => {
    const groups = new Map<string, { environment: string; group: number; services: string[] }>();
    for (const placed of cluster.services) {
      const key = `${placed.environment}/${placed.loadBalancerGroup}`;
      const entry = groups.get(key) ?? { environment: placed.environment, group: placed.loadBalancerGroup, services: [] };
      entry.services.push(placed.service);
      groups.set(key, entry);
    }
    return [...groups.values()]
      .sort((a, b) => environmentOrder.indexOf(a.environment) - environmentOrder.indexOf(b.environment) || a.group - b.group)
      .map((group): ClusterLoadBalancer => {
        const capacity = capacityEstimate('application', group.services.length, group.services.length);
        return {
          cluster: cluster.cluster,
          environment: group.environment,
          group: group.group,
          services: group.services,
          type: 'application',
          capacity,
          monthlyCost: price('application', capacity, 'region'),
        };
      });
  });

  const warnings = [...missing].map(([problem, fields]) => {
    const [first, ...others] = [...new Set(fields)];
    const more = others.length === 0 ? '' : ` (and ${others.length} more)`;
    return `${first}${more}: ${problem}; load balancers counted, not priced`;
  });
  return {
    region,
    beanstalk: beanstalkSide,
    clusters: clusterSide,
    traffic: IDLE_SERVICE_TRAFFIC,
    regionSource: table.regions[region]?.source,
    warnings,
  };
}
