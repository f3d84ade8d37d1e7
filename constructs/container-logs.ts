import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { containerLogGroupName } from '../domain/naming';

/** aws-for-fluent-bit chart of aws/eks-charts. */
export const FLUENT_BIT_CHART_VERSION = '0.1.35';
const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'aws-for-fluent-bit';

export interface ContainerLogsProps {
  /** The cluster whose container logs are shipped. */
  readonly cluster: eks.Cluster;
  /** How long CloudWatch keeps them. */
  readonly retention: logs.RetentionDays;
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

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: containerLogGroupName(cluster.clusterName),
      retention: props.retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const serviceAccount = new eks.ServiceAccount(this, 'ServiceAccount', {
      cluster,
      name: SERVICE_ACCOUNT,
      namespace: NAMESPACE,
      identityType: eks.IdentityType.POD_IDENTITY,
    });
    this.logGroup.grant(serviceAccount, 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams');

    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster,
      chart: 'aws-for-fluent-bit',
      repository: 'https://aws.github.io/eks-charts',
      version: FLUENT_BIT_CHART_VERSION,
      release: 'aws-for-fluent-bit',
      namespace: NAMESPACE,
      values: {
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
