/**
 * Local ephemeral storage of a container: its emptyDir volumes on disk and its logs count towards
 * the pod's limit, and the kubelet evicts a pod past it
 * (https://kubernetes.io/docs/concepts/storage/ephemeral-storage/). The root filesystem of every
 * container kubeshift runs is read-only, so its writable layer stays empty.
 */

/**
 * What the logs of one container may hold on its node: the kubelet keeps containerLogMaxFiles (5)
 * files of containerLogMaxSize (10Mi) each, its defaults
 * (https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/), and rotates on a
 * periodic check, so the current file can run past 10Mi between two checks: 50Mi, rounded up.
 */
export const CONTAINER_LOG_MEBIBYTES = 64;

/** The ephemeral storage a container needs (request and limit alike): its writable paths and its logs. */
export function containerEphemeralStorageMebibytes(writablePathMebibytes: readonly number[]): number {
  return writablePathMebibytes.reduce((sum, size) => sum + size, CONTAINER_LOG_MEBIBYTES);
}

/**
 * The root volume of a managed node group's nodes: kubeshift sets no disk size, so each gets the
 * 20 GiB default (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-eks-nodegroup.html, DiskSize).
 */
export const NODE_DISK_GIBIBYTES = 20;

/**
 * The ephemeral storage a node offers pods: its disk less the kubelet's default hard eviction
 * threshold, nodefs.available 10%
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/). Container
 * images share the disk and are not counted here, so this is an upper bound.
 */
export function nodeAllocatableEphemeralMebibytes(diskGibibytes: number = NODE_DISK_GIBIBYTES): number {
  return Math.floor(diskGibibytes * 1024 * 0.9);
}
