import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import {
  chartFrom,
  DEPLOY_SOURCES,
  imageFrom,
  NO_MIRRORS,
  SECRETS_STORE_AWS_PROVIDER_CHART_VERSION,
  SECRETS_STORE_CSI_DRIVER_CHART_VERSION,
  type ChartSource,
  type Mirrors,
} from '../domain/kubernetes-releases';

/**
 * Both DaemonSets must keep their slot on a full node: a pod whose secrets volume cannot mount
 * never starts, and the planner counts them on every node (domain/cost/system-pods.ts).
 */
export const SECRETS_STORE_PRIORITY_CLASS = 'system-node-critical';
const NAMESPACE = 'kube-system';

export interface SecretsStoreProps {
  /** The cluster whose pods read secrets. */
  readonly cluster: eks.Cluster;
  /** Where the charts and images come from instead of their public sources. @default - the public sources */
  readonly mirrors?: Mirrors;
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
    const mirrors = props.mirrors ?? NO_MIRRORS;
    const image = (source: keyof typeof DEPLOY_SOURCES) => ({ repository: imageFrom(DEPLOY_SOURCES[source].image, mirrors) });
    // Values: https://github.com/kubernetes-sigs/secrets-store-csi-driver/tree/main/charts/secrets-store-csi-driver
    this.driver = helmChart(this, 'Driver', props.cluster, {
      source: chartFrom(DEPLOY_SOURCES.secretsStoreCsiDriver.chart, mirrors),
      version: SECRETS_STORE_CSI_DRIVER_CHART_VERSION,
      release: 'csi-secrets-store',
      values: {
        syncSecret: { enabled: true },
        enableSecretRotation: false,
        linux: {
          priorityClassName: SECRETS_STORE_PRIORITY_CLASS,
          image: image('secretsStoreCsiDriver'),
          crds: { image: image('secretsStoreCrds') },
          registrarImage: image('secretsStoreRegistrar'),
          livenessProbeImage: image('secretsStoreLivenessProbe'),
          // The chart's own requests, written out: domain/cost/system-pods.ts plans their sum.
          driver: { resources: { requests: { cpu: '50m', memory: '100Mi' }, limits: { cpu: '200m', memory: '200Mi' } } },
          registrar: { resources: { requests: { cpu: '10m', memory: '20Mi' }, limits: { cpu: '100m', memory: '100Mi' } } },
          livenessProbe: { resources: { requests: { cpu: '10m', memory: '20Mi' }, limits: { cpu: '100m', memory: '100Mi' } } },
        },
      },
    });
    // Values: https://github.com/aws/secrets-store-csi-driver-provider-aws/tree/main/charts/secrets-store-csi-driver-provider-aws
    this.provider = helmChart(this, 'AwsProvider', props.cluster, {
      source: chartFrom(DEPLOY_SOURCES.secretsStoreAwsProvider.chart, mirrors),
      version: SECRETS_STORE_AWS_PROVIDER_CHART_VERSION,
      release: 'secrets-provider-aws',
      values: {
        'secrets-store-csi-driver': { install: false },
        priorityClassName: SECRETS_STORE_PRIORITY_CLASS,
        image: image('secretsStoreAwsProvider'),
        resources: { requests: { cpu: '50m', memory: '100Mi' }, limits: { cpu: '50m', memory: '100Mi' } },
      },
    });
    this.provider.node.addDependency(this.driver);
  }
}

interface ChartRelease {
  readonly source: ChartSource;
  readonly version: string;
  readonly release: string;
  readonly values: Record<string, unknown>;
}

function helmChart(scope: Construct, id: string, cluster: eks.Cluster, chart: ChartRelease): eks.HelmChart {
  return new eks.HelmChart(scope, id, {
    cluster,
    chart: chart.source.chart,
    repository: chart.source.repository,
    version: chart.version,
    release: chart.release,
    namespace: NAMESPACE,
    values: chart.values,
  });
}
