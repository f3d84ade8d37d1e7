import { productionEnvironment } from '../../domain/cost/beanstalk';
import { START_TIMEOUT_MS, startAll, type ClusterUnderTest } from './cluster-under-test';
import { ALL_NAMESPACES, type KubeObject } from './kube-client';
import { addNodesUntilNothingPending } from './node-search';
import { listPods, listUnboundPods } from './scheduling';
import { example, smallThreeZones, targetsOf } from './test-configs';

/**
 * Nodes short: the cluster holds everything at minReplicas, then production goes to its
 * maxReplicas with no node added. The scheduler makes room by preempting, and only pods of
 * environments ranked below production may be its victims.
 */

const SEARCH_LIMIT = 40;
const MEASURE_TIMEOUT_MS = 180_000;
// Production over a Burstable staging (example) and over a BestEffort qa (small-three-zones); in
// both, production at maxReplicas needs more nodes than everything at minReplicas.
const targets = [...targetsOf(example()), ...targetsOf(smallThreeZones())];

type Event = KubeObject & { reason?: string; message?: string; involvedObject?: { name: string; namespace?: string } };

interface Outcome {
  readonly production: string;
  /** `namespace/pod` of every victim the scheduler reported. */
  readonly preempted: readonly string[];
  /** Production pods that existed before the scale-up and are gone after it. */
  readonly productionLost: readonly string[];
  readonly productionPending: number;
}

let clusters: ClusterUnderTest[] = [];
const outcomes: Outcome[] = [];

async function shortOfNodes(cluster: ClusterUnderTest): Promise<Outcome> {
  const production = productionEnvironment(cluster.target.testConfig.config)!;
  await cluster.changeAndSettle(() => cluster.deploy(() => cluster.addNodes(cluster.zones.length)));
  await addNodesUntilNothingPending(cluster, SEARCH_LIMIT);
  const before = (await listPods(cluster.cp, production)).map((pod) => pod.metadata.uid!);
  // Preemptions while nodes were being added are not this test's: a DaemonSet pod at
  // system-node-critical may take its place on a new node from any pod, production included.
  const earlier = new Set((await preemptedEvents(cluster)).map((event) => event.metadata.uid));
  await cluster.changeAndSettle(() => cluster.autoscaleTo('max', [production]));
  const after = new Set((await listPods(cluster.cp, production)).map((pod) => pod.metadata.uid!));
  const events = (await preemptedEvents(cluster)).filter((event) => !earlier.has(event.metadata.uid));
  return {
    production,
    preempted: events.map((event) => `${event.involvedObject?.namespace}/${event.involvedObject?.name}`),
    productionLost: before.filter((uid) => !after.has(uid)),
    productionPending: (await listUnboundPods(cluster.cp)).filter((pod) => pod.metadata.namespace === production).length,
  };
}

async function preemptedEvents(cluster: ClusterUnderTest): Promise<Event[]> {
  const events = await cluster.cp.client.list<Event>(
    { apiVersion: 'v1', kind: 'Event', namespace: ALL_NAMESPACES },
    { fieldSelector: 'reason=Preempted' },
  );
  return events.items;
}

beforeAll(async () => {
  clusters = await startAll(targets);
  outcomes.push(...(await Promise.all(clusters.map(shortOfNodes))));
}, START_TIMEOUT_MS + MEASURE_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
});

describe.each(targets.map((target, index) => [target.label, index] as const))('%s', (_label, index) => {
  test('with nodes short, only pods of lower-priority environments are preempted, never production', () => {
    const { testConfig } = targets[index];
    const outcome = outcomes[index];
    const productionPriority = testConfig.config.environments.find((environment) => environment.name === outcome.production)!.priority;
    const lowerEnvironments = testConfig.config.environments.filter((environment) => environment.priority < productionPriority);
    const lower = lowerEnvironments.map((environment) => environment.name);
    // The shortage was real: production asked for more than the nodes had. Pods that request
    // something make room when preempted; BestEffort pods request nothing, so removing them
    // cannot make room and production waits instead.
    if (lowerEnvironments.some((environment) => environment.qos !== 'BestEffort')) expect(outcome.preempted.length).toBeGreaterThan(0);
    else expect(outcome.productionPending).toBeGreaterThan(0);
    expect(outcome.preempted.filter((victim) => !lower.includes(victim.split('/')[0]))).toEqual([]);
    expect(outcome.productionLost).toEqual([]);
    process.stdout.write(
      `${targets[index].label}: ${outcome.preempted.length} pods of ${lower.join(', ')} preempted, ${outcome.productionPending} production pods still Pending\n`,
    );
  });
});
