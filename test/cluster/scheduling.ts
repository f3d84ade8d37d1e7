import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlane } from './control-plane';
import { ALL_NAMESPACES, type KubeObject } from './kube-client';
import { ZONE_LABEL } from './kwok-nodes';

/**
 * Reading what the scheduler did: which pods are Pending, how evenly a service's pods are spread
 * over zones, and when the controllers and the scheduler have finished with what they were given.
 */

export type Pod = KubeObject & {
  spec: { nodeName?: string };
  status?: { conditions?: { type: string; status: string; message?: string }[] };
};
export type Node = KubeObject & { status?: { capacity?: Record<string, string> } };

const POLL_MS = 150;
const DEFAULT_SETTLE_TIMEOUT_MS = 120_000;
/** How long the scheduler's queues must stay empty, with no new attempt, to count as done. */
const QUIET_MS = 300;
/** How long a Pending pod may go untried after a change before the queues are trusted anyway. */
const PICK_UP_MS = 5_000;

export async function listPods(cp: ControlPlane, namespace?: string): Promise<Pod[]> {
  return (await cp.client.list<Pod>({ apiVersion: 'v1', kind: 'Pod', namespace: namespace ?? ALL_NAMESPACES })).items;
}

/** Pods bound to no node yet (the server filters: cheaper than listing every pod while polling). */
export async function listUnboundPods(cp: ControlPlane): Promise<Pod[]> {
  const unbound = await cp.client.list<Pod>(
    { apiVersion: 'v1', kind: 'Pod', namespace: ALL_NAMESPACES },
    { fieldSelector: 'spec.nodeName=' },
  );
  return unbound.items.filter(isPending);
}

export async function listNodes(cp: ControlPlane): Promise<Node[]> {
  return (await cp.client.list<Node>({ apiVersion: 'v1', kind: 'Node' })).items;
}

/** Not bound to a node and not on its way out. */
export function isPending(pod: Pod): boolean {
  return !pod.spec.nodeName && !pod.metadata.deletionTimestamp;
}

export function podLabel(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** Values of a Prometheus counter or gauge whose labels include `labels`, summed. */
function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

interface QueueState {
  readonly busy: number;
  readonly attempts: number;
}

async function queueState(cp: ControlPlane): Promise<QueueState> {
  const text = await cp.schedulerMetrics();
  return {
    busy: metricSum(text, 'scheduler_pending_pods', { queue: 'active' }) + metricSum(text, 'scheduler_pending_pods', { queue: 'backoff' }),
    attempts: metricSum(text, 'scheduler_schedule_attempts_total'),
  };
}

type Workload = KubeObject & {
  spec: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
  };
};

/** Every Deployment has created the pods of its current spec, and every DaemonSet one per node. */
async function controllersDone(cp: ControlPlane): Promise<boolean> {
  const [deployments, daemonSets] = await Promise.all([
    cp.client.list<Workload>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ALL_NAMESPACES }),
    cp.client.list<Workload>({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ALL_NAMESPACES }),
  ]);
  const current = (w: Workload) => (w.status?.observedGeneration ?? 0) >= (w.metadata.generation as number);
  return (
    deployments.items.every(
      (d) => current(d) && d.status?.replicas === (d.spec.replicas ?? 1) && d.status?.updatedReplicas === (d.spec.replicas ?? 1),
    ) && daemonSets.items.every((d) => current(d) && d.status?.currentNumberScheduled === d.status?.desiredNumberScheduled)
  );
}

/** Waits until every Deployment has created the pods of its current spec and every DaemonSet one per node. */
export async function waitForControllers(cp: ControlPlane, timeoutMs = DEFAULT_SETTLE_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await controllersDone(cp))) {
    if (Date.now() > deadline) throw new Error(`the controllers did not create every pod in ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}

/**
 * Whether the scheduler has tried the pod with the nodes there are now: its last failure names
 * their count ("0/7 nodes are available: ..."), which changes with every node added or removed.
 */
function triedWith(pod: Pod, nodes: number): boolean {
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
  return scheduled?.status === 'False' && (scheduled.message ?? '').startsWith(`0/${nodes} nodes are available`);
}

/**
 * Waits until the cluster is at rest: the controllers have created every pod their objects ask
 * for, the scheduler has tried every Pending pod with the nodes there are now, and its active and
 * backoff queues have stayed empty, with no new attempt, for a moment. What is Pending then stays
 * Pending until something changes. A pod the scheduler had no reason to try again (a change
 * that cannot help it) is waited for `PICK_UP_MS` at most.
 */
export async function settle(cp: ControlPlane, timeoutMs = DEFAULT_SETTLE_TIMEOUT_MS): Promise<void> {
  const started = Date.now();
  let quietSince: number | undefined;
  let last: QueueState | undefined;
  for (;;) {
    const [state, done, pending, nodes] = await Promise.all([queueState(cp), controllersDone(cp), listUnboundPods(cp), listNodes(cp)]);
    const tried = pending.every((pod) => triedWith(pod, nodes.length)) || Date.now() - started > PICK_UP_MS;
    const quiet = done && tried && state.busy === 0 && (last === undefined || last.attempts === state.attempts);
    quietSince = quiet ? (quietSince ?? Date.now()) : undefined;
    if (quietSince !== undefined && Date.now() - quietSince >= QUIET_MS) return;
    if (Date.now() - started > timeoutMs)
      throw new Error(`the cluster did not settle in ${timeoutMs} ms (queues ${JSON.stringify(state)})`);
    last = state;
    await sleep(POLL_MS);
  }
}

/** A Deployment's name and pod selector: what groups its pods. */
export interface Selected {
  readonly name: string;
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** The selector of each Deployment (`namespace/name`) among `objects`. */
export function deploymentSelectors(objects: readonly KubeObject[]): Selected[] {
  type Deployment = KubeObject & { spec: { selector: { matchLabels: Record<string, string> } } };
  return objects
    .filter((object): object is Deployment => object.kind === 'Deployment')
    .map((deployment) => ({
      name: `${deployment.metadata.namespace}/${deployment.metadata.name}`,
      matchLabels: deployment.spec.selector.matchLabels,
    }));
}

/** The pods of `pods` a Deployment's selector picks (in its namespace). */
export function selectedPods(pods: readonly Pod[], selected: Selected): Pod[] {
  const namespace = selected.name.split('/')[0];
  return pods.filter(
    (pod) =>
      pod.metadata.namespace === namespace &&
      Object.entries(selected.matchLabels).every(([key, value]) => pod.metadata.labels?.[key] === value),
  );
}

/**
 * Per Deployment, the largest difference in bound pods between two zones that have nodes: what
 * its zone constraint's `maxSkew` bounds.
 */
export function zoneSkews(
  pods: readonly Pod[],
  nodes: readonly Node[],
  deployments: readonly Selected[],
): Map<string, { skew: number; perZone: Record<string, number> }> {
  const zoneOf = new Map(nodes.map((node) => [node.metadata.name, node.metadata.labels?.[ZONE_LABEL] ?? '']));
  const zones = [...new Set(zoneOf.values())].sort();
  const bound = pods.filter((pod) => pod.spec.nodeName && !pod.metadata.deletionTimestamp);
  const result = new Map<string, { skew: number; perZone: Record<string, number> }>();
  for (const deployment of deployments) {
    const perZone = Object.fromEntries(zones.map((zone) => [zone, 0]));
    for (const pod of selectedPods(bound, deployment)) perZone[zoneOf.get(pod.spec.nodeName!) ?? '']++;
    const counts = Object.values(perZone);
    result.set(deployment.name, { skew: Math.max(...counts) - Math.min(...counts), perZone });
  }
  return result;
}
