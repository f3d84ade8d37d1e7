import { packCluster } from '../../domain/cost/planner';
import { START_TIMEOUT_MS, startAll, type ClusterUnderTest } from './cluster-under-test';
import { refOf, type KubeObject } from './kube-client';
import { describeRef } from './kubectl';
import { drain } from './node-operations';
import { deploymentSelectors, listNodes, listPods, listUnboundPods, zoneSkews } from './scheduling';
import { allTargets } from './test-configs';

/**
 * What the Deployments' autoscalers, disruption budgets and spread constraints do once
 * accepted, at minReplicas on the nodes the plan gives that (one more per zone, room for a
 * drain): HPAs hold their Deployments at the minimum, each PDB covers its Deployment's pods
 * and lets one go, and a drain of the busiest node finishes.
 */

const DRAIN_TIMEOUT_MS = 60_000;
const MEASURE_TIMEOUT_MS = 180_000;
const targets = allTargets();

type Hpa = KubeObject & {
  spec: { minReplicas?: number; maxReplicas: number; scaleTargetRef: { kind: string; name: string } };
  status?: { currentReplicas?: number; desiredReplicas?: number };
};
type Pdb = KubeObject & {
  spec: { selector: { matchLabels: Record<string, string> } };
  status?: { expectedPods?: number; disruptionsAllowed?: number };
};
type Deployment = KubeObject & {
  spec: { replicas?: number; template: { spec: { topologySpreadConstraints?: unknown[] } } };
  status?: { availableReplicas?: number };
};

let clusters: ClusterUnderTest[] = [];

/** Deploys at minReplicas onto the planned nodes plus one per zone. */
async function prepare(cluster: ClusterUnderTest): Promise<void> {
  const [group] = packCluster(cluster.target.testConfig.config, cluster.target.cluster.name).steady.nodeGroups;
  const nodes = Object.fromEntries(group.zones.map((zone) => [zone.zone, zone.nodes + 1]));
  await cluster.changeAndSettle(() => cluster.deploy(() => cluster.addNodesPerZone(nodes)));
}

beforeAll(async () => {
  clusters = await startAll(targets);
  await Promise.all(clusters.map(prepare));
}, START_TIMEOUT_MS + MEASURE_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
});

describe.each(targets.map((target, index) => [target.label, index] as const))('%s', (_label, index) => {
  const cluster = () => clusters[index];

  test('nothing is Pending at minReplicas on the planned nodes', async () => {
    expect((await listUnboundPods(cluster().cp)).map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`)).toEqual([]);
  });

  test('every HPA is accepted and holds its Deployment at its minReplicas; a Deployment without one runs its fixed replicas', async () => {
    const { cp, autoscalers, serviceDeployments } = cluster();
    const scaled = new Set(autoscalers.map((hpa) => `${hpa.metadata.namespace}/${hpa.spec.scaleTargetRef.name}`));
    for (const deployment of serviceDeployments.filter((d) => !scaled.has(`${d.metadata.namespace}/${d.metadata.name}`))) {
      const written = (deployment as Deployment).spec.replicas;
      expect(written).toBeGreaterThan(0);
      const live = await cp.client.get<Deployment>(refOf(deployment));
      expect({ deployment: describeRef(refOf(deployment)), available: live.status?.availableReplicas }).toEqual({
        deployment: describeRef(refOf(deployment)),
        available: written,
      });
    }
    for (const hpa of autoscalers) {
      const live = await cp.client.get<Hpa>(refOf(hpa));
      const target = await cp.client.get<Deployment>({
        apiVersion: 'apps/v1',
        kind: live.spec.scaleTargetRef.kind,
        namespace: hpa.metadata.namespace,
        name: live.spec.scaleTargetRef.name,
      });
      const min = hpa.spec.minReplicas ?? 1;
      expect({ hpa: describeRef(refOf(hpa)), replicas: target.spec.replicas, current: live.status?.currentReplicas }).toEqual({
        hpa: describeRef(refOf(hpa)),
        replicas: min,
        current: min,
      });
    }
  });

  test("every PodDisruptionBudget covers exactly its Deployment's pods and lets one of them go", async () => {
    const { cp, objects } = cluster();
    const budgets = objects.filter(
      (object): object is Pdb => object.kind === 'PodDisruptionBudget' && object.metadata.namespace !== 'kube-system',
    );
    expect(budgets.length).toBeGreaterThan(0);
    for (const budget of budgets) {
      const live = await cp.client.get<Pdb>(refOf(budget));
      const deployment = await cp.client.get<Deployment>({ ...refOf(budget), apiVersion: 'apps/v1', kind: 'Deployment' });
      expect({
        pdb: describeRef(refOf(budget)),
        expectedPods: live.status?.expectedPods,
        disruptionsAllowed: live.status?.disruptionsAllowed,
      }).toEqual({
        pdb: describeRef(refOf(budget)),
        expectedPods: deployment.spec.replicas,
        disruptionsAllowed: 1,
      });
    }
  });

  test('the topologySpreadConstraints are accepted as written and keep every service within one pod between zones', async () => {
    const { cp, serviceDeployments } = cluster();
    for (const deployment of serviceDeployments) {
      const live = await cp.client.get<Deployment>(refOf(deployment));
      const written = (deployment as Deployment).spec.template.spec.topologySpreadConstraints;
      expect(written?.length).toBeGreaterThan(0);
      expect(live.spec.template.spec.topologySpreadConstraints).toEqual(written);
    }
    const skews = zoneSkews(await listPods(cp), await listNodes(cp), deploymentSelectors(serviceDeployments));
    expect([...skews].filter(([, skew]) => skew.skew > 1)).toEqual([]);
  });

  test('a drain (eviction API) of the busiest node at minReplicas is not blocked by any PodDisruptionBudget', async () => {
    const { cp, serviceDeployments, namespaces } = cluster();
    // The node with the most of the services' pods: the drain that meets the most budgets.
    const pods = (await listPods(cp)).filter((pod) => namespaces.includes(pod.metadata.namespace!));
    const perNode = new Map<string, number>();
    for (const pod of pods) if (pod.spec.nodeName) perNode.set(pod.spec.nodeName, (perNode.get(pod.spec.nodeName) ?? 0) + 1);
    const [node, servicePods] = [...perNode].sort((a, b) => b[1] - a[1])[0];
    const result = await drain(cp, [node], DRAIN_TIMEOUT_MS);
    expect(result.blocked).toEqual([]);
    // Every service is back at full strength elsewhere.
    for (const deployment of serviceDeployments) {
      await cp.client.waitFor<Deployment>(refOf(deployment), (live) => live.status?.availableReplicas === (live.spec.replicas ?? 1), {
        timeoutMs: DRAIN_TIMEOUT_MS,
      });
    }
    process.stdout.write(
      `${targets[index].label}: drained ${node} (${servicePods} service pods), ${result.refusals} evictions refused by a PDB and retried\n`,
    );
  });
});
