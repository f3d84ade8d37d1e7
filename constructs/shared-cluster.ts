import { Annotations, CfnResource, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { NodeGroupConfig } from '../config';
import {
  chartFrom,
  DEPLOY_SOURCES,
  imageFrom,
  kubernetesRelease,
  NO_MIRRORS,
  type EksAddonName,
  type Mirrors,
} from '../domain/kubernetes-releases';
import { SYSTEM_PRIORITY_CLASSES, controlPlaneLogGroupName } from '../domain/naming';
import { zonalNodeGroups } from '../domain/zonal-node-groups';
import { ClusterAutoscaler } from './cluster-autoscaler';
import { ContainerLogs } from './container-logs';
import { kubectlLayerFor } from './kubectl-layer';
import { SecretsStore } from './secrets-store';
import {
  acknowledgeFindings,
  acknowledgeRule,
  managedPolicyFinding,
  skipCheckovChecks,
  skipCheckovChecksOnType,
  skipCheckovOnCdkOwnedLambdas,
} from './private/acknowledge';
import { acknowledgeCustomResourceProvider, NodeGroupScaling } from './private/node-group-scaling';

/**
 * AWS Load Balancer Controller: registers pods in the stacks' target groups through TargetGroupBindings
 * (charts/service-chart.ts); it creates no load balancer of its own.
 */
export const ALB_CONTROLLER_VERSION = eks.AlbControllerVersion.V2_17_1;
/**
 * metrics-server (for the HPAs) from its project's Helm chart: the version EKS Blueprints 1.19.0
 * pins (dist/addons/metrics-server). Not the EKS community add-on, whose versions no EKS page lists
 * per Kubernetes minor, so it could not be pinned. The chart's defaults (requests 100m / 200Mi,
 * `system-cluster-critical`) are what domain/cost/system-pods.ts plans.
 */
export const METRICS_SERVER_CHART_VERSION = '3.13.1';
/**
 * On an add-on update, EKS overwrites any field that differs from its defaults and our
 * configuration: kubeshift changes no add-on object by hand, so nothing is lost, and an update
 * never stalls on a conflict (https://docs.aws.amazon.com/eks/latest/userguide/updating-an-add-on.html).
 */
export const ADDON_RESOLVE_CONFLICTS = 'OVERWRITE';
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
  /** Mirrors of the add-ons' chart repositories and image registries. @default - the defaults (domain/kubernetes-releases.ts) */
  readonly mirrors?: Mirrors;
}

/**
 * An EKS cluster shared by many services and environments, inside an existing VPC: managed node
 * groups that the Cluster Autoscaler resizes, the add-ons HPA and DNS need (pinned per Kubernetes
 * minor in domain/kubernetes-releases.ts), the AWS Load Balancer Controller for TargetGroupBindings,
 * control-plane and container logs with a
 * retention, and admin access entries.
 */
export class SharedCluster extends Construct {
  readonly cluster: eks.Cluster;
  /** The AWS Load Balancer Controller: TargetGroupBindings must go before it on teardown (it removes their finalizer). */
  readonly loadBalancerController: Construct;
  /** The CoreDNS add-on that the DNS autoscaler scales. */
  readonly coreDns: eks.Addon;
  /** The Secrets Store CSI driver and its AWS provider: services with secrets are applied after them (the SecretProviderClass CRD). */
  readonly secretsStore: SecretsStore;
  readonly nodeGroups: readonly eks.Nodegroup[];

  constructor(scope: Construct, id: string, props: SharedClusterProps) {
    super(scope, id);
    const privateSubnets = { subnets: props.vpc.privateSubnets };
    const mirrors = props.mirrors ?? NO_MIRRORS;

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
      // Priority stated, not left to the chart's default: test/lib/system-priority.test.ts reads it here.
      albController: {
        version: ALB_CONTROLLER_VERSION,
        repository: imageFrom(DEPLOY_SOURCES.loadBalancerController.image, mirrors),
        additionalHelmChartValues: { priorityClassName: SYSTEM_PRIORITY_CLASSES.cluster },
      },
    });
    this.cluster.node.addDependency(controlPlaneLogs);
    // Imported subnets cannot be tagged from here, and kubeshift needs no subnet tag: its load
    // balancers are placed in the config's public subnets by the stack, not discovered by the controller.
    Annotations.of(this.cluster).acknowledgeWarning(
      '@aws-cdk/aws-eks:clusterMustManuallyTagSubnet',
      'kubeshift places its load balancers in the configured public subnets itself; no subnet tag is read (README, "The VPC").',
    );

    // Networking add-ons first: nodes are not Ready without the CNI.
    const addonVersions = kubernetesRelease(props.kubernetesVersion).addonVersions;
    // Its network-policy agent on, so the environments' NetworkPolicies are enforced: without it
    // the objects are accepted and nothing is filtered
    // (https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html, step 4).
    const vpcCni = this.addon('VpcCni', 'vpc-cni', addonVersions, { enableNetworkPolicy: 'true' });
    const kubeProxy = this.addon('KubeProxy', 'kube-proxy', addonVersions);
    // aws-eks-v2 adds the Pod Identity agent itself; pinned here like the others.
    const podIdentityAgent = this.cluster.eksPodIdentityAgent!;
    pin(podIdentityAgent.node.defaultChild as eks.CfnAddon, addonVersions['eks-pod-identity-agent']);

    // One managed node group per configured group and zone (domain/zonal-node-groups.ts).
    this.nodeGroups = props.nodeGroups.flatMap((group) =>
      zonalNodeGroups(group, props.vpc.availabilityZones).map((zonal) => {
        const nodeGroup = this.cluster.addNodegroupCapacity(`NodeGroup-${group.name}-${zonal.zone}`, {
          instanceTypes: [new ec2.InstanceType(group.instanceType)],
          amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
          capacityType: eks.CapacityType.ON_DEMAND,
          // Overridden: the sizes are set by NodeGroupScaling below.
          minSize: zonal.minSize,
          maxSize: zonal.maxSize,
          desiredSize: zonal.desiredSize ?? zonal.minSize,
          subnets: { subnets: props.vpc.privateSubnets.filter((subnet) => subnet.availabilityZone === zonal.zone) },
          labels: { 'kubeshift.io/node-group': group.name },
        });
        nodeGroup.node.addDependency(vpcCni, kubeProxy, podIdentityAgent);
        // A child of the node group, so whatever waits for the node group waits for its sizes too.
        new NodeGroupScaling(nodeGroup, `Scaling-${group.instanceType}`, { nodeGroup, clusterName: props.clusterName, sizes: zonal });
        return nodeGroup;
      }),
    );

    // These schedule pods, so they wait for nodes.
    this.coreDns = this.addon('CoreDns', 'coredns', addonVersions);
    const metricsServer = this.cluster.addHelmChart('MetricsServer', {
      ...chartFrom(DEPLOY_SOURCES.metricsServer.chart, mirrors),
      version: METRICS_SERVER_CHART_VERSION,
      release: 'metrics-server',
      namespace: 'kube-system',
      values: {
        priorityClassName: SYSTEM_PRIORITY_CLASSES.cluster,
        image: { repository: imageFrom(DEPLOY_SOURCES.metricsServer.image, mirrors) },
      },
    });
    for (const workload of [this.coreDns, metricsServer]) workload.node.addDependency(...this.nodeGroups);

    this.loadBalancerController = this.cluster.albController!;
    // aws-eks-v2 fixes the controller's chart repository (only its image is a prop): set on the Helm custom resource.
    const albChart = this.loadBalancerController.node.findChild('Resource').node.findChild('Resource').node.defaultChild as CfnResource;
    albChart.addPropertyOverride('Repository', chartFrom(DEPLOY_SOURCES.loadBalancerController.chart, mirrors).repository);
    this.loadBalancerController.node.addDependency(...this.nodeGroups);

    const autoscaler = new ClusterAutoscaler(this, 'ClusterAutoscaler', {
      cluster: this.cluster,
      clusterName: props.clusterName,
      kubernetesVersion: props.kubernetesVersion,
      mirrors,
    });
    const containerLogs = new ContainerLogs(this, 'ContainerLogs', { cluster: this.cluster, retention: LOG_RETENTION, mirrors });
    this.secretsStore = new SecretsStore(this, 'SecretsStore', { cluster: this.cluster, mirrors });
    for (const workload of [autoscaler.chart, containerLogs.chart, this.secretsStore.driver])
      workload.node.addDependency(...this.nodeGroups);

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

    acknowledgeCustomResourceProvider(this);

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

    // checkov findings on the same parts, each skipped on its resource with why (constructs/private/acknowledge.ts).
    skipCheckovOnCdkOwnedLambdas(provider, ['CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_173']);
    skipCheckovChecksOnType(
      this.loadBalancerController.node.findChild('alb-sa'),
      'AWS::IAM::Policy',
      ['CKV_AWS_111'],
      "The AWS Load Balancer Controller's published IAM policy: writes are conditioned on the elbv2.k8s.aws/cluster tag",
    );
    // https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
    skipCheckovChecksOnType(
      this.cluster,
      'AWS::EKS::Cluster',
      ['CKV_AWS_58'],
      'EKS envelope-encrypts all Kubernetes API data, Secrets included, with a KMS key by default from Kubernetes 1.28 (the config accepts 1.33 and later)',
    );
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    skipCheckovChecks(
      this.node.findChild('ControlPlaneLogs'),
      ['CKV_AWS_158'],
      'CloudWatch Logs always encrypts log data at rest; a customer managed key would add cost and a key policy, not protection, for control-plane logs',
    );
  }

  private addon(
    id: string,
    addonName: EksAddonName,
    versions: Readonly<Record<EksAddonName, string>>,
    configurationValues?: Record<string, unknown>,
  ): eks.Addon {
    const addon = new eks.Addon(this, id, { cluster: this.cluster, addonName, addonVersion: versions[addonName], configurationValues });
    pin(addon.node.defaultChild as eks.CfnAddon, versions[addonName]);
    return addon;
  }
}

/** A pinned version and the conflict policy; aws-eks-v2's `Addon` has no property for the latter. */
function pin(addon: eks.CfnAddon, version: string): void {
  addon.addonVersion = version;
  addon.resolveConflicts = ADDON_RESOLVE_CONFLICTS;
}

/**
 * Private only unless CIDRs are given, then public from those CIDRs and private. With private
 * access on, aws-eks-v2 runs its kubectl handler in the VPC's private subnets, so the stack still
 * applies manifests (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html).
 */
function endpointAccess(publicCidrs: readonly string[]): eks.EndpointAccess {
  return publicCidrs.length === 0 ? eks.EndpointAccess.PRIVATE : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...publicCidrs);
}
