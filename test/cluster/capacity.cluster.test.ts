import { START_TIMEOUT_MS, startAll, type ClusterUnderTest } from './cluster-under-test';
import { kubeshiftCost, type PlannedGroup } from './kubeshift-cli';
import { addNodesUntilNothingPending } from './node-search';
import { deploymentSelectors, listNodes, listPods, zoneSkews } from './scheduling';
import { asMoved, example, smallThreeZones, targetsOf, twoClusters, type Target, type TestConfig } from './test-configs';

/**
 * The node count `kubeshift cost` plans against the one the real scheduler needs, at minReplicas
 * (steady) and at maxReplicas (peak), on nodes shaped as the planner shapes the node group:
 * every service's pods deployed from scratch, nodes added zone by zone until nothing is Pending.
 * Each scenario gets its own control plane, and all run at once (they mostly wait).
 *
 * The plan counts services that name no cluster yet on the first cluster, as if moved; the
 * scheduler is given the same pods by deploying the config with them moved there at weight 0.
 */

type Scenario = 'steady' | 'peak';
const SCENARIOS: readonly Scenario[] = ['steady', 'peak'];
/** How far past the plan the search may go before it gives up. */
const SEARCH_MARGIN = 10;
/** The scheduler may need one node more or less than the plan. */
const TOLERANCE = 1;
const MEASURE_TIMEOUT_MS = 300_000;

interface Subject {
  readonly original: TestConfig;
  readonly moved: TestConfig;
  readonly target: Target;
}

const subjects: Subject[] = [example(), twoClusters(), smallThreeZones()].flatMap((original) => {
  const moved = asMoved(original);
  return targetsOf(moved).map((target) => ({ original, moved, target: { ...target, label: `${original.name}/${target.cluster.name}` } }));
});

interface Measured {
  readonly planned: PlannedGroup;
  readonly scheduler: number;
  readonly worstSkew: { readonly service: string; readonly skew: number; readonly perZone: Record<string, number> } | undefined;
}

const plans = new Map<TestConfig, Awaited<ReturnType<typeof kubeshiftCost>>['report']>();
const measured = new Map<string, Measured>();
let clusters: ClusterUnderTest[] = [];

function plannedGroup(config: TestConfig, cluster: string, scenario: Scenario): PlannedGroup {
  const plan = plans.get(config)!.kubernetes.clusters.find((candidate) => candidate.cluster === cluster)!;
  const [group] = plan[scenario].nodeGroups;
  return group;
}

async function measure(cluster: ClusterUnderTest, subject: Subject, scenario: Scenario): Promise<Measured> {
  const planned = plannedGroup(subject.original, subject.target.cluster.name, scenario);
  await cluster.changeAndSettle(() => cluster.deploy(() => cluster.addNodes(cluster.zones.length)));
  if (scenario === 'peak') await cluster.autoscaleTo('max');
  const scheduler = await addNodesUntilNothingPending(cluster, planned.nodes + SEARCH_MARGIN);
  const services = deploymentSelectors(cluster.serviceDeployments);
  const skews = [...zoneSkews(await listPods(cluster.cp), await listNodes(cluster.cp), services)].map(([service, skew]) => ({
    service,
    ...skew,
  }));
  const worstSkew = skews.sort((a, b) => b.skew - a.skew)[0];
  return { planned, scheduler, worstSkew };
}

beforeAll(async () => {
  const configs = [...new Set(subjects.flatMap(({ original, moved }) => [original, moved]))];
  const runs = subjects.flatMap((subject) => SCENARIOS.map((scenario) => ({ subject, scenario })));
  const [reports, started] = await Promise.allSettled([
    Promise.all(configs.map(async (config) => (await kubeshiftCost(config.file)).report)),
    startAll(runs.map((run) => run.subject.target)),
  ]);
  if (started.status === 'fulfilled') clusters = started.value; // stopped by afterAll, whatever else failed
  if (reports.status === 'rejected') throw reports.reason;
  if (started.status === 'rejected') throw started.reason;
  configs.forEach((config, i) => plans.set(config, reports.value[i]));
  await Promise.all(
    runs.map(async (run, i) =>
      measured.set(`${run.subject.target.label} ${run.scenario}`, await measure(clusters[i], run.subject, run.scenario)),
    ),
  );
}, START_TIMEOUT_MS + MEASURE_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
  const rows = [...measured].map(([key, m]) => {
    const [label, scenario] = key.split(' ');
    return [
      label,
      m.planned.nodeGroup,
      m.planned.instanceType,
      scenario,
      String(m.planned.nodes),
      String(m.scheduler),
      String(m.scheduler - m.planned.nodes),
    ];
  });
  const header = ['config/cluster', 'node group', 'instance', 'scenario', 'planned', 'scheduler', 'difference'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  process.stdout.write(
    `\nkubeshift cost vs kube-scheduler (nodes until nothing is Pending)\n${[header, ...rows].map(line).join('\n')}\n\n`,
  );
});

describe.each(subjects.map((subject) => [subject.target.label, subject] as const))('%s', (_label, subject) => {
  test('the plan counts the services that have not started as if moved: the config with them moved has the same plan', () => {
    for (const scenario of SCENARIOS) {
      expect(plannedGroup(subject.moved, subject.target.cluster.name, scenario)).toEqual(
        plannedGroup(subject.original, subject.target.cluster.name, scenario),
      );
    }
  });

  test.each(SCENARIOS.map((scenario) => [scenario === 'steady' ? 'minReplicas' : 'maxReplicas', scenario] as const))(
    `at %s the real scheduler needs within ${TOLERANCE} node of what kubeshift cost plans, and no service's zone skew exceeds 1`,
    (_replicas, scenario) => {
      const result = measured.get(`${subject.target.label} ${scenario}`)!;
      expect(Math.abs(result.scheduler - result.planned.nodes)).toBeLessThanOrEqual(TOLERANCE);
      expect(result.worstSkew?.skew ?? 0).toBeLessThanOrEqual(1);
    },
  );
});
