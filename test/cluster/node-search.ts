import type { ClusterUnderTest } from './cluster-under-test';
import { ZONE_LABEL } from './kwok-nodes';
import { deploymentSelectors, listNodes, listPods, listUnboundPods, selectedPods, type Node, type Pod } from './scheduling';

/**
 * How many nodes the real scheduler needs for what is deployed: add nodes one at a time, each in
 * the zone the Pending pods can use, until nothing is Pending, waiting for the scheduler after each.
 *
 * One at a time, because that is the count the planner's first-fit packing claims: with several
 * empty nodes at once the default scheduler (NodeResourcesFit LeastAllocated, as on EKS) spreads
 * the Pending pods over all of them and leaves slivers no pod fits, so a batch needs more nodes
 * than the same pods added node by node (the example's peak: 36 nodes added in batches of the
 * fewest that could hold what was Pending, 33 or 34 added one by one; the plan says 33).
 *
 * In the zone the Pending pods can use, because the planner counts nodes per zone: a service's
 * pod may only go to a zone where the service has the fewest pods (maxSkew 1), so a node in
 * another zone holds none of it. Taking the zones in turn instead (as one Auto Scaling group over
 * every zone balances) needed up to two nodes more on the example at minReplicas, 11 for 9.
 */
export async function addNodesUntilNothingPending(cluster: ClusterUnderTest, limit: number): Promise<number> {
  let nodes = (await listNodes(cluster.cp)).length;
  if (nodes === 0) {
    // One per zone at once. Better booted before the workloads (ClusterUnderTest.deploy): with
    // `nodeTaintsPolicy: Honor` a zone counts only once its node is untainted, and Pending pods
    // pile into the zone untainted first.
    await cluster.changeAndSettle(() => cluster.addNodes(cluster.zones.length));
    nodes = cluster.zones.length;
  }
  for (;;) {
    const pending = await listUnboundPods(cluster.cp);
    if (pending.length === 0) return nodes;
    if (nodes >= limit) throw new Error(`${pending.length} pods still Pending on ${nodes} nodes, the search's limit`);
    const zone = await zoneFor(cluster, pending);
    await cluster.changeAndSettle(() => cluster.addNodesPerZone({ [zone]: 1 }));
    nodes += 1;
  }
}

/** The zone most Pending pods may go to (ties: the zone with fewest nodes, then config order). */
async function zoneFor(cluster: ClusterUnderTest, pending: readonly Pod[]): Promise<string> {
  const [pods, nodes] = await Promise.all([listPods(cluster.cp), listNodes(cluster.cp)]);
  const zoneOf = new Map(nodes.map((node: Node) => [node.metadata.name, node.metadata.labels?.[ZONE_LABEL] ?? '']));
  const usable = new Map(cluster.zones.map((zone) => [zone, 0]));
  const services = deploymentSelectors(cluster.serviceDeployments);
  for (const pod of pending) {
    const service = services.find((selected) => selectedPods([pod], selected).length > 0);
    let zones = cluster.zones;
    if (service) {
      // Zone spread, maxSkew 1: only where the service has the fewest pods.
      const perZone = new Map(cluster.zones.map((zone) => [zone, 0]));
      for (const bound of selectedPods(pods, service)) {
        const zone = zoneOf.get(bound.spec.nodeName ?? '');
        if (zone !== undefined) perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
      }
      const fewest = Math.min(...perZone.values());
      zones = cluster.zones.filter((zone) => perZone.get(zone) === fewest);
    }
    for (const zone of zones) usable.set(zone, usable.get(zone)! + 1);
  }
  const nodesIn = (zone: string) => nodes.filter((node) => zoneOf.get(node.metadata.name) === zone).length;
  return [...cluster.zones].sort((a, b) => usable.get(b)! - usable.get(a)! || nodesIn(a) - nodesIn(b))[0];
}
