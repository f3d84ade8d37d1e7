import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { chartFrom, DEPLOY_SOURCES, imageFrom, NO_MIRRORS, type Mirrors } from '../domain/kubernetes-releases';
import { containerLogGroupName } from '../domain/naming';
import { skipCheckovChecks } from './private/acknowledge';

/** aws-for-fluent-bit chart of aws/eks-charts. */
export const FLUENT_BIT_CHART_VERSION = '0.1.35';
/**
 * The image the chart runs, newer than the chart's default (2.32.2.20240425): 2.32.5 is the first
 * aws-for-fluent-bit whose `cloudwatch_logs` output takes EKS Pod Identity credentials
 * (https://github.com/aws/aws-for-fluent-bit/pull/888, "Release 2.32.5"); before it, the plugin
 * fell back to the node role and shipped nothing while the release reported success. This build
 * runs under chart 0.1.35 (https://github.com/aws/aws-for-fluent-bit/issues/784).
 */
export const FLUENT_BIT_IMAGE_TAG = '2.32.5.20250327';
/** The first aws-for-fluent-bit release with Pod Identity support (above). */
export const FLUENT_BIT_POD_IDENTITY_SINCE = '2.32.5';
/**
 * Log shipping must keep its slot on a full node: at the default priority 0 every service pod
 * could preempt it, and the planner counts the DaemonSet on every node.
 */
export const FLUENT_BIT_PRIORITY_CLASS = 'system-node-critical';
const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'aws-for-fluent-bit';

export interface ContainerLogsProps {
  /** The cluster whose container logs are shipped. */
  readonly cluster: eks.Cluster;
  /** How long CloudWatch keeps them. */
  readonly retention: logs.RetentionDays;
  /** Mirrors of its chart repository and image registry. @default - the defaults */
  readonly mirrors?: Mirrors;
}

/**
 * Every container's stdout/stderr shipped to one CloudWatch Logs group with a retention, by the
 * aws-for-fluent-bit DaemonSet. The group is created here, not by Fluent Bit, so its retention
 * is code and `cdk destroy` removes it.
 */
export class ContainerLogs extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: ContainerLogsProps) {
    super(scope, id);
    const { cluster } = props;
    const mirrors = props.mirrors ?? NO_MIRRORS;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: containerLogGroupName(cluster.clusterName),
      retention: props.retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    skipCheckovChecks(
      this.logGroup,
      ['CKV_AWS_158'],
      'CloudWatch Logs always encrypts log data at rest; a customer managed key would add cost and a key policy every writer and reader must be granted',
    );

    const serviceAccount = new eks.ServiceAccount(this, 'ServiceAccount', {
      cluster,
      name: SERVICE_ACCOUNT,
      namespace: NAMESPACE,
      identityType: eks.IdentityType.POD_IDENTITY,
    });
    this.logGroup.grant(serviceAccount, 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams');

    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster,
      ...chartFrom(DEPLOY_SOURCES.fluentBit.chart, mirrors),
      version: FLUENT_BIT_CHART_VERSION,
      release: 'aws-for-fluent-bit',
      namespace: NAMESPACE,
      values: {
        image: { repository: imageFrom(DEPLOY_SOURCES.fluentBit.image, mirrors), tag: FLUENT_BIT_IMAGE_TAG },
        priorityClassName: FLUENT_BIT_PRIORITY_CLASS,
        serviceAccount: { create: false, name: SERVICE_ACCOUNT },
        cloudWatchLogs: {
          enabled: true,
          region: Stack.of(this).region,
          logGroupName: this.logGroup.logGroupName,
          autoCreateGroup: false,
        },
        firehose: { enabled: false },
        kinesis: { enabled: false },
        elasticsearch: { enabled: false },
        resources: { requests: { cpu: '50m', memory: '50Mi' }, limits: { memory: '250Mi' } },
      },
    });
    this.chart.node.addDependency(serviceAccount);
  }
}
