import {
  BEANSTALK,
  type ClusterConfig,
  type KubeshiftConfig,
  type NodeGroupConfig,
  type Resources,
  type ServiceEnvironment,
  serviceEnvironments,
} from '../../config';
import { DomainError } from '../domain-error';
import { dealOverZones } from '../zonal-node-groups';

/** A pod whose requests fit no node group of its cluster: the plan cannot be made with these nodes. */
export class PodDoesNotFitError extends DomainError {
  override readonly name = 'PodDoesNotFitError';
}
import { HOURS_PER_MONTH, productionEnvironment } from './beanstalk';
import { type Catalog, type ControlPlanePrice, bundledCatalog, controlPlanePrice, lookupInstance, lookupPrice } from './catalog';
import { type NodeShape, fitsNode, nodeShape } from './node-capacity';
import { type Workload, type ZonePacking, pack, totalRequests } from './packing';
import { COREDNS, SYSTEM_DEPLOYMENTS, coreDnsReplicas } from './system-pods';

/**
 * The Kubernetes side: every pod of every service environment a cluster runs, plus the system
 * pods, packed onto the cluster's node groups at steady state (minReplicas) and at peak
 * (maxReplicas). Pure: typed config and the bundled data in, numbers out; the CDK app calls
 * `nodeGroupCapacityShortfalls` during synth.
 *
 * Several node groups: each pod goes to the first group, in config order, whose node can hold
 * it. List the general-purpose group first and a larger one after it for the pods that need it.
 *
 * A node group whose type the catalog lacks (or cannot price, when pricing) is left out with a
 * warning and the cluster planned on the others; with none left, the cluster's services are
 * left out too. The warnings travel with the plan; the CLI prints them.
 */

export type Scenario = 'steady' | 'peak';
export const SCENARIOS: readonly Scenario[] = ['steady', 'peak'];

export interface PlanOptions {
  /** @default - the bundled data files */
  readonly catalog?: Catalog;
  /** The service environments to plan. @default - every one in the config */
  readonly entries?: readonly ServiceEnvironment[];
  /**
   * The day (YYYY-MM-DD, UTC) the control plane is priced for: past its version's end of
   * standard support, EKS bills the extended-support rate. The CLI passes today.
   * @default - the day the EKS calendar was read (`eksCalendar.retrieved`), so that a plan stays pure
   */
  readonly planDate?: string;
}

/** One service environment as the cluster runs it. */
export interface PlacedService {
  readonly service: string;
  readonly environment: string;
  /** Requests of one pod, as the charts set them (zero for BestEffort). */
  readonly requests: Resources;
  readonly replicas: Readonly<Record<Scenario, number>>;
  readonly nodeGroup: string;
  /** True when its weights name no cluster yet: planned on the first cluster, as if moved. */
  readonly notStarted: boolean;
  /** Which of its environment's load balancers on the cluster serves it. */
  readonly loadBalancerGroup: number;
}

export interface NodeGroupPacking {
  readonly nodeGroup: string;
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly node: NodeShape;
  readonly nodes: number;
  readonly lowerBound: number;
  readonly zones: readonly ZonePacking[];
  readonly pods: number;
  readonly requests: Resources;
}

export interface ScenarioPacking {
  readonly nodes: number;
  readonly lowerBound: number;
  /** lowerBound / nodes: 1 is a perfect packing. */
  readonly efficiency: number;
  readonly coreDnsReplicas: number;
  readonly nodeGroups: readonly NodeGroupPacking[];
}

/** A cluster's plan without prices: what the synth warning needs. */
export interface ClusterPacking {
  readonly cluster: string;
  readonly zones: readonly string[];
  readonly services: readonly PlacedService[];
  readonly steady: ScenarioPacking;
  readonly peak: ScenarioPacking;
  /** Node groups left out, one line each naming the config field. */
  readonly warnings: readonly string[];
}

export interface NodeGroupPlan extends NodeGroupPacking {
  readonly hourlyPrice: number;
  readonly monthlyCost: number;
}

/** A scenario's share of the cluster per environment, by requested resources. */
export interface EnvironmentShare {
  readonly environment: string;
  readonly requests: Resources;
  readonly share: number;
  /** Nodes × share: shared nodes split by what each environment asks of them. */
  readonly instances: number;
  readonly monthlyCost: number;
}

export interface ScenarioPlan extends ScenarioPacking {
  readonly nodeGroups: readonly NodeGroupPlan[];
  /** Node groups plus the control-plane fee. */
  readonly monthlyCost: number;
  readonly environments: readonly EnvironmentShare[];
}

export interface ClusterPlan extends ClusterPacking {
  readonly region: string;
  /** The EKS fee on the plan date: standard, or extended support past the version's standard support. */
  readonly controlPlane: Omit<ControlPlanePrice, 'problem'>;
  readonly controlPlaneMonthlyCost: number;
  readonly steady: ScenarioPlan;
  readonly peak: ScenarioPlan;
}

/** Safety valve for the CoreDNS ↔ node-count loop; it settles in two or three rounds. */
const MAX_DNS_ROUNDS = 20;

/** Packs a cluster and prices it in the config's region, the control plane on the plan date. */
export function planCluster(config: KubeshiftConfig, clusterName: string, options: PlanOptions = {}): ClusterPlan {
  const catalog = options.catalog ?? bundledCatalog();
  const cluster = findCluster(config, clusterName);
  const packing = packGroups(config, cluster, usableNodeGroups(cluster, catalog, config.region), options.entries);
  const { problem, ...controlPlane } = controlPlanePrice(
    catalog,
    cluster.kubernetesVersion,
    options.planDate ?? catalog.eksCalendar.retrieved,
    `clusters.${cluster.name}.kubernetesVersion`,
  );
  const controlPlaneMonthlyCost = controlPlane.hourlyPrice * HOURS_PER_MONTH;
  const prices = new Map(packing.groups.map((group) => [group.name, group.hourlyPrice!]));
  const price = (scenario: Scenario): ScenarioPlan => {
    const nodeGroups = packing[scenario].nodeGroups.map((group) => ({
      ...group,
      hourlyPrice: prices.get(group.nodeGroup)!,
      monthlyCost: group.nodes * prices.get(group.nodeGroup)! * HOURS_PER_MONTH,
    }));
    const monthlyCost = controlPlaneMonthlyCost + nodeGroups.reduce((total, group) => total + group.monthlyCost, 0);
    return {
      ...packing[scenario],
      nodeGroups,
      monthlyCost,
      environments: environmentShares(config, packing.services, scenario, packing[scenario].nodes, monthlyCost),
    };
  };
  return {
    ...withoutGroups(packing),
    warnings: problem === undefined ? packing.warnings : [...packing.warnings, problem],
    region: config.region,
    controlPlane,
    controlPlaneMonthlyCost,
    steady: price('steady'),
    peak: price('peak'),
  };
}

/** Packs a cluster's pods onto its node groups at steady state and at peak; no prices needed. */
export function packCluster(config: KubeshiftConfig, clusterName: string, options: PlanOptions = {}): ClusterPacking {
  const cluster = findCluster(config, clusterName);
  return withoutGroups(packGroups(config, cluster, usableNodeGroups(cluster, options.catalog ?? bundledCatalog()), options.entries));
}

function packGroups(
  config: KubeshiftConfig,
  cluster: ClusterConfig,
  { groups, warnings }: UsableGroups,
  entries: readonly ServiceEnvironment[] = serviceEnvironments(config),
): ClusterPacking & { readonly groups: readonly GroupShape[] } {
  const zones = config.vpc.availabilityZones;
  if (groups.length === 0) {
    const empty: ScenarioPacking = { nodes: 0, lowerBound: 0, efficiency: 1, coreDnsReplicas: 0, nodeGroups: [] };
    return {
      cluster: cluster.name,
      zones,
      services: [],
      steady: empty,
      peak: empty,
      groups,
      warnings: [...warnings, noNodeGroupWarning(cluster)],
    };
  }
  const services = placeServices(config, cluster, groups, entries);
  const queued = inQueueOrder(config, services);
  const scenario = (which: Scenario) =>
    packScenario(
      cluster,
      groups,
      zones,
      queued.map((placed) => ({ ...placed, count: placed.replicas[which] })),
      (nodes, cores) => coreDnsReplicas(cluster.dnsAutoscaler, cores, nodes),
    );
  return { cluster: cluster.name, zones, services, steady: scenario('steady'), peak: scenario('peak'), groups, warnings };
}

/** The packing as callers see it: the shapes it was made with stay inside. */
function withoutGroups<T extends { readonly groups: unknown }>({ groups: _groups, ...packing }: T): Omit<T, 'groups'> {
  return packing;
}

/** A node group whose `maxSize` is below what the peak plan needs. */
export interface NodeGroupShortfall {
  readonly nodeGroup: string;
  readonly instanceType: string;
  readonly maxSize: number;
  readonly peakNodes: number;
  /** One line for a synth annotation. */
  readonly message: string;
}

/**
 * The node groups of a cluster whose `maxSize` cannot hold the peak plan (every service at
 * maxReplicas): for the CDK app's synth warning. Throws a DomainError when the plan cannot be made
 * whole (an instance type missing from the data, a pod that fits no node).
 */
export function nodeGroupCapacityShortfalls(config: KubeshiftConfig, clusterName: string, catalog?: Catalog): NodeGroupShortfall[] {
  const packing = packCluster(config, clusterName, { catalog });
  if (packing.warnings.length > 0) throw new DomainError(packing.warnings.join('; '));
  return capacityShortfalls(packing);
}

/**
 * The node groups of a packing whose `maxSize` cannot hold its peak: in total, or in one zone,
 * since each zone's node group holds only its share of `maxSize` (domain/zonal-node-groups.ts).
 */
export function capacityShortfalls(packing: ClusterPacking): NodeGroupShortfall[] {
  return packing.peak.nodeGroups.flatMap((group) => {
    const needed = group.zones.map((zone) => zone.nodes);
    const required = smallestMaxSize(needed);
    if (required <= group.maxSize) return [];
    const short = group.zones.filter((zone, i) => zone.nodes > dealOverZones(group.maxSize, needed.length)[i]).map((zone) => zone.zone);
    const where = group.nodes > group.maxSize ? '' : ` (${short.join(', ')} short: each zone holds its share of maxSize)`;
    return [
      {
        nodeGroup: group.nodeGroup,
        instanceType: group.instanceType,
        maxSize: group.maxSize,
        peakNodes: group.nodes,
        message: `node group ${group.nodeGroup} (${group.instanceType}) has maxSize ${group.maxSize}, but the peak plan (every service at maxReplicas) needs ${group.nodes} nodes${where}: raise maxSize to at least ${required} (see kubeshift cost)`,
      },
    ];
  });
}

/** The least maxSize whose share in every zone covers that zone's need. */
function smallestMaxSize(needed: readonly number[]): number {
  let total = needed.reduce((sum, nodes) => sum + nodes, 0);
  while (dealOverZones(total, needed.length).some((share, i) => share < needed[i])) total++;
  return total;
}

/** Whether the cluster, with one zone gone, still holds every production pod at minReplicas. */
export interface ZoneLossCheck {
  readonly cluster: string;
  /** Node groups left out, as in the plan. */
  readonly warnings: readonly string[];
  readonly lostZone: string;
  readonly zones: readonly string[];
  readonly holds: boolean;
  readonly coreDnsReplicas: number;
  readonly nodeGroups: readonly {
    readonly nodeGroup: string;
    readonly instanceType: string;
    readonly maxSize: number;
    /** Nodes left per remaining zone: the group at maxSize, balanced over all zones, less the lost zone's share. */
    readonly available: readonly ZonePacking[];
    readonly needed: readonly ZonePacking[];
  }[];
}

/**
 * Plans a cluster again with `lostZone` gone. The node groups stand at maxSize, one per zone
 * with the config's maxSize dealt over them (domain/zonal-node-groups.ts); the lost zone's nodes
 * are gone and nothing is replaced during the outage. Production pods at minReplicas are spread over the zones left (maxSkew 1 counts only
 * zones that have nodes), an odd replica going to the zone with the most room left, as the
 * scheduler places it, with the system pods; other environments yield (lower priority).
 */
export function planZoneLoss(config: KubeshiftConfig, clusterName: string, lostZone: string, options: PlanOptions = {}): ZoneLossCheck {
  const catalog = options.catalog ?? bundledCatalog();
  const cluster = findCluster(config, clusterName);
  const allZones = config.vpc.availabilityZones;
  if (!allZones.includes(lostZone)) {
    throw new DomainError(`--fail-zone ${lostZone} is not a zone of the cluster (vpc.availabilityZones: ${allZones.join(', ')})`);
  }
  const zones = allZones.filter((zone) => zone !== lostZone);
  const { groups, warnings } = usableNodeGroups(cluster, catalog);
  if (groups.length === 0) {
    return {
      cluster: cluster.name,
      warnings: [...warnings, noNodeGroupWarning(cluster)],
      lostZone,
      zones,
      holds: true,
      coreDnsReplicas: 0,
      nodeGroups: [],
    };
  }
  const production = productionEnvironment(config);
  const services = placeServices(config, cluster, groups, options.entries ?? serviceEnvironments(config)).filter(
    (placed) => placed.environment === production,
  );
  const available = groups.map((group) => survivingNodes(group.config.maxSize, allZones, lostZone));
  const nodesLeft = available.reduce((total, perZone) => total + perZone.reduce((sum, zone) => sum + zone.nodes, 0), 0);
  const coresLeft = available.reduce(
    (total, perZone, g) => total + perZone.reduce((sum, zone) => sum + zone.nodes, 0) * groups[g].shape.vCpus,
    0,
  );
  const dns = coreDnsReplicas(cluster.dnsAutoscaler, coresLeft, nodesLeft);
  const packing = packScenario(
    cluster,
    groups,
    zones,
    services.map((placed) => ({ ...placed, count: placed.replicas.steady })),
    () => dns,
    available.map((perZone) => perZone.map((zone) => zone.nodes)),
  );
  const nodeGroups = packing.nodeGroups.map((group, g) => ({
    nodeGroup: group.nodeGroup,
    instanceType: group.instanceType,
    maxSize: group.maxSize,
    available: available[g],
    needed: group.zones,
  }));
  const holds = nodeGroups.every((group) => group.needed.every((zone, z) => zone.nodes <= group.available[z].nodes));
  return { cluster: cluster.name, warnings, lostZone, zones, holds, coreDnsReplicas: dns, nodeGroups };
}

function findCluster(config: KubeshiftConfig, clusterName: string): ClusterConfig {
  const cluster = config.clusters.find((candidate) => candidate.name === clusterName);
  if (!cluster) {
    throw new DomainError(`unknown cluster ${clusterName} (clusters: ${config.clusters.map((candidate) => candidate.name).join(', ')})`);
  }
  return cluster;
}

interface GroupShape {
  readonly name: string;
  readonly config: NodeGroupConfig;
  readonly shape: NodeShape;
  /** Present when the groups were looked up with a region. */
  readonly hourlyPrice?: number;
}

interface UsableGroups {
  readonly groups: readonly GroupShape[];
  readonly warnings: readonly string[];
}

function noNodeGroupWarning(cluster: ClusterConfig): string {
  return `clusters.${cluster.name}.nodeGroups: no node group of cluster ${cluster.name} can be planned; its services are left out of the report`;
}

/** The cluster's node groups the catalog knows (and prices in `region`, when given); a warning for each other. */
function usableNodeGroups(cluster: ClusterConfig, catalog: Catalog, region?: string): UsableGroups {
  const groups: GroupShape[] = [];
  const warnings: string[] = [];
  for (const group of cluster.nodeGroups) {
    const field = `clusters.${cluster.name}.nodeGroups.${group.name}.instanceType`;
    const facts = lookupInstance(catalog, group.instanceType, field);
    const price = facts.problem === undefined && region !== undefined ? lookupPrice(catalog, region, group.instanceType, field) : undefined;
    const problem = facts.problem ?? price?.problem;
    if (problem !== undefined) {
      warnings.push(`${problem}; cluster ${cluster.name} planned without node group ${group.name}`);
      continue;
    }
    groups.push({ name: group.name, config: group, shape: nodeShape(group.instanceType, facts.value!), hourlyPrice: price?.value });
  }
  return { groups, warnings };
}

/**
 * The service environments a cluster runs: those whose weights name it, even at 0; and, on the
 * first cluster, those whose weights name no cluster yet (not started), as if moved.
 */
function placeServices(
  config: KubeshiftConfig,
  cluster: ClusterConfig,
  groups: readonly GroupShape[],
  entries: readonly ServiceEnvironment[],
): PlacedService[] {
  const clusterNames = new Set(config.clusters.map((candidate) => candidate.name));
  const isFirst = config.clusters[0]?.name === cluster.name;
  return entries.flatMap((entry) => {
    const named = cluster.name in entry.weights;
    const notStarted = !Object.keys(entry.weights).some((target) => target !== BEANSTALK && clusterNames.has(target));
    if (!named && !(notStarted && isFirst)) return [];
    const requests = entry.podResources.requests ?? { cpuMillis: 0, memoryMebibytes: 0 };
    const group = groupFor(requests, groups, cluster, `pod ${entry.service} (${entry.environment})`);
    const steady = entry.autoscaling?.minReplicas ?? entry.replicas;
    const peak = entry.autoscaling?.maxReplicas ?? entry.replicas;
    return [
      {
        service: entry.service,
        environment: entry.environment,
        requests,
        replicas: { steady, peak },
        nodeGroup: group,
        notStarted,
        loadBalancerGroup: entry.loadBalancerGroup,
      },
    ];
  });
}

/**
 * Services in kube-scheduler's queue order, which the packing follows: higher PriorityClass first
 * (production before staging), config order within one (the order the manifests are applied).
 */
function inQueueOrder(config: KubeshiftConfig, services: readonly PlacedService[]): PlacedService[] {
  const priority = new Map(config.environments.map((environment) => [environment.name, environment.priority]));
  return [...services].sort((a, b) => (priority.get(b.environment) ?? 0) - (priority.get(a.environment) ?? 0));
}

function groupFor(requests: Resources, groups: readonly GroupShape[], cluster: ClusterConfig, what: string): string {
  const group = groups.find((candidate) => fitsNode(requests, candidate.shape));
  if (!group) {
    const rooms = groups
      .map(
        ({ name, shape }) =>
          `${name} (${shape.instanceType}) leaves ${shape.free.cpuMillis}m CPU, ${shape.free.memoryMebibytes}Mi and ${shape.free.pods} pods`,
      )
      .join('; ');
    throw new PodDoesNotFitError(
      `${what} requests ${requests.cpuMillis}m CPU and ${requests.memoryMebibytes}Mi, which fits no node group of cluster ${cluster.name}: ${rooms} after kube-reserved, the eviction threshold and the DaemonSets; add a larger instance type`,
    );
  }
  return group.name;
}

/**
 * Packs one scenario. CoreDNS replicas depend on the nodes and cores the plan comes to, which
 * depend on CoreDNS: start from the autoscaler's floor and plan again until the count settles.
 */
function packScenario(
  cluster: ClusterConfig,
  groups: readonly GroupShape[],
  zones: readonly string[],
  services: readonly (PlacedService & { count: number })[],
  dnsReplicas: (nodes: number, cores: number) => number,
  /** Per group, the nodes each zone already has (a zone outage); absent, zones grow as needed. */
  zoneNodes?: readonly (readonly number[])[],
): ScenarioPacking {
  const system = [{ ...COREDNS, replicas: 0 }, ...SYSTEM_DEPLOYMENTS].map((pod) => ({
    ...pod,
    nodeGroup: groupFor(pod.requests, groups, cluster, `system pod ${pod.name}`),
  }));
  let dns = dnsReplicas(0, 0);
  let result: ScenarioPacking | undefined;
  for (let round = 0; round < MAX_DNS_ROUNDS; round++) {
    const nodeGroups = groups.map((group, g): NodeGroupPacking => {
      const workloads: Workload[] = [
        ...system
          .filter((pod) => pod.nodeGroup === group.name)
          .map((pod) => ({ name: pod.name, requests: pod.requests, replicas: pod.name === COREDNS.name ? dns : pod.replicas })),
        ...services
          .filter((placed) => placed.nodeGroup === group.name)
          .map((placed) => ({ name: `${placed.service}/${placed.environment}`, requests: placed.requests, replicas: placed.count })),
      ];
      const packing = pack(workloads, zones, group.shape.free, zoneNodes?.[g]);
      return {
        nodeGroup: group.name,
        instanceType: group.shape.instanceType,
        minSize: group.config.minSize,
        maxSize: group.config.maxSize,
        node: group.shape,
        nodes: packing.nodes,
        lowerBound: packing.lowerBound,
        zones: packing.zones,
        pods: packing.pods,
        requests: packing.requests,
      };
    });
    const nodes = nodeGroups.reduce((total, group) => total + group.nodes, 0);
    const lowerBound = nodeGroups.reduce((total, group) => total + group.lowerBound, 0);
    const cores = nodeGroups.reduce((total, group) => total + group.nodes * group.node.vCpus, 0);
    result = { nodes, lowerBound, efficiency: nodes === 0 ? 1 : lowerBound / nodes, coreDnsReplicas: dns, nodeGroups };
    const next = dnsReplicas(nodes, cores);
    // More nodes only ever ask for more replicas; stop when the count holds (or would shrink).
    if (next <= dns) break;
    dns = next;
  }
  return result!;
}

/**
 * Nodes left per remaining zone when every zone's node group stands at its maxSize and
 * `lostZone`'s are gone: the group's maxSize is dealt over the zones as the stacks deal it.
 */
function survivingNodes(maxSize: number, zones: readonly string[], lostZone: string): ZonePacking[] {
  const perZone = dealOverZones(maxSize, zones.length);
  return zones.flatMap((zone, i) => (zone === lostZone ? [] : [{ zone, nodes: perZone[i], pods: 0 }]));
}

function environmentShares(
  config: KubeshiftConfig,
  services: readonly PlacedService[],
  scenario: Scenario,
  nodes: number,
  monthlyCost: number,
): EnvironmentShare[] {
  const byEnvironment = config.environments.map((environment) => {
    const placed = services.filter((service) => service.environment === environment.name);
    const requests = totalRequests(
      placed.map((service) => ({ name: service.service, requests: service.requests, replicas: service.replicas[scenario] })),
    );
    const pods = placed.reduce((total, service) => total + service.replicas[scenario], 0);
    return { environment: environment.name, requests, pods };
  });
  const cpu = byEnvironment.reduce((total, entry) => total + entry.requests.cpuMillis, 0);
  const memory = byEnvironment.reduce((total, entry) => total + entry.requests.memoryMebibytes, 0);
  const pods = byEnvironment.reduce((total, entry) => total + entry.pods, 0);
  const weight = (entry: (typeof byEnvironment)[number]) =>
    cpu + memory > 0
      ? (cpu > 0 ? entry.requests.cpuMillis / cpu : 0) + (memory > 0 ? entry.requests.memoryMebibytes / memory : 0)
      : entry.pods / Math.max(1, pods);
  const total = byEnvironment.reduce((sum, entry) => sum + weight(entry), 0);
  return byEnvironment.map((entry) => {
    const share = total > 0 ? weight(entry) / total : 0;
    return { environment: entry.environment, requests: entry.requests, share, instances: nodes * share, monthlyCost: monthlyCost * share };
  });
}
