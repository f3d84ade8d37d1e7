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
