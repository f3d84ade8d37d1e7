import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type { KubeshiftConfig } from '../../config';
import { synthStacks } from '../fixtures';
import { SYNTH_CACHE_ENV } from './cache';
import { runningImageConfigMapName } from '../../domain/naming';
import type { KubeObject } from './kube-client';

/**
 * What the cluster stacks hand to aws-eks-v2's kubectl handler: the `Manifest` property of each
 * `Custom::AWSCDK-EKS-KubernetesResource` in the synthesized templates (prune label included,
 * as KubernetesManifest injects it), one per chart of `ClusterStack.charts`, in that order
 * (DNS autoscaler, environments, services: the order CloudFormation's dependencies impose).
 * The other manifests of the stacks (the service accounts aws-eks-v2 makes for the Cluster
 * Autoscaler and Fluent Bit) and the Helm charts are not kubeshift's charts and are left out.
 */

export interface AppliedManifest {
  /** The chart's id: `dns-autoscaler`, `environment-production`, `service-auth-production`. */
  readonly chart: string;
  /** The objects in the order the handler writes them to manifest.yaml, so the order kubectl sends them. */
  readonly objects: readonly KubeObject[];
}

export interface ClusterManifests {
  readonly cluster: string;
  readonly manifests: readonly AppliedManifest[];
}

/** Kind, namespace and name: what tells the objects of one chart from another's. */
const execFileAsync = promisify(execFile);

const identity = (object: KubeObject) => `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
const identities = (objects: readonly KubeObject[]) => objects.map(identity).sort().join('\n');

/** Synthesizes every stack of `config` and returns each cluster's manifests in apply order. */
export function synthClusterManifests(config: KubeshiftConfig): ClusterManifests[] {
  const { clusters } = synthStacks(config);
  const templates = new Map<Stack, Record<string, any>>();
  const templateOf = (stack: Stack) => {
    if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack).toJSON().Resources);
    return templates.get(stack)!;
  };
  return clusters.map((clusterStack) => {
    const applied = clusterStack.node
      .findAll()
      .filter((construct): construct is eks.KubernetesManifest => construct instanceof eks.KubernetesManifest)
      .map((manifest) => {
        const stack = Stack.of(manifest);
        const resource = templateOf(stack)[stack.getLogicalId(manifest.node.defaultChild as CfnResource)];
        const text: unknown = resource.Properties.Manifest;
        if (typeof text === 'string') return JSON.parse(text) as KubeObject[];
        // A delivered service's image is read at deploy time: resolved as on the first deploy.
        if (readsRunningImage(text, templateOf(stack)))
          return JSON.parse(firstDeployValue(text, templateOf(stack)) as string) as KubeObject[];
        return []; // Service accounts that name an IAM role hold tokens; no chart does.
      });
    const manifests = clusterStack.charts.flatMap((chart) => {
      const key = identities(chart.toJson() as KubeObject[]);
      const matches = applied.filter((objects) => identities(objects) === key);
      if (matches.length !== 1) throw new Error(`chart ${chart.node.id}: ${matches.length} KubernetesManifest resources apply its objects`);
      // The running-image ConfigMap of a delivered service goes just before it, as the stack orders them.
      const runningImage = applied.filter((objects) =>
        objects.some(
          (object) => object.kind === 'ConfigMap' && matches[0].some((o) => o.kind === 'Deployment' && runningImageOf(o, object)),
        ),
      );
      return [
        ...runningImage.map((objects) => ({ chart: `${chart.node.id}-running-image`, objects })),
        { chart: chart.node.id, objects: matches[0] },
      ];
    });
    return { cluster: clusterStack.clusterName, manifests };
  });
}

/** The running-image ConfigMap (charts/running-image-chart.ts) of a Deployment. */
function runningImageOf(deployment: KubeObject, configMap: KubeObject): boolean {
  return (
    configMap.metadata.namespace === deployment.metadata.namespace &&
    configMap.metadata.name === runningImageConfigMapName(deployment.metadata.name)
  );
}

/** Whether a manifest holds a value a KubernetesObjectValue reads at deploy time. */
function readsRunningImage(value: unknown, resources: Record<string, any>): boolean {
  if (!value || typeof value !== 'object') return false;
  const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'] as string[] | undefined;
  if (getAtt) return resources[getAtt[0]]?.Type === 'Custom::AWSCDK-EKS-KubernetesObjectValue';
  return Object.values(value).some((child) => readsRunningImage(child, resources));
}

/**
 * What CloudFormation makes of a manifest that holds a delivered service's running image
 * (lib/service-workloads-stack.ts) on the first deploy: Fn::Join, Fn::Select and Fn::Split
 * evaluated, and the KubernetesObjectValue read as its kubectl handler reads it, from the
 * running-image ConfigMap as the stack creates it (the config's image) and the JSONPath's literal.
 */
function firstDeployValue(value: unknown, resources: Record<string, any>): unknown {
  if (typeof value === 'string' || typeof value === 'number') return value;
  const [fn, args] = Object.entries(value as Record<string, any>)[0];
  switch (fn) {
    case 'Fn::Join':
      return (args[1] as unknown[]).map((part) => firstDeployValue(part, resources)).join(args[0]);
    case 'Fn::Select':
      return (firstDeployValue(args[1], resources) as unknown[])[args[0]];
    case 'Fn::Split':
      return String(firstDeployValue(args[1], resources)).split(args[0]);
    case 'Fn::GetAtt': {
      const reader = resources[args[0]];
      if (reader?.Type !== 'Custom::AWSCDK-EKS-KubernetesObjectValue') throw new Error(`cannot resolve Fn::GetAtt ${args[0]}`);
      const { ObjectName, ObjectNamespace, JsonPath } = reader.Properties;
      const source = Object.values(resources)
        .filter((resource) => resource.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && typeof resource.Properties.Manifest === 'string')
        .flatMap((resource) => JSON.parse(resource.Properties.Manifest) as KubeObject[])
        .find(
          (object) => object.kind === 'ConfigMap' && object.metadata.name === ObjectName && object.metadata.namespace === ObjectNamespace,
        );
      const path = /^\.data\.(\w+)\}\{"(.*)"$/.exec(JsonPath);
      if (!source || !path) throw new Error(`cannot read ${ObjectNamespace}/${ObjectName} at ${JsonPath}`);
      return `${(source.data as Record<string, string>)[path[1]]}${path[2]}`;
    }
    default:
      throw new Error(`cannot resolve ${fn}`);
  }
}

/**
 * `synthClusterManifests` of a config file, once per config and run: a synth takes seconds of
 * CPU and every test file needs the same manifests. It runs in a child process (synth-manifests.ts),
 * so that several configs synthesize at once and while the control planes start; the result is
 * kept in the run's folder (global-setup.ts names it) under `key`, the config's TestConfig name.
 */
export function cachedClusterManifests(key: string, configFile: string): Promise<ClusterManifests[]> {
  let pending = inFlight.get(key);
  if (!pending) {
    pending = synthInChild(key, configFile);
    inFlight.set(key, pending);
  }
  return pending;
}

const inFlight = new Map<string, Promise<ClusterManifests[]>>();
const SYNTH_SCRIPT = path.join(__dirname, 'synth-manifests.ts');
const SYNTH_TIMEOUT_MS = 180_000;

async function synthInChild(key: string, configFile: string): Promise<ClusterManifests[]> {
  const dir = process.env[SYNTH_CACHE_ENV] ?? mkdtempSync(path.join(os.tmpdir(), 'kubeshift-synth-'));
  const file = path.join(dir, `${key}.json`);
  if (!existsSync(file)) {
    const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
    const { stderr } = await execFileAsync(process.execPath, ['--import', tsxLoader, SYNTH_SCRIPT, configFile, file], {
      timeout: SYNTH_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`synth of ${configFile} failed: ${error.stderr || error.message}`);
    });
    if (!existsSync(file)) throw new Error(`synth of ${configFile} wrote nothing: ${stderr}`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterManifests[];
}
