import { Annotations, RemovalPolicy, Stack, Tags, type CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { NodeGroupConfig } from '../config';
import { controlPlaneLogGroupName } from '../domain/naming';
import { ClusterAutoscaler } from './cluster-autoscaler';
import { ContainerLogs } from './container-logs';
import { kubectlLayerFor } from './kubectl-layer';
import { acknowledgeFindings, acknowledgeRule, managedPolicyFinding } from './private/acknowledge';

/**
 * AWS Load Balancer Controller: registers pods in the stacks' target groups through TargetGroupBindings
 * (charts/service-chart.ts); it creates no load balancer of its own.
 */
export const ALB_CONTROLLER_VERSION = eks.AlbControllerVersion.V2_17_1;
/** Control-plane and container logs are kept a month: enough to investigate, cheap to hold. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;
/** All five control-plane log types. */
export const CONTROL_PLANE_LOG_TYPES = [
  eks.ClusterLoggingTypes.API,
  eks.ClusterLoggingTypes.AUDIT,
  eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
  eks.ClusterLoggingTypes.SCHEDULER,
];

export interface SharedClusterProps {
  /** EKS cluster name: `<app>-<cluster>`, fixed for the cluster's life (clusters are immutable). */
  readonly clusterName: string;
  /** Kubernetes minor version, e.g. `1.33`. */
  readonly kubernetesVersion: string;
  /** The existing VPC. */
  readonly vpc: ec2.IVpc;
  /** Managed node groups, spread over the VPC's private subnets. */
  readonly nodeGroups: readonly NodeGroupConfig[];
  /** IAM roles granted cluster admin through access entries. @default - none */
  readonly adminRoleArns?: readonly string[];
  /**
   * CIDR blocks that may reach the public API endpoint.
   * @default - none: the endpoint is private, reachable from the VPC only
   */
  readonly publicEndpointCidrs?: readonly string[];
}

/**
 * An EKS cluster shared by many services and environments, inside an existing VPC: managed node
 * groups that the Cluster Autoscaler resizes, the managed add-ons HPA and DNS need, the AWS Load
 * Balancer Controller for TargetGroupBindings, control-plane and container logs with a
 * retention, and admin access entries.
 */
export class SharedCluster extends Construct {
  readonly cluster: eks.Cluster;
  /** The AWS Load Balancer Controller: TargetGroupBindings must go before it on teardown (it removes their finalizer). */
  readonly loadBalancerController: Construct;
  /** The CoreDNS add-on that the DNS autoscaler scales. */
  readonly coreDns: eks.Addon;
  readonly nodeGroups: readonly eks.Nodegroup[];

  constructor(scope: Construct, id: string, props: SharedClusterProps) {
    super(scope, id);
    const privateSubnets = { subnets: props.vpc.privateSubnets };

    // Created before the cluster, so the control plane's logs get a retention instead of "never expire".
    // Deleted with the stack: EKS writes to a fixed name, so a group left behind would make the
    // next cluster of the same name fail to create (clusters are replaced, not upgraded).
    const controlPlaneLogs = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: controlPlaneLogGroupName(props.clusterName),
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      version: eks.KubernetesVersion.of(props.kubernetesVersion),
      vpc: props.vpc,
      vpcSubnets: [privateSubnets],
      endpointAccess: endpointAccess(props.publicEndpointCidrs ?? []),
      defaultCapacity: 0,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      // The add-ons below are EKS-managed instead: versioned, upgradable, visible.
      bootstrapSelfManagedAddons: false,
      kubectlProviderOptions: { kubectlLayer: kubectlLayerFor(this, props.kubernetesVersion) },
      clusterLogging: CONTROL_PLANE_LOG_TYPES,
      albController: { version: ALB_CONTROLLER_VERSION },
    });
    this.cluster.node.addDependency(controlPlaneLogs);
    // Imported subnets cannot be tagged from here; the README lists the tags the VPC needs.
    Annotations.of(this.cluster).acknowledgeWarning(
      '@aws-cdk/aws-eks:clusterMustManuallyTagSubnet',
      'The imported VPC is tagged by its owner: kubernetes.io/role/elb=1 on public subnets (README, "The VPC").',
    );

    // Networking add-ons first: nodes are not Ready without the CNI.
    const vpcCni = this.addon('VpcCni', 'vpc-cni');
    const kubeProxy = this.addon('KubeProxy', 'kube-proxy');
    const podIdentityAgent = this.cluster.eksPodIdentityAgent!;

    this.nodeGroups = props.nodeGroups.map((group) => {
      const nodeGroup = this.cluster.addNodegroupCapacity(`NodeGroup-${group.name}`, {
        instanceTypes: [new ec2.InstanceType(group.instanceType)],
        amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
        capacityType: eks.CapacityType.ON_DEMAND,
        minSize: group.minSize,
        maxSize: group.maxSize,
        desiredSize: group.desiredSize ?? group.minSize,
        subnets: privateSubnets,
        labels: { 'kubeshift.io/node-group': group.name },
      });
      nodeGroup.node.addDependency(vpcCni, kubeProxy, podIdentityAgent);
      return nodeGroup;
    });

    // These schedule pods, so they wait for nodes.
    this.coreDns = this.addon('CoreDns', 'coredns');
    const metricsServer = this.addon('MetricsServer', 'metrics-server');
    for (const addon of [this.coreDns, metricsServer]) addon.node.addDependency(...this.nodeGroups);

    this.loadBalancerController = this.cluster.albController!;
    this.loadBalancerController.node.addDependency(...this.nodeGroups);

    const autoscaler = new ClusterAutoscaler(this, 'ClusterAutoscaler', {
      cluster: this.cluster,
      clusterName: props.clusterName,
      kubernetesVersion: props.kubernetesVersion,
    });
    const containerLogs = new ContainerLogs(this, 'ContainerLogs', { cluster: this.cluster, retention: LOG_RETENTION });
    for (const workload of [autoscaler.chart, containerLogs.chart]) workload.node.addDependency(...this.nodeGroups);

    for (const arn of props.adminRoleArns ?? []) {
      // The role name, not the list position: reordering the list must not replace entries.
      this.cluster.grantAccess(`Admin-${arn.split('/').pop()}`, arn, [
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
      ]);
    }
    Tags.of(this).add('kubeshift:cluster', props.clusterName);
    this.acknowledgeAwsManagedParts();
  }

  /** cdk-nag findings on parts that aws-eks-v2 builds as AWS documents them, each with its reason. */
  private acknowledgeAwsManagedParts(): void {
    const stack = Stack.of(this);
    acknowledgeFindings(
      this.cluster.role,
      'AwsSolutions-IAM4',
      [managedPolicyFinding('AmazonEKSClusterPolicy')],
      'EKS requires AmazonEKSClusterPolicy on the cluster role.',
    );
    for (const nodeGroup of this.nodeGroups) {
      acknowledgeFindings(
        nodeGroup.role,
        'AwsSolutions-IAM4',
        ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'].map(managedPolicyFinding),
        'The node role policies EKS documents for managed node groups (join the cluster, run the VPC CNI, pull images).',
      );
    }

    const provider = this.cluster.kubectlProvider!;
    const handler = provider.node.findChild('Handler');
    const ecrPublic = handler.node.findChild('HasEcrPublic');
    acknowledgeFindings(
      provider,
      'AwsSolutions-IAM4',
      [
        managedPolicyFinding('service-role/AWSLambdaBasicExecutionRole'),
        managedPolicyFinding('service-role/AWSLambdaVPCAccessExecutionRole'),
        managedPolicyFinding('AmazonEC2ContainerRegistryReadOnly'),
        `Policy::{"Fn::If":["${stack.getLogicalId(ecrPublic as CfnResource)}",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}`,
      ],
      'The kubectl provider of aws-eks-v2: Lambda logging and VPC access, and image pulls for Helm charts, as the construct defines them.',
    );
    acknowledgeFindings(
      provider,
      'AwsSolutions-IAM5',
      [`Resource::<${stack.getLogicalId(handler.node.defaultChild as CfnResource)}.Arn>:*`],
      'The custom-resource framework may invoke any version of its own handler function.',
    );
    acknowledgeRule(
      provider,
      'AwsSolutions-L1',
      'aws-eks-v2 pins the kubectl handler to the newest Python runtime its kubectl layer is tested with.',
    );

    acknowledgeFindings(
      this.loadBalancerController.node.findChild('alb-sa'),
      'AwsSolutions-IAM5',
      [
        'Resource::*',
        'Resource::arn:<AWS::Partition>:ec2:*:*:security-group/*',
        ...[
          'loadbalancer/app/*/*',
          'loadbalancer/net/*/*',
          'targetgroup/*/*',
          'listener-rule/app/*/*/*',
          'listener-rule/net/*/*/*',
          'listener/app/*/*/*',
          'listener/net/*/*/*',
        ].map((resource) => `Resource::arn:<AWS::Partition>:elasticloadbalancing:*:*:${resource}`),
      ],
      "The AWS Load Balancer Controller's published IAM policy: it creates load balancers and security groups whose names it cannot know in advance; writes are conditioned on the elbv2.k8s.aws/cluster tag.",
    );
  }

  private addon(id: string, addonName: string): eks.Addon {
    return new eks.Addon(this, id, { cluster: this.cluster, addonName });
  }
}

/**
 * Private only unless CIDRs are given, then public from those CIDRs and private. With private
 * access on, aws-eks-v2 runs its kubectl handler in the VPC's private subnets, so the stack still
 * applies manifests (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html).
 */
function endpointAccess(publicCidrs: readonly string[]): eks.EndpointAccess {
  return publicCidrs.length === 0 ? eks.EndpointAccess.PRIVATE : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...publicCidrs);
}
