import { z } from 'zod';
import { MIRRORABLE_HELM_REPOSITORIES, MIRRORABLE_IMAGE_REGISTRIES } from '../domain/kubernetes-releases';
import { parseCpuMillis, parseMemoryMebibytes } from './quantities';

/**
 * The shape of the config file, field by field. Rules that span fields (a weight naming a
 * cluster, production above staging, ...) live in `rules.ts`, after the shape is known good.
 */

/** RFC 1035 label: what a DNS name part, a Kubernetes Service and a Namespace all accept. */
export const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_LABEL_HINT = 'lowercase letters, digits and "-", starting with a letter, at most 63 characters';

/** Route 53 weights are 0–255. */
export const MAX_WEIGHT = 255;

/** The weight key that names the legacy Elastic Beanstalk environment. */
export const BEANSTALK = 'beanstalk';

export const QOS_CLASSES = ['Guaranteed', 'Burstable', 'BestEffort'] as const;

/** Kubernetes reserves priorities above one billion for system-critical pods. */
export const MAX_USER_PRIORITY = 1_000_000_000;

const label = z.string().regex(DNS_LABEL, { error: `must be a DNS label (${DNS_LABEL_HINT})` });
const hostname = z.string().regex(/^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i, {
  error: 'must be a DNS name such as auth-prod.sa-east-1.elasticbeanstalk.com',
});
const int = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: `must be an integer ${min}–${max}` })
    .int({ error: `must be an integer ${min}–${max}` })
    .min(min, { error: `must be an integer ${min}–${max}` })
    .max(max, { error: `must be an integer ${min}–${max}` });
const labelled = <T extends z.ZodType>(value: T, what: string) =>
  z.record(label.describe(what), value).refine((entries) => Object.keys(entries).length > 0, {
    error: `needs at least one ${what}`,
  });

const cpu = z
  .string({ error: 'must be a CPU quantity such as 250m or 1' })
  .refine((text) => (parseCpuMillis(text) ?? 0) > 0, { error: 'must be a CPU quantity such as 250m or 1' });
const memory = z
  .string({ error: 'must be a memory quantity such as 512Mi or 1Gi' })
  .refine((text) => (parseMemoryMebibytes(text) ?? 0) > 0, {
    error: 'must be a memory quantity such as 512Mi or 1Gi',
  });

export const resourcesSchema = z.strictObject({ cpu, memory });

export const autoscalingSchema = z.strictObject({
  minReplicas: int(1, 1000),
  maxReplicas: int(1, 1000),
  targetCpuUtilization: int(1, 100).optional(),
});

const httpPath = z.string().regex(/^\/[^\s]*$/, { error: 'must be an absolute HTTP path such as /healthz' });

/** How Route 53 checks that the Beanstalk environment serves the service; defaults in the loader. */
const beanstalkHealthCheckSchema = z.strictObject({
  protocol: z.enum(['HTTP', 'HTTPS'], { error: 'must be HTTP or HTTPS' }).optional(),
  port: int(1, 65535).optional(),
  path: httpPath.optional(),
  /** Where Route 53 connects, and the Host and SNI it sends: a name that reaches the Beanstalk environment. */
  host: hostname.optional(),
});

/**
 * The load balancer in front of a Beanstalk environment: its type, or `none` for a
 * single-instance environment. Elastic Beanstalk offers these three types for a load-balanced
 * environment (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features.managing.elb.html).
 */
export const BEANSTALK_LOAD_BALANCERS = ['application', 'classic', 'network', 'none'] as const;

const beanstalkSchema = z
  .strictObject({
    cname: hostname.optional(),
    instanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'must be an EC2 instance type such as c5.large' })
      .optional(),
    instances: int(1, 10000).optional(),
    healthCheck: beanstalkHealthCheckSchema.optional(),
    /** What fronts the environment; the cost planner infers it from `instances` when absent. */
    loadBalancer: z.enum(BEANSTALK_LOAD_BALANCERS, { error: `must be one of ${BEANSTALK_LOAD_BALANCERS.join(', ')}` }).optional(),
  })
  .superRefine((beanstalk, context) => {
    // A single-instance environment runs one instance behind no load balancer.
    if (beanstalk.loadBalancer === 'none' && beanstalk.instances !== undefined && beanstalk.instances > 1) {
      context.addIssue({
        code: 'custom',
        path: ['instances'],
        input: beanstalk.instances,
        message: 'must be 1 with loadBalancer none (a single-instance environment has one instance and no load balancer)',
      });
    }
  });

/** An environment variable name as POSIX shells and Kubernetes accept it. */
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: 'must be an environment variable name: letters, digits and "_", not starting with a digit',
});
const envVars = z.record(envVarName, z.string({ error: 'must be text (quote numbers and booleans: "true")' }));

/** AWS partitions an ARN may name. */
const PARTITION = 'aws(-cn|-us-gov)?';
/**
 * A Secrets Manager secret by its full ARN, with the 6-character suffix Secrets Manager appends
 * to the name (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources):
 * the role's policy then names exactly that secret, and a later secret of the same name (a new
 * suffix) is not readable by accident. Or an SSM parameter by its ARN.
 */
export const SECRET_ARN = new RegExp(
  `^arn:${PARTITION}:(secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}|ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9_./-]+)$`,
);
const secretArn = z.string().regex(SECRET_ARN, {
  error:
    'must be the full ARN of a Secrets Manager secret, with its 6-character suffix (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf), or of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>)',
});
/** A top-level key of a secret's JSON value (ASCP reads it with a JMESPath). */
const jsonKey = z.string().regex(/^[A-Za-z0-9_.@\/-]+$/, {
  error: "must be a top-level key of the secret's JSON value: letters, digits and _ . @ / -",
});
/** An environment variable read from a secret: its ARN, or the ARN and one key of its JSON value. */
const secretSource = z.union([secretArn, z.strictObject({ arn: secretArn, key: jsonKey.optional() })]);
const secrets = z.record(envVarName, secretSource);

/** An IAM action as `service:Action` (wildcards within the action name, never `*` alone). */
const iamAction = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, {
  error: 'must be an IAM action as service:Action, such as sqs:SendMessage',
});
/** A resource ARN: `*` is refused, a service's own role names what it uses. */
const iamResource = z
  .string()
  .refine((resource) => resource !== '*', { error: 'must be a resource ARN, not * (name what the service uses)' })
  .regex(new RegExp(`^arn:${PARTITION}:[a-z0-9-]+:[a-z0-9-]*:(\\d{12}|aws)?:.+$`), {
    error: 'must be a resource ARN such as arn:aws:sqs:sa-east-1:123456789012:auth-events',
  });
const managedPolicyArn = z.string().regex(new RegExp(`^arn:${PARTITION}:iam::(aws|\\d{12}):policy/[\\w+=,.@/-]+$`), {
  error: 'must be an IAM managed policy ARN such as arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
});
/** The service's own AWS permissions (what the Beanstalk instance profile granted). No principal: the role's trust is kubeshift's. */
const iamSchema = z.strictObject({
  managedPolicyArns: z.array(managedPolicyArn, { error: 'must be a list of managed policy ARNs' }).optional(),
  statements: z
    .array(
      z.strictObject({
        actions: z.array(iamAction, { error: 'must be a list of IAM actions' }).min(1, { error: 'needs at least one action' }),
        resources: z.array(iamResource, { error: 'must be a list of resource ARNs' }).min(1, { error: 'needs at least one resource' }),
      }),
      { error: 'must be a list of { actions, resources }' },
    )
    .optional(),
});

const commandLine = z.array(z.string(), { error: 'must be a list of strings' }).min(1, { error: 'must not be empty' });

const serviceEnvironmentSchema = z.strictObject({
  env: envVars.optional(),
  /** Laid over the service's, by variable name. */
  secrets: secrets.optional(),
  /** Replaces the service's `iam` as a whole: staging never inherits production's resources. */
  iam: iamSchema.optional(),
  command: commandLine.optional(),
  args: commandLine.optional(),
  beanstalk: beanstalkSchema.optional(),
  weights: z
    .record(z.string(), int(0, MAX_WEIGHT))
    .refine((weights) => Object.keys(weights).length > 0, { error: 'needs at least one target' }),
  resources: resourcesSchema.partial().optional(),
  autoscaling: autoscalingSchema.partial().optional(),
  replicas: int(1, 1000).optional(),
});

/** A GitHub repository as `owner/name` (GitHub's own character rules for both parts). */
const repository = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, {
  error: 'must be a GitHub repository as owner/name, such as descomplica/auth',
});

const serviceSchema = z.strictObject({
  image: z.string().regex(/^[^\s:@]+(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, {
    error: 'must be a container image reference such as registry/name:tag',
  }),
  port: int(1, 65535),
  healthCheckPath: httpPath,
  resources: resourcesSchema,
  autoscaling: autoscalingSchema.optional(),
  replicas: int(1, 1000).optional(),
  environments: labelled(serviceEnvironmentSchema, 'environment'),
  repository: repository.optional(),
  /** Seconds the app takes to finish its requests after SIGTERM. */
  shutdownSeconds: int(0, 600).optional(),
  /** Which of its environment's load balancers serves the service: 1, or 2, 3... past 100 services. */
  loadBalancerGroup: int(1, 100).optional(),
  env: envVars.optional(),
  /** Environment variables read from Secrets Manager or SSM Parameter Store, by ARN: values never appear here. */
  secrets: secrets.optional(),
  /** The service's own role: managed policies and statements. */
  iam: iamSchema.optional(),
  command: commandLine.optional(),
  args: commandLine.optional(),
  /** Numeric ids the container runs as: a name or root cannot be checked against runAsNonRoot. */
  securityContext: z
    .strictObject({ runAsUser: int(0, 2147483647), runAsGroup: int(0, 2147483647), fsGroup: int(0, 2147483647) })
    .partial()
    .optional(),
  /** Writable directories on a read-only root filesystem: path → emptyDir size. */
  writablePaths: z.record(z.string().regex(/^\/[^\s]*$/, { error: 'must be an absolute path such as /tmp' }), memory).optional(),
  probes: z
    .strictObject({
      /** `tcp` (the default: a dependency's outage never restarts pods) or an HTTP path of its own. */
      liveness: z
        .string()
        .refine((probe) => probe === 'tcp' || /^\/[^\s]*$/.test(probe), { error: 'must be tcp or an absolute HTTP path such as /livez' })
        .optional(),
      /** How long a pod may take to start before it is restarted. */
      startupSeconds: int(5, 3600).optional(),
      /** HTTPS where the service itself listens with TLS. */
      scheme: z.enum(['HTTP', 'HTTPS'], { error: 'must be HTTP or HTTPS' }).optional(),
    })
    .optional(),
});

const nodeGroupSchema = z.strictObject({
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'must be an EC2 instance type such as m5.large' }),
  minSize: int(0, 1000),
  maxSize: int(1, 1000),
  desiredSize: int(0, 1000).optional(),
});

const dnsAutoscalerSchema = z.strictObject({
  coresPerReplica: int(1, 100000).optional(),
  nodesPerReplica: int(1, 10000).optional(),
  min: int(1, 1000).optional(),
  max: int(1, 1000).optional(),
});

/** An IPv4 CIDR block such as 203.0.113.0/24. */
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { error: 'must be an IPv4 CIDR block such as 203.0.113.0/24' })
  .refine((block) => block.split(/[./]/).every((part, i) => Number(part) <= (i === 4 ? 32 : 255)), {
    error: 'must be an IPv4 CIDR block such as 203.0.113.0/24',
  });

const endpointSchema = z.strictObject({
  /** Who may reach the public endpoint; an empty list (the default) makes the endpoint private only. */
  publicCidrs: z.array(cidr),
});

const clusterSchema = z.strictObject({
  kubernetesVersion: z.string({ error: 'must be a quoted Kubernetes minor version such as "1.33"' }).regex(/^1\.\d+$/, {
    error: 'must be a quoted Kubernetes minor version such as "1.33"',
  }),
  nodeGroups: labelled(nodeGroupSchema, 'node group'),
  dnsAutoscaler: dnsAutoscalerSchema.optional(),
  endpoint: endpointSchema.optional(),
  /** Off only for a cluster meant to be destroyed: its load balancers are then deleted with it. */
  deletionProtection: z.boolean({ error: 'must be true or false' }).optional(),
});

export const POD_SECURITY_LEVELS = ['restricted', 'baseline'] as const;

const environmentSchema = z.strictObject({
  qos: z.enum(QOS_CLASSES, { error: `must be one of ${QOS_CLASSES.join(', ')}` }),
  /** The Pod Security Standard its namespace enforces. */
  podSecurity: z.enum(POD_SECURITY_LEVELS, { error: `must be one of ${POD_SECURITY_LEVELS.join(', ')}` }).optional(),
  priority: int(0, MAX_USER_PRIORITY),
  requestRatio: z.number({ error: 'must be a number' }).optional(),
  subdomain: label.optional(),
  waf: z
    .strictObject({
      webAclArn: z.string().regex(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/, {
        error: 'must be a regional WAFv2 web ACL ARN such as arn:aws:wafv2:sa-east-1:123456789012:regional/webacl/edge/0123abcd-…',
      }),
    })
    .optional(),
});

const deliverySchema = z.strictObject({
  deployOnGreen: z.array(label).optional(),
  previews: z
    .strictObject({
      environment: label,
      cluster: label,
      ttlHours: int(1, 24 * 30).optional(),
    })
    .optional(),
});

/**
 * Mirrors of the sources the cluster stack pulls add-ons from at deploy time (the table in
 * domain/kubernetes-releases.ts), for accounts without internet egress. Each key must be one of
 * the defaults, so a typo cannot leave a source pulling from the internet.
 */
const mirrorsSchema = z.strictObject({
  /** Default chart repository URL → an `https://` chart repository or an `oci://` registry path (charts at `<path>/<chart>`). */
  helmRepositories: z
    .record(
      z.string().refine((url) => MIRRORABLE_HELM_REPOSITORIES.includes(url), {
        error: `must be one of the chart repositories kubeshift installs from: ${MIRRORABLE_HELM_REPOSITORIES.join(', ')}`,
      }),
      z.string().regex(/^(https|oci):\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[\w.~%-]+)*$/i, {
        error:
          'must be an https:// chart repository or an oci:// registry path, without a trailing /, such as oci://123456789012.dkr.ecr.sa-east-1.amazonaws.com/charts',
      }),
    )
    .optional(),
  /** Default registry host → a registry host, optionally with a path prefix (an ECR pull-through cache rule's). */
  imageRegistries: z
    .record(
      z.string().refine((registry) => MIRRORABLE_IMAGE_REGISTRIES.includes(registry), {
        error: `must be one of the registries kubeshift's add-ons pull from: ${MIRRORABLE_IMAGE_REGISTRIES.join(', ')}`,
      }),
      // Docker's reference grammar: a host (port optional), then lowercase path components.
      z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
        error:
          'must be a registry host, optionally with a path, without a scheme or trailing /, such as 123456789012.dkr.ecr.sa-east-1.amazonaws.com/k8s',
      }),
    )
    .optional(),
});

export const configSchema = z.strictObject({
  app: label,
  account: z.string({ error: 'must be a quoted 12-digit AWS account id' }).regex(/^\d{12}$/, {
    error: 'must be a quoted 12-digit AWS account id',
  }),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as sa-east-1' }),
  vpc: z.strictObject({
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id such as vpc-0a1b2c3d4e5f60001' }),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: 'must be an availability zone such as sa-east-1a' }))
      .min(2, {
        error: 'needs at least 2 availability zones (EKS requires subnets in two)',
      }),
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id such as subnet-0a1b2c3d' })),
    publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id such as subnet-0a1b2c3d' })),
    /** The public subnets' IPv4 CIDR blocks, in the order of publicSubnetIds: where the load balancers' nodes send from. */
    publicSubnetCidrs: z.array(cidr),
  }),
  adminRoleArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'must be an IAM role ARN' }))
    .optional(),
  dns: z.strictObject({
    zoneName: hostname,
    // The AWS CLI prints ids as /hostedzone/Z…; the loader strips the prefix (domain/naming).
    hostedZoneId: z.string().regex(/^(\/?hostedzone\/)?Z[A-Z0-9]{1,31}$/, {
      error: 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
    }),
    ttl: int(0, 172800).optional(),
    /** A certificate to use instead of the DNS-validated one each load balancer gets; it must cover every name served. */
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, {
        error: 'must be an ACM certificate ARN such as arn:aws:acm:sa-east-1:123456789012:certificate/0123abcd-…',
      })
      .optional(),
  }),
  clusters: labelled(clusterSchema, 'cluster'),
  environments: labelled(environmentSchema, 'environment'),
  services: labelled(serviceSchema, 'service'),
  delivery: deliverySchema.optional(),
  mirrors: mirrorsSchema.optional(),
});

/** The config file as written, after its shape is checked and before defaults apply. */
export type RawConfig = z.infer<typeof configSchema>;
