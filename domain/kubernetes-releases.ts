/**
 * What kubeshift installs on a cluster of each Kubernetes minor version it can deploy: one table,
 * read by the config's rules (which versions exist), the stacks (what to install) and the cost
 * planner (via the EKS support calendar in cost/data/eks-versions.json). Adding a version means a
 * row here, its `@aws-cdk/lambda-layer-kubectl-vNN` in constructs/kubectl-layer.ts, and its row
 * in the support calendar. This module imports nothing, so `config/` may read it.
 */
/** The EKS add-ons every cluster runs, by their EKS add-on names. */
export type EksAddonName = 'vpc-cni' | 'kube-proxy' | 'coredns' | 'eks-pod-identity-agent';

export interface KubernetesRelease {
  /**
   * Each EKS add-on's version, pinned so that two clusters of one minor get the same software
   * whatever day they are created (EKS picks a default that moves otherwise). Sources, per add-on:
   * - `coredns`, `kube-proxy`: the EKS User Guide's version tables, "CoreDNS versions"
   *   (https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html) and "kube-proxy
   *   versions" (https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html);
   * - `vpc-cni`, `eks-pod-identity-agent`: the guide lists no row for 1.34 or 1.35, so these are
   *   the versions EKS Blueprints 1.19.0 pins per minor (`@aws-quickstart/eks-blueprints`,
   *   dist/addons/vpc-cni and eks-pod-identity-agent `versionMap`), the peer of bench/blueprints.
   * To move a cluster to newer add-ons, raise the row and deploy: EKS updates add-ons in place.
   */
  readonly addonVersions: Readonly<Record<EksAddonName, string>>;
  /**
   * Cluster Autoscaler image tag. Its minor must equal the cluster's: "Cluster Autoscaler ...
   * supports the corresponding Kubernetes version" (kubernetes/autoscaler, cluster-autoscaler
   * README, "Releases"; https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases).
   */
  readonly clusterAutoscalerImageTag: string;
}

export const KUBERNETES_RELEASES: Readonly<Record<string, KubernetesRelease>> = {
  '1.33': {
    addonVersions: {
      'vpc-cni': 'v1.20.4-eksbuild.2',
      'kube-proxy': 'v1.33.10-eksbuild.2',
      coredns: 'v1.12.4-eksbuild.18',
      'eks-pod-identity-agent': 'v1.3.10-eksbuild.2',
    },
    clusterAutoscalerImageTag: 'v1.33.0',
  },
  '1.34': {
    addonVersions: {
      'vpc-cni': 'v1.20.4-eksbuild.2',
      'kube-proxy': 'v1.34.6-eksbuild.2',
      coredns: 'v1.13.2-eksbuild.11',
      'eks-pod-identity-agent': 'v1.3.10-eksbuild.2',
    },
    clusterAutoscalerImageTag: 'v1.34.0',
  },
  '1.35': {
    addonVersions: {
      'vpc-cni': 'v1.21.1-eksbuild.1',
      'kube-proxy': 'v1.35.3-eksbuild.2',
      coredns: 'v1.14.3-eksbuild.3',
      'eks-pod-identity-agent': 'v1.3.10-eksbuild.2',
    },
    clusterAutoscalerImageTag: 'v1.35.0',
  },
};

/** The minor versions a config may name, oldest first. */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = Object.keys(KUBERNETES_RELEASES);

/** The release of a supported minor version; the config's rules have refused any other. */
export function kubernetesRelease(minor: string): KubernetesRelease {
  const release = KUBERNETES_RELEASES[minor];
  if (!release) throw new Error(`Kubernetes ${minor} is not supported (supported: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')})`);
  return release;
}

/** A Helm chart pinned to one version, whatever the cluster's Kubernetes minor. */
export interface PinnedChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/**
 * The Secrets Store CSI driver (the CSIDriver, its DaemonSet, and the SecretProviderClass CRD):
 * 1.5.3, the version the AWS provider's chart locks as its dependency (Chart.lock of
 * aws/secrets-store-csi-driver-provider-aws, July 2025). Installed on its own rather than as that
 * chart's sub-chart, so that its version is pinned here, not by a `^1` range.
 */
export const SECRETS_STORE_CSI_DRIVER_CHART: PinnedChart = {
  repository: 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts',
  chart: 'secrets-store-csi-driver',
  version: '1.5.3',
};

/**
 * The AWS provider for it (ASCP), whose `usePodIdentity` parameter reads secrets as the pod's own
 * Pod Identity role (since the provider's Pod Identity release, aws/secrets-store-csi-driver-provider-aws#427,
 * February 2025; chart 2.x carries it). A Helm chart, not an EKS add-on: the install that the
 * Secrets Manager guide and the provider's README document
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/integrating_csi_driver.html);
 * no EKS add-on of it with per-minor versions to pin was found in the documentation checked.
 */
export const SECRETS_STORE_AWS_PROVIDER_CHART: PinnedChart = {
  repository: 'https://aws.github.io/secrets-store-csi-driver-provider-aws',
  chart: 'secrets-store-csi-driver-provider-aws',
  version: '2.2.0',
};
