import { type KubeshiftConfig, type ServiceEnvironment, serviceEnvironments } from '../../config';
import { type BeanstalkEnvironment, HOURS_PER_MONTH, beanstalkEnvironments } from './beanstalk';
import { bundledCatalog } from './catalog';
import { CAPACITY_UNIT } from './load-balancer-prices';
import { type LoadBalancerEstimate, type PricedLoadBalancer, estimateLoadBalancers } from './load-balancers';
import { type ClusterPlan, type PlanOptions, PodDoesNotFitError, type ScenarioPlan, planCluster } from './planner';

/**
 * What the move saves: the Beanstalk estate as it runs today against the same service
 * environments packed on the shared clusters, in total and per environment. What the catalog
 * cannot describe or price is left out with a warning, and the estimate goes on without it.
 */

export interface Side {
  readonly instances: number;
  /** Instances (or nodes and control planes) and the load balancers that are priced. */
  readonly monthlyCost: number;
}

/** Load balancers of one side: how many, their capacity units per hour, and what the priced ones cost. */
export interface LoadBalancerSide {
  readonly count: number;
  /** Per unit (LCU, NLCU, or GB for Classic Load Balancers): the estimate per hour. */
  readonly capacityUnitsPerHour: Readonly<Partial<Record<CapacityUnit, number>>>;
  readonly hoursPerMonth: number;
  readonly monthlyCost: number;
  /** Load balancers counted but without a price in the region (a warning names the field). */
  readonly unpriced: number;
}

export type CapacityUnit = (typeof CAPACITY_UNIT)[keyof typeof CAPACITY_UNIT]['unit'];

export interface KubernetesSide extends Side {
  readonly lowerBound: number;
  readonly efficiency: number;
}

/** Decrease from Beanstalk to Kubernetes, in % (null when Beanstalk runs nothing to compare). */
export interface Decrease {
  readonly instances: number | null;
  readonly cost: number | null;
}

export interface EnvironmentComparison {
  readonly environment: string;
  readonly beanstalk: Side & { readonly loadBalancers: LoadBalancerSide };
  /** The environment's share of the shared nodes (by requested resources), steady state, and its own load balancers. */
  readonly kubernetes: Side & { readonly loadBalancers: LoadBalancerSide };
  readonly decrease: Decrease;
}

export interface CostEstimate {
  readonly region: string;
  /** The day the control planes are priced for. */
  readonly planDate: string;
  /** What was left out and why, one line each naming the config field; no line twice. */
  readonly warnings: readonly string[];
  /** The service environments compared: those asked for, less any whose Beanstalk type cannot be priced. */
  readonly entries: readonly ServiceEnvironment[];
  readonly prices: {
    readonly source: string;
    readonly retrieved: string;
    readonly loadBalancers: { readonly source: string; readonly retrieved: string };
  };
  readonly beanstalk: Side & { readonly environments: readonly BeanstalkEnvironment[]; readonly loadBalancers: LoadBalancerSide };
  /** Totals over all clusters at steady state (minReplicas); `peak` at maxReplicas; load balancers in both. */
  readonly kubernetes: KubernetesSide & {
    readonly peak: KubernetesSide;
    readonly clusters: readonly ClusterPlan[];
    readonly loadBalancers: LoadBalancerSide;
  };
  readonly decrease: Decrease;
  readonly environments: readonly EnvironmentComparison[];
  /** Every load balancer of both sides, with the traffic assumed. */
  readonly loadBalancers: LoadBalancerEstimate;
}

export function estimateCost(config: KubeshiftConfig, options: PlanOptions = {}): CostEstimate {
  const catalog = options.catalog ?? bundledCatalog();
  const planDate = options.planDate ?? catalog.eksCalendar.retrieved;
  const asked = options.entries ?? serviceEnvironments(config);
  const estate = beanstalkEnvironments(config, asked, catalog);
  const beanstalk = estate.environments;
  // Both sides or neither: an environment Beanstalk cannot price is not planned on the clusters either.
  const entries = asked.filter((entry) => !estate.leftOut.includes(entry));
  const clusters = config.clusters.map((cluster) => planCluster(config, cluster.name, { catalog, entries, planDate }));
  const loadBalancers = estimateLoadBalancers(config, beanstalk, clusters, catalog);
  const beanstalkBalancers = loadBalancerSide(loadBalancers.beanstalk);
  const clusterBalancers = loadBalancerSide(loadBalancers.clusters);
  const beanstalkSide = {
    instances: sum(beanstalk, (entry) => entry.instances),
    monthlyCost: sum(beanstalk, (entry) => entry.monthlyCost) + beanstalkBalancers.monthlyCost,
  };
  const kubernetes = (scenario: 'steady' | 'peak'): KubernetesSide => {
    const plans: ScenarioPlan[] = clusters.map((cluster) => cluster[scenario]);
    const instances = sum(plans, (plan) => plan.nodes);
    const lowerBound = sum(plans, (plan) => plan.lowerBound);
    return {
      instances,
      monthlyCost: sum(plans, (plan) => plan.monthlyCost) + clusterBalancers.monthlyCost,
      lowerBound,
      efficiency: instances === 0 ? 1 : lowerBound / instances,
    };
  };
  const steady = kubernetes('steady');
  const environments = config.environments.map((environment): EnvironmentComparison => {
    const before = beanstalk.filter((entry) => entry.environment === environment.name);
    const shares = clusters.flatMap((cluster) => cluster.steady.environments.filter((share) => share.environment === environment.name));
    const ownBalancers = <T extends PricedLoadBalancer & { environment: string }>(items: readonly T[]) =>
      loadBalancerSide(items.filter((item) => item.environment === environment.name));
    const beanstalkLbs = ownBalancers(loadBalancers.beanstalk);
    const clusterLbs = ownBalancers(loadBalancers.clusters);
    const beanstalkEnv = {
      instances: sum(before, (entry) => entry.instances),
      monthlyCost: sum(before, (entry) => entry.monthlyCost) + beanstalkLbs.monthlyCost,
      loadBalancers: beanstalkLbs,
    };
    const kubernetesEnv = {
      instances: sum(shares, (share) => share.instances),
      monthlyCost: sum(shares, (share) => share.monthlyCost) + clusterLbs.monthlyCost,
      loadBalancers: clusterLbs,
    };
    return {
      environment: environment.name,
      beanstalk: beanstalkEnv,
      kubernetes: kubernetesEnv,
      decrease: decrease(beanstalkEnv, kubernetesEnv),
    };
  });
  return {
    region: config.region,
    planDate,
    entries,
    warnings: [...new Set([...estate.warnings, ...clusters.flatMap((cluster) => cluster.warnings), ...loadBalancers.warnings])],
    prices: {
      source: catalog.prices.source,
      retrieved: catalog.prices.retrieved,
      loadBalancers: { source: catalog.loadBalancerPrices.source, retrieved: catalog.loadBalancerPrices.retrieved },
    },
    beanstalk: { ...beanstalkSide, environments: beanstalk, loadBalancers: beanstalkBalancers },
    kubernetes: { ...steady, peak: kubernetes('peak'), clusters, loadBalancers: clusterBalancers },
    decrease: decrease(beanstalkSide, steady),
    environments,
    loadBalancers,
  };
}

/** Count, capacity units per hour (per unit) and monthly cost of some load balancers. */
export function loadBalancerSide(items: readonly PricedLoadBalancer[]): LoadBalancerSide {
  const capacityUnitsPerHour: Partial<Record<CapacityUnit, number>> = {};
  for (const item of items) {
    const unit = CAPACITY_UNIT[item.type].unit;
    capacityUnitsPerHour[unit] = (capacityUnitsPerHour[unit] ?? 0) + item.capacity.unitsPerHour;
  }
  return {
    count: items.length,
    capacityUnitsPerHour,
    hoursPerMonth: items.length * HOURS_PER_MONTH,
    monthlyCost: sum(items, (item) => item.monthlyCost ?? 0),
    unpriced: items.filter((item) => item.monthlyCost === undefined).length,
  };
}

/** (before − after) / before in %, or null when there is no before. */
export function decrease(before: Side, after: Side): Decrease {
  const percent = (from: number, to: number) => (from > 0 ? ((from - to) / from) * 100 : null);
  return { instances: percent(before.instances, after.instances), cost: percent(before.monthlyCost, after.monthlyCost) };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** One alternative node type for a cluster: what the plan would be with it alone. */
export interface NodeTypeOption {
  readonly instanceType: string;
  readonly steadyNodes: number;
  readonly peakNodes: number;
  readonly efficiency: number;
  /** Steady state, node group plus control plane. */
  readonly monthlyCost: number;
}

/**
 * Burstable families are left out of the comparison: their CPU is a credit-funded baseline
 * (20–40 % of a vCPU on t3.medium–t3.2xlarge) that a packed node exceeds all day, and unlimited
 * mode bills the surplus, so their list price understates what they cost as nodes.
 */
const BURSTABLE_FAMILY = /^t\d/;

/**
 * The cluster planned on each (non-burstable) instance type the data prices in the region, one
 * node group of that type, cheapest first: how a team picks its node type from the plan.
 * Only types of the architecture the cluster's first node group runs (its images are built for
 * it); types some pod does not fit are left out.
 */
export function nodeTypeOptions(config: KubeshiftConfig, clusterName: string, options: PlanOptions = {}): NodeTypeOption[] {
  const catalog = options.catalog ?? bundledCatalog();
  const first = config.clusters.find((cluster) => cluster.name === clusterName)?.nodeGroups[0];
  const architecture = first && catalog.instances[first.instanceType]?.architecture;
  const priced = Object.keys(catalog.prices.regions[config.region] ?? {}).filter(
    (type) =>
      catalog.instances[type] &&
      !BURSTABLE_FAMILY.test(type) &&
      (architecture === undefined || catalog.instances[type].architecture === architecture),
  );
  return priced
    .flatMap((instanceType) => {
      const clusters = config.clusters.map((cluster) =>
        cluster.name === clusterName ? { ...cluster, nodeGroups: [{ ...cluster.nodeGroups[0], instanceType }] } : cluster,
      );
      try {
        const plan = planCluster({ ...config, clusters }, clusterName, { ...options, catalog });
        return [
          {
            instanceType,
            steadyNodes: plan.steady.nodes,
            peakNodes: plan.peak.nodes,
            efficiency: plan.steady.efficiency,
            monthlyCost: plan.steady.monthlyCost,
          },
        ];
      } catch (error) {
        if (error instanceof PodDoesNotFitError) return [];
        throw error;
      }
    })
    .sort((a, b) => a.monthlyCost - b.monthlyCost || b.efficiency - a.efficiency);
}
