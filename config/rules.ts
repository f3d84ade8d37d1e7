import { ConfigError } from './config-error';
import {
  clusterRecordName,
  clusterStackName,
  eksClusterName,
  normalizeDnsName,
  PREVIEW_STATUS_ENVIRONMENT,
  priorityClassName,
  recordName,
} from '../domain/naming';
import { effectiveIam, mergedAutoscaling, mergedSecrets, secretPath } from './raw-derived';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../domain/kubernetes-releases';
import { BEANSTALK, type RawConfig } from './schema';

/**
 * Rules that span fields, checked once the shape is known good. Each throws the first
 * violation as a ConfigError naming the field.
 */

/** EKS cluster names are at most 100 characters. */
const MAX_EKS_CLUSTER_NAME = 100;
/** CloudFormation stack names are at most 128 characters. */
const MAX_STACK_NAME = 128;
/** DNS names are at most 253 characters without the trailing dot. */
const MAX_DNS_NAME = 253;
/** Kubernetes object names that must be DNS labels (PriorityClass `kubeshift-<env>`). */
const MAX_K8S_LABEL = 63;

export function checkRules(config: RawConfig): void {
  checkVpc(config);
  checkClusters(config);
  checkEnvironments(config);
  checkServices(config);
  checkDelivery(config);
}

function checkVpc({ vpc, region }: RawConfig): void {
  const zones = vpc.availabilityZones.length;
  vpc.availabilityZones.forEach((zone, i) => {
    if (!zone.startsWith(region)) {
      throw new ConfigError(['vpc', 'availabilityZones', i], `zone "${zone}" is not in region ${region}`);
    }
  });
  if (new Set(vpc.availabilityZones).size !== zones) {
    throw new ConfigError('vpc.availabilityZones', 'lists a zone twice');
  }
  for (const key of ['privateSubnetIds', 'publicSubnetIds', 'publicSubnetCidrs'] as const) {
    if (vpc[key].length !== zones) {
      throw new ConfigError(
        ['vpc', key],
        `${vpc[key].length} subnets for ${zones} availability zones; give one subnet per zone, in the order of availabilityZones`,
      );
    }
  }
  vpc.publicSubnetCidrs.forEach((block, i) => {
    const problem = subnetCidrProblem(block);
    if (problem) throw new ConfigError(['vpc', 'publicSubnetCidrs', i], problem);
  });
  if (new Set(vpc.publicSubnetCidrs).size !== zones) {
    throw new ConfigError('vpc.publicSubnetCidrs', "lists a CIDR block twice; give each public subnet's own block");
  }
}

/**
 * A VPC subnet's IPv4 block is a /16 to /28
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html), written as its network
 * address: a block with host bits set is a typo for another subnet, and NetworkPolicy would
 * silently widen it.
 */
const SUBNET_PREFIX = { min: 16, max: 28 } as const;

function subnetCidrProblem(block: string): string | undefined {
  const [address, prefixText] = block.split('/');
  const prefix = Number(prefixText);
  if (prefix < SUBNET_PREFIX.min || prefix > SUBNET_PREFIX.max) {
    return `a subnet's block is /${SUBNET_PREFIX.min} to /${SUBNET_PREFIX.max}, got: "${block}"`;
  }
  const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  const network = value - (value % size);
  if (network !== value) {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    return `"${block}" has host bits set; the subnet's block is ${octets}/${prefix}`;
  }
  return undefined;
}

function checkClusters(config: RawConfig): void {
  for (const [name, cluster] of Object.entries(config.clusters)) {
    const path = ['clusters', name];
    if (name === BEANSTALK) {
      throw new ConfigError(path, `"${BEANSTALK}" is the weight key of the Elastic Beanstalk target; name the cluster otherwise`);
    }
    const clusterName = eksClusterName(config.app, name);
    if (clusterName.length > MAX_EKS_CLUSTER_NAME || clusterStackName(config.app, name).length > MAX_STACK_NAME) {
      throw new ConfigError(path, `name too long: EKS cluster "${clusterName}" must fit ${MAX_EKS_CLUSTER_NAME} characters`);
    }
    const sharing = Object.entries(config.environments).find(([, environment]) => environment.subdomain === name);
    if (sharing) {
      throw new ConfigError(
        path,
        `name "${name}" is also environment ${sharing[0]}'s subdomain: the cluster's per-target names (<service>.${name}.<zone>) would be that environment's record names; name the cluster otherwise`,
      );
    }
    if (!SUPPORTED_KUBERNETES_VERSIONS.includes(cluster.kubernetesVersion)) {
      throw new ConfigError(
        [...path, 'kubernetesVersion'],
        `no kubectl layer installed for Kubernetes ${cluster.kubernetesVersion} (installed: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')})`,
      );
    }
    for (const [groupName, group] of Object.entries(cluster.nodeGroups)) {
      const groupPath = [...path, 'nodeGroups', groupName];
      const zones = config.vpc.availabilityZones.length;
      if (group.maxSize < zones) {
        throw new ConfigError(
          [...groupPath, 'maxSize'],
          `must be at least ${zones}, one node in each availability zone (each node group runs as one managed node group per zone), got: ${group.maxSize}`,
        );
      }
      if (group.minSize > group.maxSize) {
        throw new ConfigError([...groupPath, 'minSize'], `must be at most maxSize (${group.maxSize}), got: ${group.minSize}`);
      }
      if (group.desiredSize !== undefined && (group.desiredSize < group.minSize || group.desiredSize > group.maxSize)) {
        throw new ConfigError(
          [...groupPath, 'desiredSize'],
          `must be within minSize–maxSize (${group.minSize}–${group.maxSize}), got: ${group.desiredSize}`,
        );
      }
    }
    const dns = cluster.dnsAutoscaler;
    if (dns?.max !== undefined && dns.min !== undefined && dns.min > dns.max) {
      throw new ConfigError([...path, 'dnsAutoscaler', 'min'], `must be at most max (${dns.max}), got: ${dns.min}`);
    }
  }
}

function checkEnvironments(config: RawConfig): void {
  for (const [name, environment] of Object.entries(config.environments)) {
    const path = ['environments', name];
    if (priorityClassName(name).length > MAX_K8S_LABEL) {
      throw new ConfigError(path, `name too long: PriorityClass "${priorityClassName(name)}" must fit ${MAX_K8S_LABEL} characters`);
    }
    const ratio = environment.requestRatio;
    if (ratio !== undefined) {
      if (environment.qos !== 'Burstable') {
        throw new ConfigError([...path, 'requestRatio'], `only applies to qos Burstable (this environment is ${environment.qos})`);
      }
      if (!(ratio > 0 && ratio <= 1)) {
        throw new ConfigError([...path, 'requestRatio'], `must be above 0 and at most 1 so requests never exceed limits, got: ${ratio}`);
      }
    }
  }
  const { production, staging } = config.environments;
  if (production && staging && production.priority <= staging.priority) {
    throw new ConfigError(
      'environments.production.priority',
      `must be above staging's (${staging.priority}) so that staging is preempted and evicted first, got: ${production.priority}`,
    );
  }
}

function checkServices(config: RawConfig): void {
  const clusters = Object.keys(config.clusters);
  const environments = Object.keys(config.environments);
  for (const [name, service] of Object.entries(config.services)) {
    checkRuntime(config, name);
    checkSecretsAndIam(config, name);
    for (const [envName, entry] of Object.entries(service.environments)) {
      const path = ['services', name, 'environments', envName];
      const environment = config.environments[envName];
      if (!environment) {
        throw new ConfigError(path, `unknown environment "${envName}" (environments: ${environments.join(', ')})`);
      }
      checkRecordName(config, name, envName, path);
      checkBeanstalkHealthCheckHost(config, name, envName, path);
      checkWeights(entry, clusters, path);

      const autoscaling = mergedAutoscaling(service, envName);
      if (autoscaling) {
        const where = entry.autoscaling ? [...path, 'autoscaling'] : ['services', name, 'autoscaling'];
        if (autoscaling.minReplicas === undefined || autoscaling.maxReplicas === undefined) {
          throw new ConfigError(where, 'needs minReplicas and maxReplicas');
        }
        if (autoscaling.minReplicas > autoscaling.maxReplicas) {
          throw new ConfigError(
            [...where, 'minReplicas'],
            `must be at most maxReplicas (${autoscaling.maxReplicas}), got: ${autoscaling.minReplicas}`,
          );
        }
        if (environment.qos === 'BestEffort') {
          throw new ConfigError(
            where,
            `environment "${envName}" is BestEffort: pods without CPU requests cannot be scaled on CPU utilization; drop autoscaling or choose another qos`,
          );
        }
      }
    }
  }
}

/**
 * Root only where the environment's Pod Security level admits it (restricted refuses runAsUser 0:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/, "Running as Non-root user").
 */
function checkRuntime(config: RawConfig, name: string): void {
  const service = config.services[name];
  for (const envName of Object.keys(service.environments)) {
    const level = config.environments[envName]?.podSecurity ?? 'restricted';
    if (service.securityContext?.runAsUser === 0 && level === 'restricted') {
      throw new ConfigError(
        ['services', name, 'securityContext', 'runAsUser'],
        `0 (root) is refused by the restricted Pod Security level of environment ${envName}; run the image as a non-root user, or set environments.${envName}.podSecurity: baseline (README, "Images that need root")`,
      );
    }
  }
}

/**
 * AWS managed policies a service role never gets: full control of the account, which no
 * Beanstalk instance profile should have had either.
 */
const REFUSED_MANAGED_POLICIES = ['AdministratorAccess', 'IAMFullAccess', 'PowerUserAccess'];

/**
 * Secrets: each in the config's region (ASCP reads every object of a pod in one region, its
 * SecretProviderClass's), a JSON key only on a Secrets Manager secret, and no variable that is
 * also a plain `env` one. IAM: no account-wide managed policy.
 */
function checkSecretsAndIam(config: RawConfig, name: string): void {
  const service = config.services[name];
  for (const envName of Object.keys(service.environments)) {
    const env = { ...service.env, ...service.environments[envName].env };
    for (const [variable, source] of Object.entries(mergedSecrets(service, envName))) {
      const path = secretPath(service, name, envName, variable);
      const { arn, key } = typeof source === 'string' ? { arn: source, key: undefined } : source;
      const arnPath = typeof source === 'string' ? path : [...path, 'arn'];
      const [, , store, region] = arn.split(':');
      if (region !== config.region) {
        throw new ConfigError(
          arnPath,
          `is in region ${region}, not the config's region ${config.region}: the pod reads its secrets in its cluster's region (replicate the secret to ${config.region})`,
        );
      }
      if (key !== undefined && store !== 'secretsmanager') {
        throw new ConfigError([...path, 'key'], 'applies to Secrets Manager secrets only: an SSM parameter is read whole');
      }
      if (variable in env) {
        throw new ConfigError(path, `${variable} is also set in env; a variable comes from env or from secrets, not both`);
      }
    }
    const iam = effectiveIam(service, envName);
    const iamPath = service.environments[envName].iam ? ['services', name, 'environments', envName, 'iam'] : ['services', name, 'iam'];
    iam?.managedPolicyArns?.forEach((arn, i) => {
      const policy = arn.split('/').pop()!;
      if (/^arn:[^:]+:iam::aws:/.test(arn) && REFUSED_MANAGED_POLICIES.includes(policy)) {
        throw new ConfigError(
          [...iamPath, 'managedPolicyArns', i],
          `${policy} grants the whole account; give the service the actions and resources it uses (statements)`,
        );
      }
    });
  }
}

/** The weighted name and each cluster's per-target name fit DNS. */
function checkRecordName(config: RawConfig, service: string, environment: string, path: string[]): void {
  const subdomain = config.environments[environment].subdomain;
  const clusters = Object.keys(config.services[service].environments[environment].weights).filter((target) => target in config.clusters);
  const names = [
    recordName(service, subdomain, config.dns.zoneName),
    ...clusters.map((cluster) => clusterRecordName(service, cluster, subdomain, config.dns.zoneName)),
  ];
  for (const name of names) {
    if (name.length > MAX_DNS_NAME) {
      throw new ConfigError(path, `record name too long: "${name}" has ${name.length} characters (at most ${MAX_DNS_NAME})`);
    }
  }
}

/**
 * Route 53 connects to the host it checks and sends it as Host and SNI
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html,
 * FullyQualifiedDomainName): a Beanstalk check on the service's own weighted name would check
 * whatever the group answers, on a per-target name a cluster. The host must reach Beanstalk.
 */
function checkBeanstalkHealthCheckHost(config: RawConfig, service: string, environment: string, path: string[]): void {
  const entry = config.services[service].environments[environment];
  const host = entry.beanstalk?.healthCheck?.host;
  if (host === undefined) return;
  const subdomain = config.environments[environment].subdomain;
  const ownNames: [string, string][] = [
    [recordName(service, subdomain, config.dns.zoneName), "the service's weighted name"],
    ...Object.keys(entry.weights)
      .filter((target) => target in config.clusters)
      .map((cluster): [string, string] => [
        clusterRecordName(service, cluster, subdomain, config.dns.zoneName),
        `the per-target name of cluster ${cluster}`,
      ]),
  ];
  const clash = ownNames.find(([name]) => name === normalizeDnsName(host));
  if (clash) {
    throw new ConfigError(
      [...path, 'beanstalk', 'healthCheck', 'host'],
      `${normalizeDnsName(host)} is ${clash[1]}; Route 53 connects to the host it checks, so the host must reach the Beanstalk environment itself (its CNAME, or a name pointing at it)`,
    );
  }
}

type RawServiceEnvironment = RawConfig['services'][string]['environments'][string];

function checkWeights(entry: RawServiceEnvironment, clusters: string[], path: string[]): void {
  for (const target of Object.keys(entry.weights)) {
    if (target !== BEANSTALK && !clusters.includes(target)) {
      throw new ConfigError([...path, 'weights', target], `unknown cluster "${target}" (clusters: ${clusters.join(', ')})`);
    }
  }
  const weights = Object.values(entry.weights);
  if (weights.every((weight) => weight === 0)) {
    throw new ConfigError(
      [...path, 'weights'],
      'every weight is 0: Route 53 would then split traffic equally between all targets; give at least one target a weight above 0',
    );
  }
  const beanstalkWeight = entry.weights[BEANSTALK];
  if (beanstalkWeight !== undefined && beanstalkWeight > 0 && !entry.beanstalk?.cname) {
    throw new ConfigError([...path, 'beanstalk', 'cname'], `required while the beanstalk weight is above 0 (it is ${beanstalkWeight})`);
  }
  if (beanstalkWeight === undefined && entry.beanstalk?.cname) {
    throw new ConfigError(
      [...path, 'weights', BEANSTALK],
      'missing: the environment has a beanstalk cname; give it a weight (0 once its traffic has moved)',
    );
  }
}

/** Delivery names environments and a cluster that exist, and needs services it can deliver. */
function checkDelivery(config: RawConfig): void {
  const { delivery } = config;
  if (!delivery) return;
  const environments = Object.keys(config.environments);
  delivery.deployOnGreen?.forEach((environment, i) => {
    if (!environments.includes(environment)) {
      throw new ConfigError(
        ['delivery', 'deployOnGreen', i],
        `unknown environment "${environment}" (environments: ${environments.join(', ')})`,
      );
    }
  });
  const previews = delivery.previews;
  if (previews && !environments.includes(previews.environment)) {
    throw new ConfigError(
      ['delivery', 'previews', 'environment'],
      `unknown environment "${previews.environment}" (environments: ${environments.join(', ')})`,
    );
  }
  // Its commit statuses would share the context kubeshift/<cluster>/preview with the previews'.
  const clash = delivery.deployOnGreen?.indexOf(PREVIEW_STATUS_ENVIRONMENT) ?? -1;
  if (previews && clash >= 0) {
    throw new ConfigError(
      ['delivery', 'deployOnGreen', clash],
      `an environment named "${PREVIEW_STATUS_ENVIRONMENT}" cannot deploy on green while previews are on: both would report as kubeshift/<cluster>/${PREVIEW_STATUS_ENVIRONMENT}`,
    );
  }
  const clusters = Object.keys(config.clusters);
  if (previews && !clusters.includes(previews.cluster)) {
    throw new ConfigError(['delivery', 'previews', 'cluster'], `unknown cluster "${previews.cluster}" (clusters: ${clusters.join(', ')})`);
  }
  if (!Object.values(config.services).some((service) => service.repository)) {
    throw new ConfigError('delivery', 'no service has a repository: add services.<service>.repository (owner/name) to those it delivers');
  }
}
