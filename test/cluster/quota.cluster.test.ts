import { ALL_NAMESPACES, refOf, type KubeObject } from './kube-client';
import { START_TIMEOUT_MS, startAll, type ClusterUnderTest } from './cluster-under-test';
import { describeRef } from './kubectl';
import { bootNodes, kwokNode } from './kwok-nodes';
import { settle, waitForControllers } from './scheduling';
import { allTargets } from './test-configs';

/**
 * Every service at its maxReplicas, then a rolling update of all of them at once at that size
 * (a new image everywhere, as a fleet-wide release does): the namespaces' ResourceQuota and
 * LimitRange must let every pod through. Nodes are plentiful here: room is capacity.cluster's
 * concern, admission is this file's.
 */

const ROLLOUT_TIMEOUT_MS = 120_000;
const MEASURE_TIMEOUT_MS = 300_000;
/** Appended to every image tag: the release that rolls every service. */
const NEXT = '-next';
/** One node per zone far larger than any instance: the rollouts never wait for room. */
const ROOMY = { cpuMillis: 256_000, memoryMebibytes: 1_048_576, pods: 1_000 };
/** Room for the ephemeral storage of ROOMY's pods too. */
const ROOMY_DISK_GIBIBYTES = 1_024;

const targets = allTargets();
let clusters: ClusterUnderTest[] = [];
const outcomes: Outcome[] = [];

/** Deploys at minReplicas onto one roomy node per zone. */
async function prepare(cluster: ClusterUnderTest): Promise<void> {
  await cluster.deploy();
  const shape = {
    ...cluster.nodeGroup.shape,
    instanceType: 'roomy',
    vCpus: ROOMY.cpuMillis / 1000,
    maxPods: ROOMY.pods,
    allocatable: ROOMY,
    free: ROOMY,
  };
  const region = cluster.target.testConfig.config.region;
  await bootNodes(
    cluster.cp.client,
    cluster.zones.map((zone) => kwokNode(`roomy-${zone}`, { group: cluster.nodeGroup.group, shape }, zone, region, ROOMY_DISK_GIBIBYTES)),
  );
  await settle(cluster.cp);
}

beforeAll(async () => {
  clusters = await startAll(targets);
  outcomes.push(
    ...(await Promise.all(
      clusters.map(async (cluster) => {
        await prepare(cluster);
        return peakAndRollout(cluster);
      }),
    )),
  );
}, START_TIMEOUT_MS + MEASURE_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
});

type Event = KubeObject & { reason?: string; message?: string; involvedObject?: { kind: string; name: string; namespace?: string } };
type Deployment = KubeObject & {
  spec: { replicas?: number; template: { spec: { containers: { name: string; image: string }[] } } };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number };
};
type Quota = KubeObject & { status?: { hard?: Record<string, string>; used?: Record<string, string> } };

/**
 * Every pod creation admission refused the ReplicaSet controller ("... is forbidden: exceeded
 * quota", a LimitRange's maximum, ...). A write conflict on the quota object ("Operation cannot be
 * fulfilled") is contention between concurrent creations, retried, not a refusal.
 */
async function refusedPods(cluster: ClusterUnderTest): Promise<string[]> {
  const events = await cluster.cp.client.list<Event>(
    { apiVersion: 'v1', kind: 'Event', namespace: ALL_NAMESPACES },
    { fieldSelector: 'reason=FailedCreate' },
  );
  return events.items
    .filter((event) => event.message?.includes(' is forbidden: '))
    .map((event) => `${event.involvedObject?.namespace}/${event.involvedObject?.name}: ${event.message}`);
}

async function rolledOut(cluster: ClusterUnderTest, deployment: KubeObject): Promise<Deployment> {
  return cluster.cp.client.waitFor<Deployment>(
    refOf(deployment),
    (live) => {
      const want = live.spec.replicas ?? 1;
      const status = live.status ?? {};
      return (
        (status.observedGeneration ?? 0) >= (live.metadata.generation as number) &&
        status.updatedReplicas === want &&
        status.replicas === want &&
        status.availableReplicas === want
      );
    },
    { timeoutMs: ROLLOUT_TIMEOUT_MS },
  );
}

/** Every service at maxReplicas, then all of them rolled to a new image; what the controllers were refused on the way. */
async function peakAndRollout(cluster: ClusterUnderTest): Promise<Outcome> {
  const { cp, serviceDeployments } = cluster;
  await cluster.autoscaleTo('max');
  await waitForControllers(cp);
  for (const deployment of serviceDeployments) await rolledOut(cluster, deployment);
  const atPeak = await refusedPods(cluster);
  for (const deployment of serviceDeployments) {
    const live = await cp.client.get<Deployment>(refOf(deployment));
    const containers = live.spec.template.spec.containers.map((container) => ({
      name: container.name,
      image: `${container.image}${NEXT}`,
    }));
    await cp.client.patch(refOf(deployment), { spec: { template: { spec: { containers } } } }, 'strategic');
  }
  const images: string[] = [];
  for (const deployment of serviceDeployments) {
    const live = await rolledOut(cluster, deployment);
    images.push(`${describeRef(refOf(deployment))} ${live.spec.template.spec.containers[0].image}`);
  }
  const quotas: Record<string, Quota['status']> = {};
  for (const namespace of new Set(serviceDeployments.map((deployment) => deployment.metadata.namespace!))) {
    const list = await cp.client.list<Quota>({ apiVersion: 'v1', kind: 'ResourceQuota', namespace });
    for (const quota of list.items) quotas[`${namespace}/${quota.metadata.name}`] = quota.status;
  }
  return { atPeak, duringRollout: (await refusedPods(cluster)).filter((refusal) => !atPeak.includes(refusal)), images, quotas };
}

interface Outcome {
  readonly atPeak: readonly string[];
  readonly duringRollout: readonly string[];
  /** `Deployment ns/name image` once rolled out. */
  readonly images: readonly string[];
  readonly quotas: Record<string, Quota['status']>;
}

describe.each(targets.map((target, index) => [target.label, index] as const))('%s', (_label, index) => {
  test("at every service's maxReplicas, no pod is refused by a ResourceQuota or LimitRange", () => {
    expect(outcomes[index].atPeak).toEqual([]);
  });

  test('through a rolling update of every service at once (new image) at maxReplicas, no pod is refused either, and every rollout completes', () => {
    const { duringRollout, images } = outcomes[index];
    expect(duringRollout).toEqual([]);
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((image) => !image.endsWith(NEXT))).toEqual([]);
  });

  test('each namespace with services has its tier quota, counting their pods', () => {
    const { quotas } = outcomes[index];
    expect(Object.keys(quotas).length).toBeGreaterThan(0);
    for (const [name, status] of Object.entries(quotas)) {
      expect(name).toMatch(/\/tier-quota$/);
      expect(Number(status?.used?.pods ?? 0)).toBeGreaterThan(0);
    }
  });
});
