import type { Resources } from '../../config';
import type { NodeRoom } from './node-capacity';

/**
 * Bin-packing of Deployments' pods onto identical nodes, zone by zone, as the scheduler would
 * place them under the charts' topologySpreadConstraint (zone, maxSkew 1, DoNotSchedule): each
 * Deployment's replicas are dealt over the zones so that zone counts differ by at most one, then
 * each zone is packed first-fit decreasing. Node groups span every zone, so the plan's node
 * count is the sum over zones. Pure: numbers in, numbers out.
 */

/** A Deployment to place: `replicas` pods of one size. */
export interface Workload {
  readonly name: string;
  readonly replicas: number;
  readonly requests: Resources;
}

export interface ZonePacking {
  readonly zone: string;
  readonly nodes: number;
  readonly pods: number;
}

export interface Packing {
  /** Nodes the plan needs, summed over the zones. */
  readonly nodes: number;
  /** ⌈max(Σ cpu / node cpu, Σ memory / node memory)⌉: no packing can use fewer nodes. */
  readonly lowerBound: number;
  readonly zones: readonly ZonePacking[];
  readonly requests: Resources;
  readonly pods: number;
  /** Replicas per workload per zone, in the order of `workloads` and `zones`. */
  readonly spread: readonly (readonly number[])[];
}

/**
 * Places every workload on nodes with `room` each, spread over `zones`. `zoneNodes`, when given,
 * is how many nodes each zone already has (a zone outage: nothing is added): the spread then
 * favours the zones with more room, and a zone without nodes is no place at all.
 */
export function pack(workloads: readonly Workload[], zones: readonly string[], room: NodeRoom, zoneNodes?: readonly number[]): Packing {
  const spread = spreadOverZones(workloads, zones.length, room, zoneNodes);
  const zonePackings = zones.map((zone, z) => {
    const pods = workloads.map((workload, w) => ({ requests: workload.requests, count: spread[w][z] }));
    return { zone, nodes: packZone(pods, room), pods: pods.reduce((total, pod) => total + pod.count, 0) };
  });
  const requests = totalRequests(workloads);
  return {
    nodes: zonePackings.reduce((total, zone) => total + zone.nodes, 0),
    lowerBound: lowerBound(requests, room),
    zones: zonePackings,
    requests,
    pods: workloads.reduce((total, workload) => total + workload.replicas, 0),
    spread,
  };
}

/** ⌈max(Σ cpu / node cpu, Σ memory / node memory)⌉, the floor no placement can beat. */
export function lowerBound(requests: Resources, room: Resources): number {
  const bound = Math.max(requests.cpuMillis / room.cpuMillis, requests.memoryMebibytes / room.memoryMebibytes);
  // A float quotient such as 3.0000000000000004 must not count as a fourth node.
  return Math.max(0, Math.ceil(bound - 1e-9));
}

export function totalRequests(workloads: readonly Workload[]): Resources {
  return workloads.reduce(
    (total, workload) => ({
      cpuMillis: total.cpuMillis + workload.requests.cpuMillis * workload.replicas,
      memoryMebibytes: total.memoryMebibytes + workload.requests.memoryMebibytes * workload.replicas,
    }),
    { cpuMillis: 0, memoryMebibytes: 0 },
  );
}

/**
 * Replicas per workload per zone: ⌊replicas / zones⌋ everywhere, and the remainder one each to
 * the zones least loaded so far. Zone counts of one workload thus differ by at most one (maxSkew
 * 1), and dealing the big workloads first keeps the zones even, as the scheduler's balancing does.
 *
 * With `zoneNodes` (the nodes each zone has), load is measured against the zone's own room, so
 * the remainder goes where the scheduler finds the most free room; zones without a node take no
 * pod, as topology spread only counts domains that have eligible nodes.
 */
export function spreadOverZones(
  workloads: readonly Workload[],
  zoneCount: number,
  room: NodeRoom,
  zoneNodes?: readonly number[],
): number[][] {
  const load = Array.from({ length: zoneCount }, () => ({ cpu: 0, memory: 0, pods: 0 }));
  const nodesIn = (z: number) => (zoneNodes === undefined ? 1 : zoneNodes[z]);
  const domains = [...load.keys()].filter((z) => nodesIn(z) > 0);
  // Every zone empty: deal over all of them, so the shortfall shows as nodes needed.
  const places = domains.length > 0 ? domains : [...load.keys()];
  const score = (z: number) =>
    Math.max(load[z].cpu / room.cpuMillis, load[z].memory / room.memoryMebibytes, load[z].pods / room.pods) / Math.max(1, nodesIn(z));
  const spread: number[][] = workloads.map(() => new Array<number>(zoneCount).fill(0));
  const order = workloads.map((_, w) => w).sort((a, b) => size(workloads[b].requests, room) - size(workloads[a].requests, room) || a - b);
  for (const w of order) {
    const { replicas, requests } = workloads[w];
    const base = Math.floor(replicas / places.length);
    const extra = replicas % places.length;
    const lightest = extra === 0 ? [] : [...places].sort((a, b) => score(a) - score(b) || a - b).slice(0, extra);
    for (const z of places) {
      const count = base + (lightest.includes(z) ? 1 : 0);
      spread[w][z] = count;
      load[z].cpu += count * requests.cpuMillis;
      load[z].memory += count * requests.memoryMebibytes;
      load[z].pods += count;
    }
  }
  return spread;
}

/**
 * Nodes needed for these pods in one zone, first-fit decreasing: pods by decreasing dominant
 * share of a node, each on the first node with room. Identical pods are placed as a batch (the
 * first node that fits takes as many as it can hold, as first-fit would one by one), which keeps
 * 30,000 pods well under a second.
 */
export function packZone(pods: readonly { requests: Resources; count: number }[], room: NodeRoom): number {
  return packZoneNodes(pods, room).length;
}

/** What each node of the zone ends up holding: first-fit decreasing, as `packZone` counts it. */
export function packZoneNodes(pods: readonly { requests: Resources; count: number }[], room: NodeRoom): NodeRoom[] {
  const classes = new Map<string, { cpu: number; memory: number; count: number }>();
  for (const { requests, count } of pods) {
    if (count === 0) continue;
    if (room.pods < 1 || requests.cpuMillis > room.cpuMillis || requests.memoryMebibytes > room.memoryMebibytes) {
      throw new Error(`a pod of ${requests.cpuMillis}m CPU and ${requests.memoryMebibytes}Mi is larger than the node`);
    }
    const key = `${requests.cpuMillis}/${requests.memoryMebibytes}`;
    const entry = classes.get(key);
    if (entry) entry.count += count;
    else classes.set(key, { cpu: requests.cpuMillis, memory: requests.memoryMebibytes, count });
  }
  const sorted = [...classes.values()].sort(
    (a, b) =>
      size({ cpuMillis: b.cpu, memoryMebibytes: b.memory }, room) - size({ cpuMillis: a.cpu, memoryMebibytes: a.memory }, room) ||
      b.cpu + b.memory - (a.cpu + a.memory),
  );
  const cpuUsed: number[] = [];
  const memoryUsed: number[] = [];
  const podsUsed: number[] = [];
  const holds = (n: number, cpu: number, memory: number) =>
    Math.min(
      room.pods - podsUsed[n],
      cpu > 0 ? Math.floor((room.cpuMillis - cpuUsed[n]) / cpu) : Infinity,
      memory > 0 ? Math.floor((room.memoryMebibytes - memoryUsed[n]) / memory) : Infinity,
    );
  const place = (n: number, count: number, cpu: number, memory: number) => {
    cpuUsed[n] += count * cpu;
    memoryUsed[n] += count * memory;
    podsUsed[n] += count;
  };
  for (const { cpu, memory, count } of sorted) {
    let left = count;
    for (let n = 0; n < cpuUsed.length && left > 0; n++) {
      const placed = Math.min(left, holds(n, cpu, memory));
      if (placed > 0) {
        place(n, placed, cpu, memory);
        left -= placed;
      }
    }
    while (left > 0) {
      const n = cpuUsed.push(0) - 1;
      memoryUsed.push(0);
      podsUsed.push(0);
      const placed = Math.min(left, holds(n, cpu, memory));
      place(n, placed, cpu, memory);
      left -= placed;
    }
  }
  return cpuUsed.map((cpuMillis, n) => ({ cpuMillis, memoryMebibytes: memoryUsed[n], pods: podsUsed[n] }));
}

/** A pod's dominant share of a node: the resource it uses most of, pod slots included. */
function size(requests: Resources, room: NodeRoom): number {
  return Math.max(requests.cpuMillis / room.cpuMillis, requests.memoryMebibytes / room.memoryMebibytes, 1 / room.pods);
}
