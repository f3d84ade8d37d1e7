import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { parse, stringify } from 'yaml';
import { ConfigError, parseConfig, type KubeshiftConfig } from '../config';
import { addKubeshiftStacks, type KubeshiftStacks } from '../lib/kubeshift-app';

export const EXAMPLE_PATH = join(__dirname, '..', 'config', 'example.yaml');

/** The example config as a plain object, fresh each call, to edit in a test. */
export function exampleDocument(): Record<string, any> {
  return parse(readFileSync(EXAMPLE_PATH, 'utf8'));
}

/** The example config, validated. */
export function exampleConfig(): KubeshiftConfig {
  return parseConfig(readFileSync(EXAMPLE_PATH, 'utf8'));
}

/** Validates a plain object as if it had been written to a config file. */
export function configFrom(document: unknown): KubeshiftConfig {
  return parseConfig(stringify(document, { aliasDuplicateObjects: false }));
}

/** A change to a config document, for tables of bad input. */
export type Edit = (document: Record<string, any>) => void;

/** The Edit that sets the value at a dotted path (`edit`, deferred). */
export function set(path: string, value: unknown): Edit {
  return (document) => edit(document, path, value);
}

/** Asserts the config is refused as a ConfigError whose message matches `message`. */
export function expectRefused(document: unknown, message: string | RegExp): void {
  const attempt = () => configFrom(document);
  expect(attempt).toThrow(ConfigError);
  expect(attempt).toThrow(message);
}

/** Sets (or, with `undefined`, deletes) the value at a dotted path of a config object. */
export function edit(document: Record<string, any>, path: string, value: unknown): Record<string, any> {
  const keys = path.split('.');
  const last = keys.pop()!;
  let node = document;
  for (const key of keys) node = node[key] ??= {};
  if (value === undefined) delete node[last];
  else node[last] = value;
  return document;
}

/** The smallest valid config: one cluster, production and staging, one service. */
export function minimalDocument(): Record<string, any> {
  return {
    app: 'shop',
    account: '123456789012',
    region: 'sa-east-1',
    vpc: {
      vpcId: 'vpc-0a1b2c3d4e5f60001',
      availabilityZones: ['sa-east-1a', 'sa-east-1b'],
      privateSubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'],
      publicSubnetIds: ['subnet-0a1b2c3d4e5f60021', 'subnet-0a1b2c3d4e5f60022'],
      publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24'],
    },
    dns: { zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' },
    clusters: { blue: { kubernetesVersion: '1.35', nodeGroups: { general: { instanceType: 'm5.large', minSize: 2, maxSize: 4 } } } },
    environments: {
      production: { qos: 'Guaranteed', priority: 100000 },
      staging: { qos: 'Burstable', priority: 1000, subdomain: 'staging' },
    },
    services: {
      auth: {
        image: 'registry.example.com/auth:1.0.0',
        port: 8080,
        healthCheckPath: '/healthz',
        resources: { cpu: '250m', memory: '512Mi' },
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        environments: {
          production: {
            beanstalk: { cname: 'auth-prod.sa-east-1.elasticbeanstalk.com', instanceType: 'c5.large', instances: 2 },
            weights: { beanstalk: 90, blue: 10 },
          },
          staging: { weights: { blue: 100 } },
        },
      },
    },
  };
}

/** The day the tests synthesize on, so that date-dependent warnings are deterministic. */
export const SYNTH_DAY = '2026-11-26';

/**
 * The varied config the synth and cluster tests share: two clusters (blue, and green on
 * m5.xlarge), a BestEffort environment `preview` without subdomain, and `worker` at a fixed 3
 * replicas without autoscaling.
 */
export function variedDocument(versions: { readonly blue: string; readonly green: string }): Record<string, any> {
  const document = minimalDocument();
  document.clusters.blue.kubernetesVersion = versions.blue;
  document.clusters.green = {
    kubernetesVersion: versions.green,
    nodeGroups: { big: { instanceType: 'm5.xlarge', minSize: 2, maxSize: 6 } },
  };
  document.environments.preview = { qos: 'BestEffort', priority: 10 };
  document.services.worker = {
    image: 'registry.example.com/worker:2.0.0',
    port: 9000,
    healthCheckPath: '/ready',
    resources: { cpu: '1', memory: '1Gi' },
    replicas: 3,
    environments: { preview: { weights: { blue: 1, green: 1 } }, staging: { weights: { green: 100 } } },
  };
  return document;
}

/** Every stack of a config in a fresh CDK app. */
export function synthStacks(config: KubeshiftConfig, today: string = SYNTH_DAY): KubeshiftStacks {
  const app = new App();
  return addKubeshiftStacks(app, config, { today });
}

/** Services per load-balancer group in generated fleets: as many as one load balancer takes. */
export const FLEET_SERVICES_PER_GROUP = 100;

/**
 * A fleet of `count` services in production and staging, mid-shift, for size tests: the first
 * `servicesPerGroup` in load-balancer group 1, the next in group 2, and so on.
 */
export function fleetDocument(count: number, servicesPerGroup = FLEET_SERVICES_PER_GROUP): Record<string, any> {
  const document = minimalDocument();
  const template = document.services.auth;
  document.services = {};
  for (let i = 0; i < count; i++) {
    const name = `service-${String(i).padStart(3, '0')}`;
    document.services[name] = {
      ...template,
      image: `registry.example.com/${name}:1.0.${i}`,
      loadBalancerGroup: Math.floor(i / servicesPerGroup) + 1,
      environments: {
        production: {
          beanstalk: { cname: `${name}-prod.sa-east-1.elasticbeanstalk.com`, instanceType: 'c5.large', instances: 2 },
          weights: { beanstalk: 100 - (i % 101), blue: i % 101 },
        },
        staging: { beanstalk: { cname: `${name}-staging.sa-east-1.elasticbeanstalk.com` }, weights: { beanstalk: 0, blue: 100 } },
      },
    };
  }
  return document;
}

/** What every kubeshift pod meets: the "restricted" pod security standard, stated explicitly. */
export const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as const;
export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  capabilities: { drop: ['ALL'] },
} as const;
