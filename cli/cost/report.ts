import type { Resources } from '../../config';
import type { CapacityUnit, CostEstimate, Decrease, LoadBalancerSide, NodeTypeOption } from '../../domain/cost/estimate';
import { CAPACITY_UNIT, LOAD_BALANCER_PRICES_FILE } from '../../domain/cost/load-balancer-prices';
import type { CapacityEstimate, PricedLoadBalancer } from '../../domain/cost/load-balancers';
import type { ClusterPlan, NodeGroupShortfall, ScenarioPlan, ZoneLossCheck } from '../../domain/cost/planner';

/**
 * The estimate as the operator reads it (aligned text) and as scripts read it (`--json`): the
 * same numbers, rounded for people in one and for machines in the other.
 */

/** What the report shows besides the estimate. */
export interface ReportExtras {
  /** Node groups whose maxSize cannot hold the peak. */
  readonly shortfalls: readonly NodeGroupShortfall[];
  /** `--fail-zone`: one check per cluster. */
  readonly zoneLoss?: readonly ZoneLossCheck[];
  /** Each cluster planned on other node types, cheapest first. */
  readonly nodeTypes?: Readonly<Record<string, readonly NodeTypeOption[]>>;
}

/** How many node-type options the text shows (the JSON has them all). */
const NODE_TYPE_OPTIONS_SHOWN = 5;

/** Node-group sizes the plan implies: min to hold steady state, max to hold the peak. */
export interface RecommendedSize {
  readonly cluster: string;
  readonly nodeGroup: string;
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
}

export function recommendedSizes(estimate: CostEstimate): RecommendedSize[] {
  return estimate.kubernetes.clusters.flatMap((cluster) =>
    cluster.steady.nodeGroups.map((group, g) => ({
      cluster: cluster.cluster,
      nodeGroup: group.nodeGroup,
      instanceType: group.instanceType,
      minSize: group.nodes,
      maxSize: Math.max(group.nodes, cluster.peak.nodeGroups[g].nodes),
    })),
  );
}

/** The `--json` document: the issue's required keys first, then the detail. */
export function toJson(estimate: CostEstimate, { shortfalls, zoneLoss, nodeTypes }: ReportExtras): unknown {
  const k = estimate.kubernetes;
  return {
    beanstalk: {
      instances: estimate.beanstalk.instances,
      monthlyCost: money(estimate.beanstalk.monthlyCost),
      loadBalancers: loadBalancerSideJson(estimate.beanstalk.loadBalancers),
      environments: estimate.beanstalk.environments.map((entry) => ({
        ...entry,
        // the instances alone: the environment's load balancer is in loadBalancers.beanstalk
        monthlyCost: money(entry.monthlyCost),
      })),
    },
    kubernetes: {
      instances: k.instances,
      monthlyCost: money(k.monthlyCost),
      loadBalancers: loadBalancerSideJson(k.loadBalancers),
      lowerBound: k.lowerBound,
      efficiency: ratio(k.efficiency),
      peak: { ...k.peak, monthlyCost: money(k.peak.monthlyCost), efficiency: ratio(k.peak.efficiency) },
      clusters: k.clusters.map(clusterJson),
    },
    decrease: { instances: percent(estimate.decrease.instances), cost: percent(estimate.decrease.cost) },
    environments: estimate.environments.map((entry) => ({
      environment: entry.environment,
      beanstalk: {
        instances: entry.beanstalk.instances,
        monthlyCost: money(entry.beanstalk.monthlyCost),
        loadBalancers: loadBalancerSideJson(entry.beanstalk.loadBalancers),
      },
      kubernetes: {
        instances: round(entry.kubernetes.instances, 2),
        monthlyCost: money(entry.kubernetes.monthlyCost),
        loadBalancers: loadBalancerSideJson(entry.kubernetes.loadBalancers),
      },
      decrease: { instances: percent(entry.decrease.instances), cost: percent(entry.decrease.cost) },
    })),
    loadBalancers: {
      assumedTrafficPerServiceEnvironment: estimate.loadBalancers.traffic,
      beanstalk: estimate.loadBalancers.beanstalk.map(loadBalancerJson),
      clusters: estimate.loadBalancers.clusters.map(loadBalancerJson),
    },
    recommendedNodeGroups: recommendedSizes(estimate),
    shortfalls,
    ...(nodeTypes
      ? {
          nodeTypeOptions: Object.fromEntries(
            Object.entries(nodeTypes).map(([cluster, options]) => [
              cluster,
              options.map((option) => ({ ...option, efficiency: ratio(option.efficiency), monthlyCost: money(option.monthlyCost) })),
            ]),
          ),
        }
      : {}),
    ...(zoneLoss ? { zoneLoss: zoneLoss.map(zoneLossJson) } : {}),
    region: estimate.region,
    currency: 'USD',
    hoursPerMonth: 730,
    prices: estimate.prices,
    planDate: estimate.planDate,
    warnings: estimate.warnings,
  };
}

function loadBalancerSideJson(side: LoadBalancerSide): unknown {
  return {
    count: side.count,
    hoursPerMonth: side.hoursPerMonth,
    capacityUnitsPerHour: Object.fromEntries(Object.entries(side.capacityUnitsPerHour).map(([unit, value]) => [unit, round(value, 3)])),
    monthlyCost: money(side.monthlyCost),
    unpriced: side.unpriced,
  };
}

function loadBalancerJson<T extends PricedLoadBalancer>({ capacity, monthlyCost, ...rest }: T): unknown {
  return {
    ...rest,
    capacityUnitsPerHour: round(capacity.unitsPerHour, 4),
    capacityUnit: CAPACITY_UNIT[rest.type].unit,
    dimension: capacity.dimension,
    monthlyCost: monthlyCost === undefined ? null : money(monthlyCost),
  };
}

function clusterJson(cluster: ClusterPlan): unknown {
  const scenario = (plan: ScenarioPlan) => ({
    nodes: plan.nodes,
    lowerBound: plan.lowerBound,
    efficiency: ratio(plan.efficiency),
    monthlyCost: money(plan.monthlyCost),
    coreDnsReplicas: plan.coreDnsReplicas,
    nodeGroups: plan.nodeGroups.map((group) => ({
      nodeGroup: group.nodeGroup,
      instanceType: group.instanceType,
      nodes: group.nodes,
      lowerBound: group.lowerBound,
      nodesPerZone: Object.fromEntries(group.zones.map((zone) => [zone.zone, zone.nodes])),
      pods: group.pods,
      requests: group.requests,
      node: { maxPods: group.node.maxPods, allocatable: group.node.allocatable, freeForPods: group.node.free },
      hourlyPrice: group.hourlyPrice,
      monthlyCost: money(group.monthlyCost),
    })),
    environments: plan.environments.map((share) => ({
      environment: share.environment,
      requests: share.requests,
      share: ratio(share.share),
      instances: round(share.instances, 2),
      monthlyCost: money(share.monthlyCost),
    })),
  });
  return {
    cluster: cluster.cluster,
    zones: cluster.zones,
    controlPlane: cluster.controlPlane,
    controlPlaneMonthlyCost: money(cluster.controlPlaneMonthlyCost),
    steady: scenario(cluster.steady),
    peak: scenario(cluster.peak),
    services: cluster.services,
  };
}

function zoneLossJson(check: ZoneLossCheck): unknown {
  return {
    cluster: check.cluster,
    lostZone: check.lostZone,
    holds: check.holds,
    coreDnsReplicas: check.coreDnsReplicas,
    nodeGroups: check.nodeGroups.map((group) => ({
      nodeGroup: group.nodeGroup,
      instanceType: group.instanceType,
      maxSize: group.maxSize,
      availablePerZone: Object.fromEntries(group.available.map((zone) => [zone.zone, zone.nodes])),
      neededPerZone: Object.fromEntries(group.needed.map((zone) => [zone.zone, zone.nodes])),
    })),
  };
}

/** The human-readable report. */
export function toText(estimate: CostEstimate, { shortfalls, zoneLoss, nodeTypes }: ReportExtras): string {
  const lines: string[] = [];
  const k = estimate.kubernetes;
  lines.push(
    `kubeshift cost: ${estimate.region}, on-demand Linux USD, 730 h/month (prices of ${estimate.prices.retrieved}, a snapshot: --prices FILE for current ones; EKS control plane as of ${estimate.planDate})`,
    '',
    'Beanstalk today (one application per instance)',
  );
  lines.push(
    ...table(
      ['environment', 'instances', 'monthly USD'],
      estimate.environments.map((entry) => [entry.environment, String(entry.beanstalk.instances), usd(entry.beanstalk.monthlyCost)]),
      [false, true, true],
    ),
  );
  const defaulted = estimate.beanstalk.environments.filter((entry) => entry.defaulted);
  if (defaulted.length > 0) {
    lines.push(
      `  defaults used for: ${defaulted.map((entry) => `${entry.service}/${entry.environment} (${entry.instances} × ${entry.instanceType})`).join(', ')}`,
    );
  }
  for (const cluster of k.clusters) {
    lines.push('', `Kubernetes: cluster ${cluster.cluster}, nodes in ${cluster.zones.join(', ')}`);
    lines.push(
      ...table(
        ['node group', 'type', 'steady nodes', 'lower bound', 'efficiency', 'peak nodes', 'config min–max', 'monthly USD'],
        [
          ...cluster.steady.nodeGroups.map((group, g) => {
            const peak = cluster.peak.nodeGroups[g];
            return [
              group.nodeGroup,
              group.instanceType,
              `${group.nodes} (${group.zones.map((zone) => zone.nodes).join('+')})`,
              String(group.lowerBound),
              ratio(group.nodes === 0 ? 1 : group.lowerBound / group.nodes).toFixed(2),
              `${peak.nodes} (${peak.zones.map((zone) => zone.nodes).join('+')})`,
              `${group.minSize}–${group.maxSize}`,
              usd(group.monthlyCost),
            ];
          }),
          ['control plane', controlPlaneType(cluster), '', '', '', '', '', usd(cluster.controlPlaneMonthlyCost)],
        ],
        [false, false, true, true, true, true, true, true],
      ),
    );
    const room = cluster.steady.nodeGroups
      .map((group) => `${group.instanceType} leaves ${resources(group.node.free)} and ${group.node.free.pods} pods for Deployments`)
      .join('; ');
    lines.push(`  per node: ${room} (after kube-reserved, eviction threshold, DaemonSets)`);
    lines.push(`  CoreDNS replicas: ${cluster.steady.coreDnsReplicas} steady, ${cluster.peak.coreDnsReplicas} peak`);
    if (cluster.controlPlane.support === 'extended') {
      lines.push(
        `  control plane: Kubernetes ${cluster.controlPlane.kubernetesVersion} left EKS standard support on ${cluster.controlPlane.standardSupportEnds}: billed at the extended-support rate, ${cluster.controlPlane.hourlyPrice.toFixed(2)} USD/h; upgrading brings back the standard rate`,
      );
    }
    const notStarted = cluster.services.filter((service) => service.notStarted);
    if (notStarted.length > 0) {
      lines.push(
        `  not started, planned here as if moved: ${notStarted.map((service) => `${service.service}/${service.environment}`).join(', ')}`,
      );
    }
    const options = nodeTypes?.[cluster.cluster] ?? [];
    if (options.length > 0) {
      lines.push(`  node types compared: one group of each type, cheapest at steady state first (burstable t2/t3 left out)`);
      lines.push(
        ...table(
          ['type', 'steady–peak nodes', 'efficiency', 'monthly USD'],
          options
            .slice(0, NODE_TYPE_OPTIONS_SHOWN)
            .map((option) => [
              option.instanceType,
              `${option.steadyNodes}–${option.peakNodes}`,
              ratio(option.efficiency).toFixed(2),
              usd(option.monthlyCost),
            ]),
          [false, true, true, true],
        ).map((line) => `  ${line}`),
      );
    }
  }
  lines.push(...loadBalancerText(estimate));
  lines.push('', 'What the move saves (steady state: every service at minReplicas; load balancers included)');
  lines.push(
    ...table(
      ['', 'Beanstalk', 'Kubernetes', 'decrease'],
      [
        ['instances', String(estimate.beanstalk.instances), String(k.instances), pct(estimate.decrease.instances)],
        [
          'load balancers',
          String(estimate.beanstalk.loadBalancers.count),
          String(k.loadBalancers.count),
          pct(countDecrease(estimate.beanstalk.loadBalancers.count, k.loadBalancers.count)),
        ],
        ['monthly USD', usd(estimate.beanstalk.monthlyCost), usd(k.monthlyCost), pct(estimate.decrease.cost)],
        ...estimate.environments.flatMap((entry) => [
          [
            `${entry.environment} instances`,
            String(entry.beanstalk.instances),
            entry.kubernetes.instances.toFixed(1),
            pct(entry.decrease.instances),
          ],
          [`${entry.environment} USD`, usd(entry.beanstalk.monthlyCost), usd(entry.kubernetes.monthlyCost), pct(entry.decrease.cost)],
        ]),
      ],
      [false, true, true, true],
    ),
  );
  lines.push(
    `  packing efficiency ${ratio(k.efficiency).toFixed(2)} (lower bound ${k.lowerBound} / ${k.instances} nodes planned); Kubernetes shares split by requested CPU and memory`,
    `  at peak (maxReplicas): ${k.peak.instances} nodes, ${usd(k.peak.monthlyCost)} USD/month, efficiency ${ratio(k.peak.efficiency).toFixed(2)}`,
    '',
    `Node groups from this plan: ${recommendedSizes(estimate)
      .map((size) => `${size.cluster}/${size.nodeGroup} ${size.instanceType} minSize ${size.minSize}, maxSize ${size.maxSize}`)
      .join('; ')}`,
  );
  for (const shortfall of shortfalls) lines.push(`warning: ${shortfall.message}`);
  for (const check of zoneLoss ?? []) {
    lines.push('', `Zone loss: ${check.lostZone} gone from cluster ${check.cluster}, node groups at maxSize, production at minReplicas`);
    for (const group of check.nodeGroups) {
      const perZone = group.needed.map((zone, z) => `${zone.zone} needs ${zone.nodes} of ${group.available[z].nodes}`).join(', ');
      lines.push(`  ${group.nodeGroup} (${group.instanceType}, maxSize ${group.maxSize}): ${perZone}`);
    }
    lines.push(
      check.holds
        ? `  holds: the remaining zones keep every production pod (CoreDNS at ${check.coreDnsReplicas})`
        : `  does NOT hold: raise maxSize so the remaining zones keep every production pod`,
    );
  }
  return lines.join('\n');
}

/** Both sides' load balancers per environment: count, capacity units, monthly cost; then the clusters' ALBs one by one. */
function loadBalancerText(estimate: CostEstimate): string[] {
  const { traffic, beanstalk, clusters } = estimate.loadBalancers;
  const lines = [
    '',
    `Load balancers (730 h/month each; capacity units estimated for ${traffic.requestsPerSecond} request/s of ${traffic.bytesPerRequest / 1024} KiB per service environment, each on a new connection)`,
    ...table(
      ['environment', 'Beanstalk', 'units/h', 'monthly USD', 'clusters', 'units/h', 'monthly USD'],
      estimate.environments.map((entry) => [
        entry.environment,
        String(entry.beanstalk.loadBalancers.count),
        units(entry.beanstalk.loadBalancers.capacityUnitsPerHour),
        sideCost(entry.beanstalk.loadBalancers),
        String(entry.kubernetes.loadBalancers.count),
        units(entry.kubernetes.loadBalancers.capacityUnitsPerHour),
        sideCost(entry.kubernetes.loadBalancers),
      ]),
      [false, true, true, true, true, true, true],
    ),
  ];
  const inferred = beanstalk.filter((balancer) => balancer.inferred);
  const single = estimate.beanstalk.environments.filter((entry) => entry.loadBalancer.type === 'none');
  lines.push(
    `  Beanstalk: one per load-balanced environment${single.length > 0 ? ` (${single.length} single-instance environments have none)` : ''}` +
      (inferred.length > 0
        ? `; an ALB inferred from 2+ instances for ${inferred.length} (set beanstalk.loadBalancer to say otherwise)`
        : ''),
  );
  for (const balancer of clusters) {
    lines.push(
      `  ${balancer.cluster}/${balancer.environment} group ${balancer.group}: ALB for ${balancer.services.length} services, ${capacity(balancer.capacity, 'LCU')} (${balancer.capacity.dimension})`,
    );
  }
  const { source, retrieved } = estimate.prices.loadBalancers;
  lines.push(
    estimate.loadBalancers.regionSource === undefined
      ? `  prices: none for ${estimate.region} in ${LOAD_BALANCER_PRICES_FILE}: pass --prices with loadBalancers.${estimate.region}`
      : `  prices: ${estimate.loadBalancers.regionSource} (${source}, ${retrieved})`,
  );
  return lines;
}

function units(perHour: LoadBalancerSide['capacityUnitsPerHour']): string {
  const parts = Object.entries(perHour).map(([unit, value]) => `${value.toFixed(2)} ${unit}`);
  return parts.length === 0 ? '0' : parts.join(' + ');
}

function capacity(estimate: CapacityEstimate, unit: CapacityUnit): string {
  return `${estimate.unitsPerHour.toFixed(2)} ${unit}/h`;
}

/** A side's load-balancer cost, saying when some (or all) could not be priced. */
function sideCost(side: LoadBalancerSide): string {
  if (side.unpriced === 0) return usd(side.monthlyCost);
  if (side.unpriced === side.count) return 'not priced';
  return `${usd(side.monthlyCost)} + ${side.unpriced} not priced`;
}

function countDecrease(before: number, after: number): number | null {
  return before > 0 ? ((before - after) / before) * 100 : null;
}

/** The control plane's "type": its Kubernetes version and the support tier it is billed at. */
function controlPlaneType(cluster: ClusterPlan): string {
  return `${cluster.controlPlane.kubernetesVersion}, ${cluster.controlPlane.support} support`;
}

/** Columns padded to their widest cell; `right` aligns numbers. */
function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('   ')}`.trimEnd();
  return [line(header.map((title) => title.toUpperCase())), ...rows.map(line)];
}

function resources(value: Resources): string {
  return `${value.cpuMillis}m CPU, ${value.memoryMebibytes}Mi`;
}

export function usd(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function pct(value: Decrease['cost']): string {
  return value === null ? 'n/a' : `${value.toFixed(1)} %`;
}

function money(value: number): number {
  return round(value, 2);
}

function percent(value: number | null): number | null {
  return value === null ? null : round(value, 1);
}

function ratio(value: number): number {
  return round(value, 3);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
