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

/**
 * Where the cluster stack's add-ons come from at deploy time: the Helm chart repositories that
 * aws-eks-v2's kubectl handler (a Lambda in the VPC's private subnets) pulls charts from, and the
 * registries the nodes pull the add-ons' images from. One table, so that an account without
 * internet egress can point every source at a mirror (`mirrors:` in the config) and none is left.
 * Not here, because nothing downloads them from the internet: the EKS add-ons (vpc-cni,
 * kube-proxy, coredns, eks-pod-identity-agent), which EKS pulls from its own ECR registry in the
 * cluster's region, and the kubectl/helm and AWS CLI Lambda layers, which are assets of the
 * template (uploaded to the CDK bootstrap bucket by `cdk deploy`).
 */
export const HELM_REPOSITORIES = {
  metricsServer: 'https://kubernetes-sigs.github.io/metrics-server',
  autoscaler: 'https://kubernetes.github.io/autoscaler',
  /** aws/eks-charts: aws-for-fluent-bit, and the AWS Load Balancer Controller (aws-eks-v2's default for it). */
  eksCharts: 'https://aws.github.io/eks-charts',
  secretsStoreCsiDriver: 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts',
  secretsStoreAwsProvider: 'https://aws.github.io/secrets-store-csi-driver-provider-aws',
} as const;

export const IMAGE_REGISTRIES = {
  /** The Kubernetes project's registry: metrics-server, Cluster Autoscaler, cluster-proportional-autoscaler, the Secrets Store CSI driver. */
  kubernetes: 'registry.k8s.io',
  /** Amazon ECR Public: aws-for-fluent-bit, the Secrets Store CSI driver's AWS provider. */
  ecrPublic: 'public.ecr.aws',
  /** The EKS images account in us-west-2: aws-eks-v2's default for the AWS Load Balancer Controller, whatever the cluster's region. */
  eksUsWest2: '602401143452.dkr.ecr.us-west-2.amazonaws.com',
} as const;

/** A Helm chart: its repository (a URL) and its name there. */
export interface ChartSource {
  readonly repository: string;
  readonly chart: string;
}

/** An image without its tag (each tag has its own home): the registry host and the path in it. */
export interface ImageSource {
  readonly registry: string;
  readonly path: string;
}

/**
 * Each add-on's chart and image, as its chart's own values.yaml names the image (`image.repository`);
 * the stacks set it explicitly, so a chart release that moves its default cannot bypass a mirror.
 */
export const DEPLOY_SOURCES = {
  metricsServer: {
    chart: { repository: HELM_REPOSITORIES.metricsServer, chart: 'metrics-server' },
    image: { registry: IMAGE_REGISTRIES.kubernetes, path: 'metrics-server/metrics-server' },
  },
  clusterAutoscaler: {
    chart: { repository: HELM_REPOSITORIES.autoscaler, chart: 'cluster-autoscaler' },
    image: { registry: IMAGE_REGISTRIES.kubernetes, path: 'autoscaling/cluster-autoscaler' },
  },
  fluentBit: {
    chart: { repository: HELM_REPOSITORIES.eksCharts, chart: 'aws-for-fluent-bit' },
    image: { registry: IMAGE_REGISTRIES.ecrPublic, path: 'aws-observability/aws-for-fluent-bit' },
  },
  loadBalancerController: {
    chart: { repository: HELM_REPOSITORIES.eksCharts, chart: 'aws-load-balancer-controller' },
    image: { registry: IMAGE_REGISTRIES.eksUsWest2, path: 'amazon/aws-load-balancer-controller' },
  },
  // The driver's chart runs four images; its values name each (linux.image, linux.crds.image,
  // linux.registrarImage, linux.livenessProbeImage in its values.yaml).
  secretsStoreCsiDriver: {
    chart: { repository: HELM_REPOSITORIES.secretsStoreCsiDriver, chart: 'secrets-store-csi-driver' },
    image: { registry: IMAGE_REGISTRIES.kubernetes, path: 'csi-secrets-store/driver' },
  },
  secretsStoreCrds: { image: { registry: IMAGE_REGISTRIES.kubernetes, path: 'csi-secrets-store/driver-crds' } },
  secretsStoreRegistrar: { image: { registry: IMAGE_REGISTRIES.kubernetes, path: 'sig-storage/csi-node-driver-registrar' } },
  secretsStoreLivenessProbe: { image: { registry: IMAGE_REGISTRIES.kubernetes, path: 'sig-storage/livenessprobe' } },
  secretsStoreAwsProvider: {
    chart: { repository: HELM_REPOSITORIES.secretsStoreAwsProvider, chart: 'secrets-store-csi-driver-provider-aws' },
    image: { registry: IMAGE_REGISTRIES.ecrPublic, path: 'aws-secrets-manager/secrets-store-csi-driver-provider-aws' },
  },
  /** A manifest of our own (charts/dns-autoscaler-chart.ts), no Helm chart. */
  dnsAutoscaler: {
    image: { registry: IMAGE_REGISTRIES.kubernetes, path: 'cpa/cluster-proportional-autoscaler' },
  },
} as const satisfies Record<string, { readonly chart?: ChartSource; readonly image: ImageSource }>;

/** The Helm repositories and image registries a config may mirror: every default of the table above. */
export const MIRRORABLE_HELM_REPOSITORIES: readonly string[] = Object.values(HELM_REPOSITORIES);
export const MIRRORABLE_IMAGE_REGISTRIES: readonly string[] = Object.values(IMAGE_REGISTRIES);

/** Default source → mirror, as the config's `mirrors:` gives them (validated by the config loader). */
export interface Mirrors {
  /** Default repository URL → `https://` repository or `oci://` registry path. */
  readonly helmRepositories: Readonly<Record<string, string>>;
  /** Default registry host → mirror host, optionally with a path prefix (an ECR pull-through cache's). */
  readonly imageRegistries: Readonly<Record<string, string>>;
}

export const NO_MIRRORS: Mirrors = { helmRepositories: {}, imageRegistries: {} };

/**
 * The chart as the kubectl handler is to fetch it. An `oci://` mirror is pulled as one reference,
 * `<mirror>/<chart>`, which aws-eks-v2's handler then installs from the local copy (logging in to
 * ECR first when the mirror is a private ECR registry); an `https://` mirror is a chart repository
 * like the default.
 */
export function chartFrom(source: ChartSource, mirrors: Mirrors): ChartSource {
  const mirror = mirrors.helmRepositories[source.repository];
  if (!mirror) return source;
  return { repository: mirror.startsWith('oci://') ? `${mirror}/${source.chart}` : mirror, chart: source.chart };
}

/**
 * The image repository (no tag) on its mirror: the path kept under the mirror's, as an ECR
 * pull-through cache rule maps `<prefix>/<upstream path>` to the upstream registry
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-working-pulling.html).
 */
export function imageFrom(source: ImageSource, mirrors: Mirrors): string {
  return `${mirrors.imageRegistries[source.registry] ?? source.registry}/${source.path}`;
}

/**
 * The Secrets Store CSI driver (the CSIDriver, its DaemonSet, and the SecretProviderClass CRD):
 * 1.5.3, the version the AWS provider's chart locks as its dependency (Chart.lock of
 * aws/secrets-store-csi-driver-provider-aws, July 2025). Installed on its own rather than as that
 * chart's sub-chart, so that its version is pinned here, not by a `^1` range.
 */
export const SECRETS_STORE_CSI_DRIVER_CHART_VERSION = '1.5.3';

/**
 * The AWS provider for it (ASCP), whose `usePodIdentity` parameter reads secrets as the pod's own
 * Pod Identity role (since the provider's Pod Identity release, aws/secrets-store-csi-driver-provider-aws#427,
 * February 2025; chart 2.x carries it). A Helm chart, not an EKS add-on: the install that the
 * Secrets Manager guide and the provider's README document
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/integrating_csi_driver.html);
 * no EKS add-on of it with per-minor versions to pin was found in the documentation checked.
 */
export const SECRETS_STORE_AWS_PROVIDER_CHART_VERSION = '2.2.0';
