/**
 * What kubeshift installs on a cluster of each Kubernetes minor version it can deploy: one table,
 * read by the config's rules (which versions exist), the stacks (what to install) and the cost
 * planner (via the EKS support calendar in cost/data/eks-versions.json). Adding a version means a
 * row here, its `@aws-cdk/lambda-layer-kubectl-vNN` in constructs/kubectl-layer.ts, and its row
 * in the support calendar. This module imports nothing, so `config/` may read it.
 */
export interface KubernetesRelease {
  /**
   * Cluster Autoscaler image tag. Its minor must equal the cluster's: "Cluster Autoscaler ...
   * supports the corresponding Kubernetes version" (kubernetes/autoscaler, cluster-autoscaler
   * README, "Releases"; https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases).
   */
  readonly clusterAutoscalerImageTag: string;
}

export const KUBERNETES_RELEASES: Readonly<Record<string, KubernetesRelease>> = {
  '1.33': { clusterAutoscalerImageTag: 'v1.33.0' },
  '1.34': { clusterAutoscalerImageTag: 'v1.34.0' },
  '1.35': { clusterAutoscalerImageTag: 'v1.35.0' },
};

/** The minor versions a config may name, oldest first. */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = Object.keys(KUBERNETES_RELEASES);

/** The release of a supported minor version; the config's rules have refused any other. */
export function kubernetesRelease(minor: string): KubernetesRelease {
  const release = KUBERNETES_RELEASES[minor];
  if (!release) throw new Error(`Kubernetes ${minor} is not supported (supported: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')})`);
  return release;
}
