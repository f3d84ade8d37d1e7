import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { BEANSTALK } from '../../config/schema';
import type { ClusterConfig, KubeshiftConfig } from '../../config';
import { EXAMPLE_PATH, configFrom, exampleDocument, minimalDocument, variedDocument } from '../fixtures';
import { SERVER_VERSIONS, SYNTH_CACHE_ENV, serverVersionFor } from './cache';

/**
 * The configs the cluster suite runs: the example, and two built to reach what the example does
 * not (two clusters, a BestEffort environment, fixed replicas, two zones, a node group too small
 * to lose a zone). Each names the file `kubeshift cost` reads for it.
 */

export interface TestConfig {
  /** Short name, used in test names and cache files. */
  readonly name: string;
  readonly document: Record<string, any>;
  readonly config: KubeshiftConfig;
  /** The config file `kubeshift cost --config` reads. */
  readonly file: string;
}

/** One cluster of one config: what a control plane plays. */
export interface Target {
  readonly testConfig: TestConfig;
  readonly cluster: ClusterConfig;
  /** `example/blue` */
  readonly label: string;
  /**
   * The Kubernetes release of the control plane that plays it.
   * @default - the run's (KUBESHIFT_K8S_VERSION, else DEFAULT_K8S_VERSION of cache.ts)
   */
  readonly serverVersion?: string;
}

let configDir: string | undefined;

/** Written where the run keeps its synthesized manifests (removed by a later run), else in a temporary folder. */
function writeConfig(name: string, document: Record<string, any>): string {
  configDir ??= process.env[SYNTH_CACHE_ENV] ?? mkdtempSync(path.join(os.tmpdir(), 'kubeshift-cluster-configs-'));
  const file = path.join(configDir, `${name}.yaml`);
  writeFileSync(file, stringify(document, { aliasDuplicateObjects: false }));
  return file;
}

/** The example's Kubernetes minor: the other configs follow it, so that only the example's can differ from the server's. */
function exampleVersion(): string {
  return Object.values<any>(exampleDocument().clusters)[0].kubernetesVersion;
}

function testConfig(name: string, document: Record<string, any>, file?: string): TestConfig {
  return { name, document, config: configFrom(document), file: file ?? writeConfig(name, document) };
}

/** config/example.yaml as it is. */
export function example(): TestConfig {
  return testConfig('example', exampleDocument(), EXAMPLE_PATH);
}

/**
 * Two clusters in two zones (the varied config of test/fixtures.ts, as test/bin/app.test.ts synthesizes it): blue on m5.large, green
 * on m5.xlarge; a BestEffort environment `preview`; `worker` at a fixed 3 replicas on both.
 */
export function twoClusters(): TestConfig {
  const document = variedDocument({ blue: exampleVersion(), green: exampleVersion() });
  return testConfig('two-clusters', document);
}

/**
 * Three zones on m6i.large with a node group too small to lose one (`kubeshift cost --fail-zone`
 * says exit 2); production, a BestEffort `qa`, fixed replicas beside autoscaled ones. At
 * `maxSize` 4 a lost zone leaves one node in each other zone; at 5, two in one and one in the other.
 */
export function smallThreeZones(maxSize = 4): TestConfig {
  const document = minimalDocument();
  document.app = 'tight';
  document.vpc = {
    vpcId: 'vpc-0a1b2c3d4e5f60001',
    availabilityZones: ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'],
    privateSubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012', 'subnet-0a1b2c3d4e5f60013'],
    publicSubnetIds: ['subnet-0a1b2c3d4e5f60021', 'subnet-0a1b2c3d4e5f60022', 'subnet-0a1b2c3d4e5f60023'],
    publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
  };
  document.clusters = {
    main: { kubernetesVersion: exampleVersion(), nodeGroups: { general: { instanceType: 'm6i.large', minSize: 3, maxSize } } },
  };
  document.environments = {
    production: { qos: 'Guaranteed', priority: 100000 },
    qa: { qos: 'BestEffort', priority: 10, subdomain: 'qa' },
  };
  const service = (image: string, cpu: string, memory: string, scaling: Record<string, unknown>, environments: string[]) => ({
    image: `registry.example.com/${image}`,
    port: 8080,
    healthCheckPath: '/healthz',
    resources: { cpu, memory },
    ...scaling,
    environments: Object.fromEntries(environments.map((environment) => [environment, { weights: { main: 100 } }])),
  });
  document.services = {
    // BestEffort pods have no CPU request to scale on: the autoscaled service runs in production only.
    api: service('api:3.2.0', '500m', '1Gi', { autoscaling: { minReplicas: 3, maxReplicas: 9 } }, ['production']),
    ledger: service('ledger:1.4.2', '750m', '1536Mi', { replicas: 3 }, ['production', 'qa']),
    mailer: service('mailer:0.9.1', '100m', '128Mi', { replicas: 2 }, ['production', 'qa']),
  };
  return testConfig(maxSize === 4 ? 'small-three-zones' : `small-three-zones-max${maxSize}`, document);
}

/** config/example.yaml with its records in another hosted zone (one an API emulator made). */
export function exampleInZone(hostedZoneId: string): TestConfig {
  const document = exampleDocument();
  document.dns.hostedZoneId = hostedZoneId;
  return testConfig(`example-zone-${hostedZoneId.toLowerCase()}`, document);
}

/** config/example.yaml with every cluster on Kubernetes `minor`. */
export function exampleOn(minor: string): TestConfig {
  const document = exampleDocument();
  for (const cluster of Object.values<any>(document.clusters)) cluster.kubernetesVersion = minor;
  return testConfig(`example-${minor}`, document);
}

export function targetsOf(testConfig: TestConfig, serverVersion?: string): Target[] {
  return testConfig.config.clusters.map((cluster) => ({
    testConfig,
    cluster,
    label: `${testConfig.name}/${cluster.name}`,
    serverVersion,
  }));
}

/** Every cluster of every config the suite runs. */
export function allTargets(): Target[] {
  return [example(), twoClusters(), smallThreeZones()].flatMap((config) => targetsOf(config));
}

/**
 * The example on every other minor the suite builds (SERVER_VERSIONS), each on a server of its
 * own minor: what the apply test adds to `allTargets`, so the first deploy beside the EKS
 * add-ons' objects is checked for each supported minor, not for the example's alone.
 */
export function otherMinorTargets(): Target[] {
  return Object.keys(SERVER_VERSIONS)
    .filter((minor) => minor !== exampleVersion())
    .flatMap((minor) => targetsOf(exampleOn(minor), serverVersionFor(minor)));
}

/**
 * The config with every service environment that names no cluster yet placed on the first
 * cluster at weight 0: what `kubeshift cost` already plans ("not started" services are planned on
 * the first cluster as if moved), so that the cluster runs every pod the plan counts.
 */
export function asMoved(source: TestConfig): TestConfig {
  const document = structuredClone(source.document);
  const clusters = Object.keys(document.clusters);
  let moved = false;
  for (const service of Object.values<any>(document.services)) {
    for (const environment of Object.values<any>(service.environments)) {
      const named = Object.keys(environment.weights).some((target) => target !== BEANSTALK && clusters.includes(target));
      if (!named) environment.weights = { ...environment.weights, [clusters[0]]: 0 };
      moved ||= !named;
    }
  }
  return moved ? testConfig(`${source.name}-as-moved`, document) : source;
}
