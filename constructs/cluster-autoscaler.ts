import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { chartFrom, DEPLOY_SOURCES, imageFrom, kubernetesRelease, NO_MIRRORS, type Mirrors } from '../domain/kubernetes-releases';
import { acknowledgeFindings } from './private/acknowledge';

/**
 * Helm chart of kubernetes/autoscaler. Its image tag is set per Kubernetes minor from
 * domain/kubernetes-releases.ts, so one chart version serves every supported minor.
 */
export const CLUSTER_AUTOSCALER_CHART_VERSION = '9.47.0';
const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'cluster-autoscaler';

export interface ClusterAutoscalerProps {
  /** The cluster whose managed node groups it scales. */
  readonly cluster: eks.Cluster;
  /** The cluster's name as a plain string: IAM condition keys cannot be deploy-time tokens. */
  readonly clusterName: string;
  /** The cluster's Kubernetes minor version, e.g. `1.35`: the autoscaler's must match. */
  readonly kubernetesVersion: string;
  /** Mirrors of its chart repository and image registry. @default - the defaults */
  readonly mirrors?: Mirrors;
}

/**
 * Cluster Autoscaler for the managed node groups: adds nodes when pods are pending (HPA scale-out)
 * and removes idle ones. Its role may only resize the Auto Scaling groups that EKS tagged as this
 * cluster's (`k8s.io/cluster-autoscaler/<cluster>: owned`), through EKS Pod Identity.
 */
export class ClusterAutoscaler extends Construct {
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const { cluster, clusterName } = props;
    const mirrors = props.mirrors ?? NO_MIRRORS;
    const stack = Stack.of(this);

    const serviceAccount = new eks.ServiceAccount(this, 'ServiceAccount', {
      cluster,
      name: SERVICE_ACCOUNT,
      namespace: NAMESPACE,
      identityType: eks.IdentityType.POD_IDENTITY,
    });
    serviceAccount.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DiscoverNodeGroups',
        // Describe calls support no resource-level permissions.
        actions: [
          'autoscaling:DescribeAutoScalingGroups',
          'autoscaling:DescribeAutoScalingInstances',
          'autoscaling:DescribeLaunchConfigurations',
          'autoscaling:DescribeScalingActivities',
          'autoscaling:DescribeTags',
          'ec2:DescribeImages',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplateVersions',
          'ec2:GetInstanceTypesFromInstanceRequirements',
        ],
        resources: ['*'],
      }),
    );
    serviceAccount.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DescribeOwnNodeGroups',
        actions: ['eks:DescribeNodegroup'],
        resources: [stack.formatArn({ service: 'eks', resource: 'nodegroup', resourceName: `${clusterName}/*` })],
      }),
    );
    serviceAccount.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ResizeOwnNodeGroups',
        actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
        resources: ['*'],
        conditions: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' } },
      }),
    );
    acknowledgeFindings(
      serviceAccount,
      'AwsSolutions-IAM5',
      ['Resource::*', `Resource::arn:<AWS::Partition>:eks:${stack.region}:${stack.account}:nodegroup/${clusterName}/*`],
      "Auto Scaling and EC2 Describe* calls support no resource-level permissions; resizing is limited to this cluster's node groups by the aws:ResourceTag condition, eks:DescribeNodegroup to this cluster's node groups.",
    );

    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster,
      ...chartFrom(DEPLOY_SOURCES.clusterAutoscaler.chart, mirrors),
      version: CLUSTER_AUTOSCALER_CHART_VERSION,
      release: 'cluster-autoscaler',
      namespace: NAMESPACE,
      values: {
        cloudProvider: 'aws',
        awsRegion: stack.region,
        autoDiscovery: { clusterName },
        image: {
          repository: imageFrom(DEPLOY_SOURCES.clusterAutoscaler.image, mirrors),
          tag: kubernetesRelease(props.kubernetesVersion).clusterAutoscalerImageTag,
        },
        rbac: { serviceAccount: { create: false, name: SERVICE_ACCOUNT } },
        priorityClassName: 'system-cluster-critical',
        resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '600Mi' } },
        extraArgs: {
          // Spread scale-out over zones, as the Deployments' zone spread asks.
          'balance-similar-node-groups': true,
          expander: 'least-waste',
          'skip-nodes-with-system-pods': false,
          // Every service pod mounts an emptyDir at /tmp (scratch space, nothing kept): with the
          // default (true) no node that runs one is ever removed, and after one peak the node
          // groups stay at their maximum (Cluster Autoscaler FAQ, "What types of pods can prevent
          // CA from removing a node?": https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md).
          'skip-nodes-with-local-storage': false,
        },
      },
    });
    this.chart.node.addDependency(serviceAccount);
  }
}
