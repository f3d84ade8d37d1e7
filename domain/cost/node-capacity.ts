import type { Resources } from '../../config';
import type { InstanceFacts } from './catalog';
import { DAEMON_SETS, type SystemPod } from './system-pods';

/**
 * What one node of an instance type leaves for Deployments' pods, by the formulas the EKS
 * optimized AMI applies at boot (awslabs/amazon-eks-ami, bootstrap.sh / nodeadm): max pods from
 * the ENI limits, kube-reserved CPU and memory, the hard eviction threshold; minus the memory the
 * hypervisor and kernel keep, and the DaemonSets every node runs.
 */

/** The ENI formula: the first IP of each ENI is the node's own, and +2 for host-network pods. */
const HOST_NETWORK_PODS = 2;

/** kube-reserved memory = 255 MiB + 11 MiB per pod the node can run (EKS AMI). */
const KUBE_RESERVED_MEMORY_BASE_MEBIBYTES = 255;
const KUBE_RESERVED_MEMORY_PER_POD_MEBIBYTES = 11;

/**
 * kube-reserved CPU: 6 % of the first core, 1 % of the second, 0.5 % of cores 3–4, 0.25 % above
 * (EKS AMI, after GKE). Each row: [from millicores, to millicores, basis points reserved].
 */
const KUBE_RESERVED_CPU_RANGES: readonly (readonly [number, number, number])[] = [
  [0, 1000, 600],
  [1000, 2000, 100],
  [2000, 4000, 50],
  [4000, Number.POSITIVE_INFINITY, 25],
];
const BASIS_POINTS = 10_000;

/** kubelet evictionHard memory.available on the EKS AMI. */
export const EVICTION_HARD_MEMORY_MEBIBYTES = 100;

/**
 * Memory the node never reports as capacity (hypervisor, kernel): Karpenter's default
 * `vmMemoryOverheadPercent` (0.075). An m5.large reports about 7.5 GiB, not 8.
 */
export const VM_MEMORY_OVERHEAD_RATIO = 0.075;

/** A node's room: CPU, memory and pod slots. */
export interface NodeRoom extends Resources {
  readonly pods: number;
}

/** One instance type as a Kubernetes node. */
export interface NodeShape {
  readonly instanceType: string;
  readonly vCpus: number;
  readonly maxPods: number;
  /** What the kubelet reports as allocatable (capacity − kube-reserved − eviction threshold). */
  readonly allocatable: NodeRoom;
  /** What is left for Deployments' pods once the DaemonSets run. */
  readonly free: NodeRoom;
}

/** EKS's max pods for the type: ENIs × (IPv4 per ENI − 1) + 2. */
export function maxPods(facts: InstanceFacts): number {
  return facts.maxEnis * (facts.ipv4PerEni - 1) + HOST_NETWORK_PODS;
}

/** kube-reserved CPU in millicores for a node of this many vCPUs (integer, as the AMI computes). */
export function kubeReservedCpuMillis(vCpus: number): number {
  const total = vCpus * 1000;
  return KUBE_RESERVED_CPU_RANGES.reduce(
    (sum, [from, to, basisPoints]) => sum + Math.floor((Math.max(0, Math.min(total, to) - from) * basisPoints) / BASIS_POINTS),
    0,
  );
}

/** kube-reserved memory in MiB for a node that runs up to `pods` pods. */
export function kubeReservedMemoryMebibytes(pods: number): number {
  return KUBE_RESERVED_MEMORY_BASE_MEBIBYTES + KUBE_RESERVED_MEMORY_PER_POD_MEBIBYTES * pods;
}

/** The node an instance type makes, with `daemonSets` (default: the cluster's) running on it. */
export function nodeShape(instanceType: string, facts: InstanceFacts, daemonSets: readonly SystemPod[] = DAEMON_SETS): NodeShape {
  const pods = maxPods(facts);
  const capacityMemory = Math.floor(facts.memoryMebibytes * (1 - VM_MEMORY_OVERHEAD_RATIO));
  const allocatable: NodeRoom = {
    cpuMillis: facts.vCpus * 1000 - kubeReservedCpuMillis(facts.vCpus),
    memoryMebibytes: capacityMemory - kubeReservedMemoryMebibytes(pods) - EVICTION_HARD_MEMORY_MEBIBYTES,
    pods,
  };
  const free: NodeRoom = {
    cpuMillis: allocatable.cpuMillis - sum(daemonSets, (pod) => pod.requests.cpuMillis),
    memoryMebibytes: allocatable.memoryMebibytes - sum(daemonSets, (pod) => pod.requests.memoryMebibytes),
    // A node whose DaemonSets outnumber its max pods leaves none (they stay Pending), not fewer than none.
    pods: Math.max(0, allocatable.pods - daemonSets.length),
  };
  return { instanceType, vCpus: facts.vCpus, maxPods: pods, allocatable, free };
}

/** Whether a pod with these requests fits an empty node of this shape. */
export function fitsNode(requests: Resources, shape: NodeShape): boolean {
  return shape.free.pods >= 1 && requests.cpuMillis <= shape.free.cpuMillis && requests.memoryMebibytes <= shape.free.memoryMebibytes;
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
