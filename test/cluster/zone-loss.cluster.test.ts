import { productionEnvironment } from '../../domain/cost/beanstalk';
import { START_TIMEOUT_MS, startAll, type ClusterUnderTest } from './cluster-under-test';
import { KUBE_SYSTEM } from './eks-seed';
import { kubeshiftCost } from './kubeshift-cli';
import { ZONE_LABEL } from './kwok-nodes';
import { drain, removeNodes } from './node-operations';
import { deploymentSelectors, listNodes, listPods, listUnboundPods, podLabel, zoneSkews } from './scheduling';
import { example, smallThreeZones, targetsOf, twoClusters, type Target } from './test-configs';

/**
 * A zone lost with the node groups at maxSize (the case `kubeshift cost --fail-zone` plans):
 * its nodes deleted, production at minReplicas must fit in the zones left, or stay Pending
 * exactly when the verdict (exit 2) said it would not fit.
 */

const MEASURE_TIMEOUT_MS = 180_000;
/** How long a drain may take before it counts as stuck. */
const DRAIN_TIMEOUT_MS = 20_000;
// The example holds (exit 0); small-three-zones does not (exit 2); two-clusters/blue is left with
// one zone. Not here: small-three-zones at maxSize 5 (two nodes left in one zone, one in the
// other). The plan says it holds, and the scheduler agreed in one run and left a mailer pod
// Pending in the next: where the odd replicas go depends on the order it meets them, so no
// verdict is right every time. The planner's choice for that case is pinned in its unit tests.
const targets = [
  ...targetsOf(example()),
  ...targetsOf(smallThreeZones()),
  ...targetsOf(twoClusters()).filter((t) => t.cluster.name === 'blue'),
];
/** Where fault #7 shows: two zones of two nodes each, production one pod per zone. */
const drained = targetsOf(twoClusters()).find((target) => target.cluster.name === 'blue')!;

interface Verdict {
  readonly lostZone: string;
  readonly exitCode: number;
  readonly holds: boolean;
  /** Nodes per zone with the group at maxSize: the lost zone's and what the plan says is left. */
  readonly nodesPerZone: Record<string, number>;
}

interface Observed {
  /** Production's largest zone skew with every zone up: the spread the loss starts from. */
  readonly skewBefore: number;
  /** Production and kube-system pods Pending once the scheduler is done. */
  readonly stranded: readonly string[];
  readonly productionSkew: number;
}

async function verdictFor(target: Target): Promise<Verdict> {
  const lostZone = target.testConfig.config.vpc.availabilityZones[0];
  const { status, report } = await kubeshiftCost(target.testConfig.file, lostZone);
  const check = report.zoneLoss!.find((candidate) => candidate.cluster === target.cluster.name)!;
  const [group] = check.nodeGroups;
  const maxSize = target.cluster.nodeGroups[0].maxSize;
  const left = Object.values(group.availablePerZone).reduce((sum, nodes) => sum + nodes, 0);
  return { lostZone, exitCode: status, holds: check.holds, nodesPerZone: { [lostZone]: maxSize - left, ...group.availablePerZone } };
}

/** Production and system pods the scheduler could not place. */
async function stranded(cluster: ClusterUnderTest, production: string): Promise<string[]> {
  return (await listUnboundPods(cluster.cp))
    .filter((pod) => pod.metadata.namespace === production || pod.metadata.namespace === KUBE_SYSTEM)
    .map(podLabel);
}

/** Production's largest zone skew over its Deployments, with the nodes there are now. */
async function productionSkew(cluster: ClusterUnderTest, production: string): Promise<number> {
  const services = deploymentSelectors(cluster.serviceDeployments.filter((deployment) => deployment.metadata.namespace === production));
  const skews = zoneSkews(await listPods(cluster.cp, production), await listNodes(cluster.cp), services);
  return Math.max(0, ...[...skews.values()].map((s) => s.skew));
}

async function loseZone(cluster: ClusterUnderTest, verdict: Verdict): Promise<Observed> {
  const production = productionEnvironment(cluster.target.testConfig.config)!;
  await cluster.changeAndSettle(() => cluster.deploy(() => cluster.addNodesPerZone(verdict.nodesPerZone)));
  expect(await listUnboundPods(cluster.cp)).toEqual([]);
  const skewBefore = await productionSkew(cluster, production);
  const lost = (await listNodes(cluster.cp)).filter((node) => node.metadata.labels?.[ZONE_LABEL] === verdict.lostZone);
  await cluster.changeAndSettle(() =>
    removeNodes(
      cluster.cp,
      lost.map((node) => node.metadata.name),
    ),
  );
  return { skewBefore, stranded: await stranded(cluster, production), productionSkew: await productionSkew(cluster, production) };
}

/** Fault #7: a zone's nodes cordoned and drained while they still exist (a node group update, a scale-down). */
async function drainZone(cluster: ClusterUnderTest): Promise<{ blocked: readonly string[]; stranded: readonly string[] }> {
  const production = productionEnvironment(cluster.target.testConfig.config)!;
  const [zone] = cluster.zones;
  const maxSize = cluster.target.cluster.nodeGroups[0].maxSize;
  await cluster.changeAndSettle(() => cluster.deploy(() => cluster.addNodes(maxSize)));
  const nodes = (await listNodes(cluster.cp))
    .filter((node) => node.metadata.labels?.[ZONE_LABEL] === zone)
    .map((node) => node.metadata.name);
  let blocked: readonly string[] = [];
  await cluster.changeAndSettle(async () => ({ blocked } = await drain(cluster.cp, nodes, DRAIN_TIMEOUT_MS)));
  return { blocked, stranded: await stranded(cluster, production) };
}

const verdicts: Verdict[] = [];
const observed: Observed[] = [];
let drainOutcome: { blocked: readonly string[]; stranded: readonly string[] };
let clusters: ClusterUnderTest[] = [];

beforeAll(async () => {
  const [found, started] = await Promise.allSettled([Promise.all(targets.map(verdictFor)), startAll([...targets, drained])]);
  if (started.status === 'fulfilled') clusters = started.value; // stopped by afterAll, whatever else failed
  if (found.status === 'rejected') throw found.reason;
  if (started.status === 'rejected') throw started.reason;
  verdicts.push(...found.value);
  const [losses, drainedZone] = await Promise.all([
    Promise.all(targets.map((_target, i) => loseZone(clusters[i], verdicts[i]))),
    drainZone(clusters[targets.length]),
  ]);
  observed.push(...losses);
  drainOutcome = drainedZone;
}, START_TIMEOUT_MS + MEASURE_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
});

describe.each(targets.map((target, index) => [target.label, index] as const))('%s', (label, index) => {
  test("with one zone's nodes deleted, the scheduler does what `kubeshift cost --fail-zone` said: production fits again (exit 0) or stays Pending (exit 2)", () => {
    const verdict = verdicts[index];
    const { skewBefore, stranded: left, productionSkew } = observed[index];
    process.stdout.write(
      `${label}: --fail-zone ${verdict.lostZone} exit ${verdict.exitCode} (${verdict.holds ? 'holds' : 'does not hold'}); scheduler: ${left.length} production/system pods Pending\n`,
    );
    expect(verdict.exitCode).toBe(verdict.holds ? 0 : 2);
    // The loss starts from the spread the zone constraint keeps; the plan assumes it.
    expect(skewBefore).toBeLessThanOrEqual(1);
    if (verdict.holds) {
      expect(left).toEqual([]);
      expect(productionSkew).toBeLessThanOrEqual(1);
    } else {
      expect(left.length).toBeGreaterThan(0);
    }
  });
});

describe(drained.label, () => {
  // Cordoned nodes carry the node.kubernetes.io/unschedulable taint: with `nodeTaintsPolicy: Honor`
  // their zone stops counting as a domain, so its evicted pods may run in the zones left.
  test("with one zone's nodes cordoned and drained, the drain completes and every production pod runs in the other zones", () => {
    expect(drainOutcome.blocked).toEqual([]);
    expect(drainOutcome.stranded).toEqual([]);
  });
});
