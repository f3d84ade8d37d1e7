import { readFileSync } from 'node:fs';
import { parse, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import type { Autoscaling, BeanstalkConfig, KubeshiftConfig, Probes, Resources, SecretReference, ServiceConfig, ServiceIam } from './model';
import { parseCpuMillis, parseMemoryMebibytes } from './quantities';
import { bareHostedZoneId, clusterRecordName, normalizeDnsName, recordName } from '../domain/naming';
import { effectiveIam, mergedAutoscaling, mergedSecrets } from './raw-derived';
import { checkRules } from './rules';
import { configSchema, type RawConfig } from './schema';
import { DEFAULT_REQUEST_RATIO, podResourcesFor } from './tiers';

/**
 * Alias expansions a config may hold: a fleet that shares one `&defaults` block per service needs
 * one per service and environment; the yaml library's default (100) is for untrusted input.
 */
const MAX_YAML_ALIASES = 20_000;
/** Record TTL when `dns.ttl` is not set: short, so that a weight change takes effect quickly. */
export const DEFAULT_TTL_SECONDS = 60;
/** HPA target when `autoscaling.targetCpuUtilization` is not set. */
export const DEFAULT_TARGET_CPU_UTILIZATION = 70;
/** Replicas of a service without autoscaling: two, as Beanstalk ran at least two instances. */
export const DEFAULT_REPLICAS = 2;
/** cluster-proportional-autoscaler's documented linear defaults, with two replicas at least. */
export const DEFAULT_DNS_AUTOSCALER = { coresPerReplica: 256, nodesPerReplica: 16, min: 2 } as const;
/**
 * Seconds an app takes to finish its requests after SIGTERM when `shutdownSeconds` is not set:
 * with the pre-stop delay it sets the pods' grace period and the target groups' deregistration delay.
 */
export const DEFAULT_SHUTDOWN_SECONDS = 15;
/**
 * The ids a container runs as unless `securityContext` says otherwise: 1000, the first non-system
 * id on most Linux images (the `node` user of the official Node.js images). Numeric, because the
 * restricted Pod Security level requires runAsNonRoot, which the kubelet can only check on a
 * number: an image whose USER is a name would stop in CreateContainerConfigError.
 */
export const DEFAULT_CONTAINER_ID = 1000;
/** Scratch space every pod gets unless `writablePaths` says otherwise (the root filesystem is read-only). */
export const DEFAULT_WRITABLE_PATHS: Readonly<Record<string, string>> = { '/tmp': '64Mi' };
/** How long a pod may take to start before the kubelet restarts it. */
export const DEFAULT_STARTUP_SECONDS = 120;
/** The load balancer a service joins unless `loadBalancerGroup` says otherwise. */
export const DEFAULT_LOAD_BALANCER_GROUP = 1;
/** How long a preview lives without a green push: three days, GitHub's webhook redelivery window. */
export const DEFAULT_PREVIEW_TTL_HOURS = 72;

/** Reads and validates a config file; every failure is a ConfigError naming the field. */
export function loadConfigFile(path: string): KubeshiftConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('', `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseConfig(text);
}

/** Parses YAML text into the typed config, or throws the first problem as a ConfigError. */
export function parseConfig(text: string): KubeshiftConfig {
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0].line;
      throw new ConfigError('', `not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`);
    }
    // The yaml library's guard against alias bombs throws a ReferenceError, not a parse error.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ConfigError('', `not valid YAML: more than ${MAX_YAML_ALIASES} alias expansions`);
    }
    throw error;
  }
  if (document === null || document === undefined) {
    throw new ConfigError('', 'the config file is empty');
  }
  const parsed = configSchema.safeParse(document, { reportInput: true });
  if (!parsed.success) {
    throw issueToError(parsed.error.issues[0]);
  }
  checkRules(parsed.data);
  return toModel(parsed.data);
}

/** Zod's type names as a YAML author knows them. */
const YAML_TYPE_NAMES: Record<string, string> = {
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

function issueToError(issue: z.core.$ZodIssue): ConfigError {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return new ConfigError([...path, issue.keys[0]], 'unknown key');
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message ?? issue.message;
    return new ConfigError(path, `invalid name "${path[path.length - 1]}": ${inner}`);
  }
  // YAML has no `undefined`: an undefined input is a key that is not there.
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return new ConfigError(path, 'required key is missing');
  }
  const received = JSON.stringify(issue.input);
  const generic = /^Invalid input: expected (\w+), received \w+$/.exec(issue.message);
  if (generic) {
    return new ConfigError(path, `must be ${YAML_TYPE_NAMES[generic[1]] ?? `a ${generic[1]}`}, got: ${received}`);
  }
  return new ConfigError(path, `${issue.message}, got: ${received}`);
}

function resources(text: { cpu: string; memory: string }): Resources {
  return { cpuMillis: parseCpuMillis(text.cpu)!, memoryMebibytes: parseMemoryMebibytes(text.memory)! };
}

type RawBeanstalk = NonNullable<RawConfig['services'][string]['environments'][string]['beanstalk']>;

/** The Beanstalk block with its health check's defaults: HTTPS on 443, the CNAME as host, the service's path. */
function beanstalk(raw: RawBeanstalk, healthCheckPath: string): BeanstalkConfig {
  const { healthCheck, ...rest } = raw;
  if (!raw.cname) return rest;
  const protocol = healthCheck?.protocol ?? 'HTTPS';
  return {
    ...rest,
    healthCheck: {
      protocol,
      port: healthCheck?.port ?? (protocol === 'HTTPS' ? 443 : 80),
      path: healthCheck?.path ?? healthCheckPath,
      host: normalizeDnsName(healthCheck?.host ?? raw.cname),
    },
  };
}

type RawService = RawConfig['services'][string];
function probes(service: RawService): Probes {
  const liveness = service.probes?.liveness ?? 'tcp';
  return {
    liveness: liveness === 'tcp' ? { kind: 'tcp' } : { kind: 'http', path: liveness },
    startupSeconds: service.probes?.startupSeconds ?? DEFAULT_STARTUP_SECONDS,
    scheme: service.probes?.scheme ?? 'HTTP',
  };
}

/** Each secret variable as its ARN and store (from the ARN's service), with its JSON key if any. */
function secrets(service: RawService, environment: string): Record<string, SecretReference> {
  return Object.fromEntries(
    Object.entries(mergedSecrets(service, environment)).map(([variable, source]) => {
      const { arn, key } = typeof source === 'string' ? { arn: source, key: undefined } : source;
      const store = arn.split(':')[2] === 'ssm' ? 'ssmparameter' : 'secretsmanager';
      return [variable, key === undefined ? { arn, store } : { arn, store, key }];
    }),
  );
}

function iam(service: RawService, environment: string): ServiceIam | undefined {
  const raw = effectiveIam(service, environment);
  return (
    raw && {
      managedPolicyArns: [...(raw.managedPolicyArns ?? [])],
      statements: (raw.statements ?? []).map((statement) => ({ actions: [...statement.actions], resources: [...statement.resources] })),
    }
  );
}

function toModel(raw: RawConfig): KubeshiftConfig {
  const zoneName = normalizeDnsName(raw.dns.zoneName);
  const clusterNames = Object.keys(raw.clusters);
  const environments = Object.entries(raw.environments).map(([name, environment]) => ({
    name,
    qos: environment.qos,
    priority: environment.priority,
    requestRatio: environment.requestRatio ?? DEFAULT_REQUEST_RATIO,
    subdomain: environment.subdomain,
    webAclArn: environment.waf?.webAclArn,
    podSecurity: environment.podSecurity ?? 'restricted',
  }));
  const services: ServiceConfig[] = Object.entries(raw.services).map(([name, service]) => ({
    name,
    image: service.image,
    port: service.port,
    healthCheckPath: service.healthCheckPath,
    repository: service.repository,
    shutdownSeconds: service.shutdownSeconds ?? DEFAULT_SHUTDOWN_SECONDS,
    loadBalancerGroup: service.loadBalancerGroup ?? DEFAULT_LOAD_BALANCER_GROUP,
    environments: Object.entries(service.environments).map(([envName, entry]) => {
      const environment = environments.find((candidate) => candidate.name === envName)!;
      const need = resources({ ...service.resources, ...entry.resources });
      const merged = mergedAutoscaling(service, envName);
      const autoscaling: Autoscaling | undefined = merged && {
        minReplicas: merged.minReplicas!,
        maxReplicas: merged.maxReplicas!,
        targetCpuUtilization: merged.targetCpuUtilization ?? DEFAULT_TARGET_CPU_UTILIZATION,
      };
      return {
        service: name,
        environment: envName,
        image: service.image,
        port: service.port,
        healthCheckPath: service.healthCheckPath,
        qos: environment.qos,
        resources: need,
        podResources: podResourcesFor(environment.qos, need, environment.requestRatio),
        autoscaling,
        replicas: entry.replicas ?? service.replicas ?? DEFAULT_REPLICAS,
        weights: { ...entry.weights },
        beanstalk: entry.beanstalk && beanstalk(entry.beanstalk, service.healthCheckPath),
        recordName: recordName(name, environment.subdomain, zoneName),
        clusterRecordNames: Object.fromEntries(
          Object.keys(entry.weights)
            .filter((target) => clusterNames.includes(target))
            .map((cluster) => [cluster, clusterRecordName(name, cluster, environment.subdomain, zoneName)]),
        ),
        shutdownSeconds: service.shutdownSeconds ?? DEFAULT_SHUTDOWN_SECONDS,
        loadBalancerGroup: service.loadBalancerGroup ?? DEFAULT_LOAD_BALANCER_GROUP,
        env: { ...service.env, ...entry.env },
        secrets: secrets(service, envName),
        iam: iam(service, envName),
        command: entry.command ?? service.command,
        args: entry.args ?? service.args,
        securityContext: {
          runAsUser: service.securityContext?.runAsUser ?? DEFAULT_CONTAINER_ID,
          runAsGroup: service.securityContext?.runAsGroup ?? DEFAULT_CONTAINER_ID,
          fsGroup: service.securityContext?.fsGroup ?? DEFAULT_CONTAINER_ID,
        },
        writablePaths: Object.entries(service.writablePaths ?? DEFAULT_WRITABLE_PATHS).map(([path, size]) => ({
          path,
          sizeMebibytes: parseMemoryMebibytes(size)!,
        })),
        probes: probes(service),
        podSecurity: environment.podSecurity,
      };
    }),
  }));
  return {
    app: raw.app,
    account: raw.account,
    region: raw.region,
    vpc: raw.vpc,
    adminRoleArns: raw.adminRoleArns ?? [],
    dns: {
      zoneName,
      hostedZoneId: bareHostedZoneId(raw.dns.hostedZoneId),
      ttl: raw.dns.ttl ?? DEFAULT_TTL_SECONDS,
      certificateArn: raw.dns.certificateArn,
    },
    clusters: Object.entries(raw.clusters).map(([name, cluster]) => ({
      name,
      kubernetesVersion: cluster.kubernetesVersion,
      nodeGroups: Object.entries(cluster.nodeGroups).map(([groupName, group]) => ({ name: groupName, ...group })),
      dnsAutoscaler: { ...DEFAULT_DNS_AUTOSCALER, ...cluster.dnsAutoscaler },
      publicEndpointCidrs: cluster.endpoint?.publicCidrs ?? [],
      deletionProtection: cluster.deletionProtection ?? true,
    })),
    environments,
    services,
    delivery: raw.delivery && {
      deployOnGreen: raw.delivery.deployOnGreen ?? [],
      previews: raw.delivery.previews && {
        ...raw.delivery.previews,
        ttlHours: raw.delivery.previews.ttlHours ?? DEFAULT_PREVIEW_TTL_HOURS,
      },
    },
    mirrors: { helmRepositories: raw.mirrors?.helmRepositories ?? {}, imageRegistries: raw.mirrors?.imageRegistries ?? {} },
  };
}
