import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlane } from './control-plane';
import { ALL_NAMESPACES } from './kube-client';
import type { Pod } from './scheduling';

/**
 * What happens to nodes outside the tests' control in a real cluster, done by hand: a drain as
 * `kubectl drain` does it, and a node that is gone (its instance terminated).
 */

/** kubectl drain retries an eviction a PodDisruptionBudget refuses every 5 s; a test has no time to lose. */
const EVICTION_RETRY_MS = 500;

async function podsOn(cp: ControlPlane, nodes: readonly string[]): Promise<Pod[]> {
  const pods = await Promise.all(
    nodes.map((node) =>
      cp.client.list<Pod>({ apiVersion: 'v1', kind: 'Pod', namespace: ALL_NAMESPACES }, { fieldSelector: `spec.nodeName=${node}` }),
    ),
  );
  return pods.flatMap((list) => list.items);
}

const ownedByDaemonSet = (pod: Pod) =>
  ((pod.metadata.ownerReferences as { kind: string }[] | undefined) ?? []).some((owner) => owner.kind === 'DaemonSet');

export interface DrainResult {
  /** `namespace/pod` of every pod still on the nodes when the time was up (the drain is stuck). */
  readonly blocked: readonly string[];
  /** How many evictions a PodDisruptionBudget refused along the way (429, retried). */
  readonly refusals: number;
}

/**
 * `kubectl drain --ignore-daemonsets`: cordons the nodes, then evicts every other pod on them
 * through the eviction API, retrying those a PodDisruptionBudget refuses, until none is left or
 * `timeoutMs` is up.
 */
export async function drain(cp: ControlPlane, nodes: readonly string[], timeoutMs: number): Promise<DrainResult> {
  for (const node of nodes)
    await cp.client.patch({ apiVersion: 'v1', kind: 'Node', name: node }, { spec: { unschedulable: true } }, 'merge');
  const deadline = Date.now() + timeoutMs;
  let refusals = 0;
  for (;;) {
    const left = (await podsOn(cp, nodes)).filter((pod) => !ownedByDaemonSet(pod) && !pod.metadata.deletionTimestamp);
    if (left.length === 0) return { blocked: [], refusals };
    if (Date.now() > deadline) return { blocked: left.map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`), refusals };
    for (const pod of left) {
      if (!(await cp.client.evict({ name: pod.metadata.name, namespace: pod.metadata.namespace! }))) refusals++;
    }
    await sleep(EVICTION_RETRY_MS);
  }
}

/**
 * Nodes whose instances are gone: the Node objects are deleted (as the cloud node lifecycle does)
 * and so are the pods bound to them (as the pod garbage collector does, about 40 s later).
 */
export async function removeNodes(cp: ControlPlane, nodes: readonly string[]): Promise<void> {
  const pods = await podsOn(cp, nodes);
  await Promise.all(nodes.map((node) => cp.client.delete({ apiVersion: 'v1', kind: 'Node', name: node })));
  await Promise.all(
    pods.map((pod) =>
      cp.client.delete(
        { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name },
        { gracePeriodSeconds: 0 },
      ),
    ),
  );
}
