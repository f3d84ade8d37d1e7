import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { SECRETS_STORE_AWS_PROVIDER_CHART, SECRETS_STORE_CSI_DRIVER_CHART, type PinnedChart } from '../domain/kubernetes-releases';

/**
 * Both DaemonSets must keep their slot on a full node: a pod whose secrets volume cannot mount
 * never starts, and the planner counts them on every node (domain/cost/system-pods.ts).
 */
export const SECRETS_STORE_PRIORITY_CLASS = 'system-node-critical';
const NAMESPACE = 'kube-system';

export interface SecretsStoreProps {
  /** The cluster whose pods read secrets. */
  readonly cluster: eks.Cluster;
}

/**
 * The Secrets Store CSI driver and its AWS provider (ASCP), which give services their `secrets`
 * (charts/secret-provider.ts says why CSI rather than External Secrets Operator). The driver
 * syncs mounted secrets into a Kubernetes Secret (`syncSecret.enabled`, for variables); ASCP
 * itself holds no AWS permission: it reads each pod's secrets as that pod's Pod Identity role.
 * Rotation stays off: variables are read once, when the container starts.
 */
export class SecretsStore extends Construct {
  readonly driver: eks.HelmChart;
  readonly provider: eks.HelmChart;

  constructor(scope: Construct, id: string, props: SecretsStoreProps) {
    super(scope, id);
    // Values: https://github.com/kubernetes-sigs/secrets-store-csi-driver/tree/main/charts/secrets-store-csi-driver
    this.driver = helmChart(this, 'Driver', props.cluster, SECRETS_STORE_CSI_DRIVER_CHART, 'csi-secrets-store', {
      syncSecret: { enabled: true },
      enableSecretRotation: false,
      // The chart's own requests, written out: domain/cost/system-pods.ts plans their sum.
      linux: {
        priorityClassName: SECRETS_STORE_PRIORITY_CLASS,
        driver: { resources: { requests: { cpu: '50m', memory: '100Mi' }, limits: { cpu: '200m', memory: '200Mi' } } },
        registrar: { resources: { requests: { cpu: '10m', memory: '20Mi' }, limits: { cpu: '100m', memory: '100Mi' } } },
        livenessProbe: { resources: { requests: { cpu: '10m', memory: '20Mi' }, limits: { cpu: '100m', memory: '100Mi' } } },
      },
    });
    // Values: https://github.com/aws/secrets-store-csi-driver-provider-aws/tree/main/charts/secrets-store-csi-driver-provider-aws
    this.provider = helmChart(this, 'AwsProvider', props.cluster, SECRETS_STORE_AWS_PROVIDER_CHART, 'secrets-provider-aws', {
      'secrets-store-csi-driver': { install: false },
      priorityClassName: SECRETS_STORE_PRIORITY_CLASS,
      resources: { requests: { cpu: '50m', memory: '100Mi' }, limits: { cpu: '50m', memory: '100Mi' } },
    });
    this.provider.node.addDependency(this.driver);
  }
}

function helmChart(
  scope: Construct,
  id: string,
  cluster: eks.Cluster,
  pinned: PinnedChart,
  release: string,
  values: Record<string, unknown>,
): eks.HelmChart {
  return new eks.HelmChart(scope, id, {
    cluster,
    chart: pinned.chart,
    repository: pinned.repository,
    version: pinned.version,
    release,
    namespace: NAMESPACE,
    values,
  });
}
