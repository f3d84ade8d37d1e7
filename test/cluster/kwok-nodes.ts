import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterConfig, NodeGroupConfig } from '../../config';
import { bundledCatalog, lookupInstance } from '../../domain/cost/catalog';
import { NODE_DISK_GIBIBYTES, nodeAllocatableEphemeralMebibytes } from '../../domain/ephemeral-storage';
import { EVICTION_HARD_MEMORY_MEBIBYTES, kubeReservedMemoryMebibytes, nodeShape, type NodeShape } from '../../domain/cost/node-capacity';
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ANNOTATION_VALUE } from './component-args';
import type { KubeClient, KubeObject } from './kube-client';
import { DAEMON_SETS_PER_NODE } from './system-workloads';

/**
 * Fake nodes (kwok plays their kubelets) shaped like a node group's instances as the cost planner
 * sees them (domain/cost/node-capacity.ts): capacity is the instance's vCPUs, memory after the
 * hypervisor's share and max pods; allocatable is that minus kube-reserved and the eviction
 * threshold. Labels as a managed node group's nodes carry them: zone and region from the VPC,
 * instance type, node group.
 */

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';
/** Set by EKS on every node of a managed node group. */
const NODE_GROUP_LABEL = 'eks.amazonaws.com/nodegroup';
/**
 * Keeps everything but the DaemonSets off a node until they run on it, as a real node is
 * NotReady until aws-node (the CNI) runs there: the DaemonSets' room is then theirs, as the
 * planner counts it, and not taken by whatever was Pending.
 */
export const BOOTING_TAINT = { key: 'kubeshift.io/booting', effect: 'NoSchedule' } as const;

export interface NodeGroupShape {
  readonly group: NodeGroupConfig;
  readonly shape: NodeShape;
}

/** The planner's shape of each node group of the cluster (every instance type must be in the catalog). */
export function nodeGroupShapes(cluster: ClusterConfig): NodeGroupShape[] {
  const catalog = bundledCatalog();
  return cluster.nodeGroups.map((group) => {
    const facts = lookupInstance(catalog, group.instanceType, `clusters.${cluster.name}.nodeGroups.${group.name}.instanceType`);
    if (facts.problem !== undefined) throw new Error(facts.problem);
    return { group, shape: nodeShape(group.instanceType, facts.value) };
  });
}

/**
 * `diskGibibytes`: the node's root volume, which pods' ephemeral-storage requests are scheduled
 * against (domain/ephemeral-storage.ts); a managed node group's default unless a test needs room.
 */
export function kwokNode(
  name: string,
  { group, shape }: NodeGroupShape,
  zone: string,
  region: string,
  diskGibibytes: number = NODE_DISK_GIBIBYTES,
): KubeObject {
  const capacityMemory = shape.allocatable.memoryMebibytes + kubeReservedMemoryMebibytes(shape.maxPods) + EVICTION_HARD_MEMORY_MEBIBYTES;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: KWOK_NODE_ANNOTATION_VALUE },
      labels: {
        [HOSTNAME_LABEL]: name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        [ZONE_LABEL]: zone,
        'topology.kubernetes.io/region': region,
        'node.kubernetes.io/instance-type': shape.instanceType,
        [NODE_GROUP_LABEL]: group.name,
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        // The label SharedCluster gives its node groups (constructs/shared-cluster.ts).
        'kubeshift.io/node-group': group.name,
      },
    },
    spec: { taints: [BOOTING_TAINT] },
    status: {
      capacity: {
        cpu: String(shape.vCpus),
        memory: `${capacityMemory}Mi`,
        pods: String(shape.maxPods),
        'ephemeral-storage': `${diskGibibytes}Gi`,
      },
      allocatable: {
        cpu: `${shape.allocatable.cpuMillis}m`,
        memory: `${shape.allocatable.memoryMebibytes}Mi`,
        pods: String(shape.allocatable.pods),
        'ephemeral-storage': `${nodeAllocatableEphemeralMebibytes(diskGibibytes)}Mi`,
      },
    },
  };
}

const BOOT_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

type NodeObject = KubeObject & { spec?: { taints?: { key: string; effect: string }[] } };

/**
 * Boots nodes: creates them (tainted), waits until every DaemonSet runs a pod on each, then lifts
 * the taint from all of them at once, and returns once none carries a taint at all.
 */
export async function bootNodes(client: KubeClient, nodes: readonly KubeObject[], timeoutMs = BOOT_TIMEOUT_MS): Promise<void> {
  await Promise.all(nodes.map((node) => client.create(node)));
  const names = new Set(nodes.map((node) => node.metadata.name));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    type Pod = KubeObject & { spec: { nodeName?: string } };
    // Only DaemonSet pods tolerate the taint, so every kube-system pod on these nodes is one.
    const pods = await client.list<Pod>({ apiVersion: 'v1', kind: 'Pod', namespace: 'kube-system' });
    const perNode = new Map<string, number>();
    for (const pod of pods.items)
      if (pod.spec.nodeName && names.has(pod.spec.nodeName)) perNode.set(pod.spec.nodeName, (perNode.get(pod.spec.nodeName) ?? 0) + 1);
    if ([...names].every((name) => (perNode.get(name) ?? 0) >= DAEMON_SETS_PER_NODE)) break;
    if (Date.now() > deadline) throw new Error(`DaemonSet pods did not land on ${[...names].join(', ')} in ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
  // Then until no node carries a taint at all: the booting one lifted (again, should a controller
  // writing the node's taints from a stale copy have put it back), and the node lifecycle
  // controller's not-ready one gone. A fresh-clone run once had a production pod Pending because
  // one zone's nodes were not schedulable yet when the workloads arrived (with `nodeTaintsPolicy:
  // Honor` such a zone does not count, and pods pile into the others); which taint held them was
  // not caught, so this waits for all.
  for (;;) {
    const live = await Promise.all(
      nodes.map((node) => client.get<NodeObject>({ apiVersion: 'v1', kind: 'Node', name: node.metadata.name })),
    );
    const tainted = live.filter((node) => (node.spec?.taints ?? []).length > 0);
    if (tainted.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `still tainted after ${timeoutMs} ms: ${tainted.map((node) => `${node.metadata.name} (${node.spec!.taints!.map((taint) => taint.key).join(', ')})`).join('; ')}`,
      );
    }
    await Promise.all(
      tainted
        .filter((node) => node.spec!.taints!.some((taint) => taint.key === BOOTING_TAINT.key))
        .map((node) =>
          client.patch(
            { apiVersion: 'v1', kind: 'Node', name: node.metadata.name },
            { spec: { taints: node.spec!.taints!.filter((taint) => taint.key !== BOOTING_TAINT.key) } },
            'merge',
          ),
        ),
    );
    await sleep(POLL_MS);
  }
}
