import type { Mirrors } from '../domain/kubernetes-releases';
import type { BEANSTALK_LOAD_BALANCERS } from './schema';

/**
 * The validated, typed config that stacks, charts and commands consume. Defaults are applied and
 * every derived value (tiered requests, record names) is computed once, here.
 */

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The Pod Security Standard an environment's namespace enforces. */
export type PodSecurityLevel = 'restricted' | 'baseline';

/** The numeric ids the container runs as. */
export interface ContainerIdentity {
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
}

/** A writable directory (an emptyDir) on the read-only root filesystem. */
export interface WritablePath {
  readonly path: string;
  readonly sizeMebibytes: number;
}

/** How the kubelet checks the container, besides readiness on `healthCheckPath`. */
export interface Probes {
  /** TCP on the port, or an HTTP path of its own: never the readiness path. */
  readonly liveness: { readonly kind: 'tcp' } | { readonly kind: 'http'; readonly path: string };
  /** How long a pod may take to start (the startup probe's budget). */
  readonly startupSeconds: number;
  readonly scheme: 'HTTP' | 'HTTPS';
}

/** Where a secret variable's value is kept. */
export type SecretStore = 'secretsmanager' | 'ssmparameter';

/** An environment variable read, when the pod starts, from Secrets Manager or SSM Parameter Store. */
export interface SecretReference {
  /** Full ARN of the secret or parameter. */
  readonly arn: string;
  /** Which service keeps it, as ASCP's `objectType` names it. */
  readonly store: SecretStore;
  /** @default - the whole value */
  readonly key?: string;
}

/** One statement of the service's role policy: always Allow, never a principal or `Resource: *`. */
export interface IamStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** The service's own AWS permissions: what the Beanstalk instance profile granted. */
export interface ServiceIam {
  readonly managedPolicyArns: readonly string[];
  readonly statements: readonly IamStatement[];
}

/** CPU and memory as numbers, so that charts and the cost planner compute alike. */
export interface Resources {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  /** Memory in mebibytes. */
  readonly memoryMebibytes: number;
}

/** What the pod spec says: requests and limits as its environment's QoS tier sets them. */
export interface PodResources {
  /** @default - none (BestEffort) */
  readonly requests?: Resources;
  /** @default - none (BestEffort) */
  readonly limits?: Resources;
}

export interface Autoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilization, in % of the request, that the HPA aims for. */
  readonly targetCpuUtilization: number;
}

export interface NodeGroupConfig {
  readonly name: string;
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** @default - minSize */
  readonly desiredSize?: number;
}

/** cluster-proportional-autoscaler linear parameters for CoreDNS. */
export interface DnsAutoscalerConfig {
  readonly coresPerReplica: number;
  readonly nodesPerReplica: number;
  readonly min: number;
  /** @default - no upper bound */
  readonly max?: number;
}

export interface ClusterConfig {
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.33`. */
  readonly kubernetesVersion: string;
  readonly nodeGroups: readonly NodeGroupConfig[];
  readonly dnsAutoscaler: DnsAutoscalerConfig;
  /**
   * CIDR blocks that may reach the Kubernetes API's public endpoint. Empty: the endpoint is
   * private, reachable from the VPC only (the CDK's kubectl handler runs there).
   */
  readonly publicEndpointCidrs: readonly string[];
  /** Deletion protection of the cluster's load balancers; off only for a cluster meant to be destroyed. */
  readonly deletionProtection: boolean;
}

export interface EnvironmentConfig {
  readonly name: string;
  readonly qos: QosClass;
  /** PriorityClass value: higher survives preemption and node-pressure eviction longer. */
  readonly priority: number;
  /** Burstable requests as a share of the measured need. */
  readonly requestRatio: number;
  /** @default - records sit directly under the zone */
  readonly subdomain?: string;
  /** Regional WAFv2 web ACL associated with the environment's load balancers. @default - none */
  readonly webAclArn?: string;
  /** @default restricted */
  readonly podSecurity: PodSecurityLevel;
}

/** What fronts a Beanstalk environment: a load balancer type, or `none` for a single instance. */
export type BeanstalkLoadBalancer = (typeof BEANSTALK_LOAD_BALANCERS)[number];

/** How Route 53 checks that a Beanstalk environment serves its service: defaults applied. */
export interface BeanstalkHealthCheck {
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly port: number;
  readonly path: string;
  /** Host header, and SNI over HTTPS; the CNAME unless set. */
  readonly host: string;
}

/** What the legacy Elastic Beanstalk environment runs today. */
export interface BeanstalkConfig {
  /** @default - no Beanstalk record (the environment is gone or never served) */
  readonly cname?: string;
  /** @default - the cost planner's documented default */
  readonly instanceType?: string;
  /** @default - the cost planner's documented default */
  readonly instances?: number;
  /** Present exactly when `cname` is: what checks the Beanstalk record's target. */
  readonly healthCheck?: BeanstalkHealthCheck;
  /** The load balancer type, or `none` (single instance). @default - the cost planner infers it from the instance count */
  readonly loadBalancer?: BeanstalkLoadBalancer;
}

/**
 * One service in one environment: the unit that becomes a Deployment, Service, HPA and PDB on
 * every cluster it names, and one weighted record group.
 */
export interface ServiceEnvironment {
  readonly service: string;
  readonly environment: string;
  readonly image: string;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly qos: QosClass;
  /** Measured need of one replica (the environment's override if any). */
  readonly resources: Resources;
  /** Requests and limits by the environment's tier. */
  readonly podResources: PodResources;
  /** @default - no HPA; `replicas` pods */
  readonly autoscaling?: Autoscaling;
  /** Fixed replica count, used only without autoscaling. */
  readonly replicas: number;
  /** Weight per target: `beanstalk` and cluster names, in the order written. */
  readonly weights: Readonly<Record<string, number>>;
  /** @default - the service never ran on Beanstalk */
  readonly beanstalk?: BeanstalkConfig;
  /** Fully qualified record name, without the trailing dot. */
  readonly recordName: string;
  /**
   * The per-target name of each cluster in `weights` (`<service>.<cluster>[.<subdomain>].<zone>`):
   * an alias to that cluster's load balancer, whatever the weight.
   */
  readonly clusterRecordNames: Readonly<Record<string, string>>;
  /** Seconds the app needs after SIGTERM to finish its requests. */
  readonly shutdownSeconds: number;
  /** Which of the environment's load balancers on each cluster serves it (1 unless set). */
  readonly loadBalancerGroup: number;
  /** Plain environment variables: the service's, with the environment's laid over them. */
  readonly env: Readonly<Record<string, string>>;
  /** Variables read from Secrets Manager or SSM by ARN: the service's, with the environment's laid over them by name. */
  readonly secrets: Readonly<Record<string, SecretReference>>;
  /** The role's own permissions: the environment's `iam` if set, else the service's. @default - no permissions of its own */
  readonly iam?: ServiceIam;
  /** @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** @default - the image's command */
  readonly args?: readonly string[];
  readonly securityContext: ContainerIdentity;
  readonly writablePaths: readonly WritablePath[];
  readonly probes: Probes;
  /** The environment's Pod Security level. */
  readonly podSecurity: PodSecurityLevel;
}

export interface ServiceConfig {
  readonly name: string;
  readonly image: string;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly environments: readonly ServiceEnvironment[];
  /**
   * The service's GitHub repository, `owner/name`: its CI pushes `<image repository>:<commit sha>`.
   * @default - not connected to delivery
   */
  readonly repository?: string;
  readonly shutdownSeconds: number;
  readonly loadBalancerGroup: number;
}

/** Where pull-request previews run and how long one lives without a push. */
export interface PreviewConfig {
  /** The environment whose settings a preview starts from. */
  readonly environment: string;
  readonly cluster: string;
  readonly ttlHours: number;
}

/** Continuous delivery: which environments follow the default branch, and previews. */
export interface DeliveryConfig {
  /** Environments whose Deployments take every green commit of the default branch. */
  readonly deployOnGreen: readonly string[];
  /** @default - no previews */
  readonly previews?: PreviewConfig;
}

export interface KubeshiftConfig {
  /** Prefix of every stack name. */
  readonly app: string;
  readonly account: string;
  readonly region: string;
  readonly vpc: {
    readonly vpcId: string;
    readonly availabilityZones: readonly string[];
    readonly privateSubnetIds: readonly string[];
    readonly publicSubnetIds: readonly string[];
    /**
     * The public subnets' IPv4 CIDR blocks, in the order of `publicSubnetIds`: the load balancers
     * sit there, and each environment's NetworkPolicy lets them reach its pods.
     */
    readonly publicSubnetCidrs: readonly string[];
  };
  readonly adminRoleArns: readonly string[];
  readonly dns: {
    /** Without the trailing dot. */
    readonly zoneName: string;
    readonly hostedZoneId: string;
    readonly ttl: number;
    /** @default - a DNS-validated certificate per load balancer */
    readonly certificateArn?: string;
  };
  readonly clusters: readonly ClusterConfig[];
  readonly environments: readonly EnvironmentConfig[];
  readonly services: readonly ServiceConfig[];
  /** @default - no delivery stack */
  readonly delivery?: DeliveryConfig;
  /** Where the cluster stacks pull add-on charts and images instead of their defaults; empty maps for none. */
  readonly mirrors: Mirrors;
}

/** Every service in every environment, in config order. */
export function serviceEnvironments(config: KubeshiftConfig): ServiceEnvironment[] {
  return config.services.flatMap((service) => service.environments);
}

/** The service environments that run on a cluster: those whose weights name it (even at 0). */
export function serviceEnvironmentsOn(config: KubeshiftConfig, cluster: string): ServiceEnvironment[] {
  return serviceEnvironments(config).filter((entry) => cluster in entry.weights);
}

/**
 * Whether the service environment gets an AWS identity (a role bound by Pod Identity to its
 * ServiceAccount): it reads secrets or has permissions of its own.
 */
export function needsAwsIdentity(entry: ServiceEnvironment): boolean {
  const iam = entry.iam;
  return Object.keys(entry.secrets).length > 0 || (iam !== undefined && (iam.managedPolicyArns.length > 0 || iam.statements.length > 0));
}
