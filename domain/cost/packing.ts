import type { Resources } from '../../config';
import type { NodeRoom } from './node-capacity';

/**
 * Deployments' pods placed on identical nodes, zone by zone, the way kube-scheduler places them
 * as the Cluster Autoscaler adds nodes: pods in the scheduler's queue order, each on the first node
 * of its zone with room, a new node when none has. The zone of a pod follows the charts'
 * topologySpreadConstraint (zone, maxSkew 1): each Deployment gets ⌊replicas / zones⌋ in every
 * zone, and its remainder pods go to distinct zones, first to a zone where a node already has
 * room for them. The plan's node count is the sum over zones. Pure: numbers in, numbers out.
 *
 * Queue order, not largest first: the scheduler's PrioritySort takes pods by priority, then by the
 * time they were queued (https://pkg.go.dev/k8s.io/kubernetes/pkg/scheduler/framework/plugins/queuesort),
 * so a small pod queued early takes the room a large one queued later would have filled. Packing
 * largest first planned 33 nodes for the example at maxReplicas where the scheduler needed 35
 * (test/cluster/capacity.cluster.test.ts); in queue order the plan says 34.
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
 * Places every workload, in the order given (the scheduler's queue order: higher priority first),
 * on nodes with `room` each, spread over `zones`. `zoneNodes`, when given, is how many nodes each
 * zone already has (a zone outage: nothing is added): pods fill those first, so a remainder pod
 * goes where the scheduler finds room, and a zone without nodes is no place at all (topology
 * spread only counts domains that have eligible nodes). Nodes a zone needs beyond what it has
 * are counted all the same, so a shortfall shows.
 */
export function pack(workloads: readonly Workload[], zones: readonly string[], room: NodeRoom, zoneNodes?: readonly number[]): Packing {
  const filled = zones.map((_, z) => new ZoneFill(room, zoneNodes?.[z] ?? 0));
  const domains = zones.map((_, z) => z).filter((z) => zoneNodes === undefined || zoneNodes[z] > 0);
  // Every zone empty: deal over all of them, so the shortfall shows as nodes needed.
  const places = domains.length > 0 ? domains : zones.map((_, z) => z);
  const spread = workloads.map(() => new Array<number>(zones.length).fill(0));
  workloads.forEach(({ replicas, requests }, w) => {
    const base = Math.floor(replicas / places.length);
    for (const z of places) {
      filled[z].place(requests, base);
      spread[w][z] = base;
    }
    const open = [...places];
    for (let extra = replicas % places.length; extra > 0; extra--) {
      const z = zoneForExtraPod(open, filled, requests);
      filled[z].place(requests, 1);
      spread[w][z] += 1;
      open.splice(open.indexOf(z), 1);
    }
  });
  const zonePackings = zones.map((zone, z) => ({ zone, nodes: filled[z].nodesUsed, pods: filled[z].pods }));
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

/**
 * Where a Deployment's remainder pod goes among the zones that have none of its remainder yet: a
 * zone where a node has room for it (the one with the most room left, as the scheduler's
 * LeastAllocated score prefers), else the zone with the fewest nodes, where the autoscaler adds one.
 */
function zoneForExtraPod(open: readonly number[], filled: readonly ZoneFill[], requests: Resources): number {
  const withRoom = open.filter((z) => filled[z].hasRoomFor(requests));
  if (withRoom.length > 0) return withRoom.reduce((best, z) => (filled[z].roomLeft() > filled[best].roomLeft() ? z : best));
  return open.reduce((best, z) => (filled[z].nodeCount < filled[best].nodeCount ? z : best));
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

/** Nodes needed for these pods in one zone, first-fit in the order given. */
export function packZone(pods: readonly { requests: Resources; count: number }[], room: NodeRoom): number {
  return packZoneNodes(pods, room).length;
}

/** What each node of one zone ends up holding: pods first-fit in the order given. */
export function packZoneNodes(pods: readonly { requests: Resources; count: number }[], room: NodeRoom): NodeRoom[] {
  const zone = new ZoneFill(room, 0);
  for (const { requests, count } of pods) zone.place(requests, count);
  return zone.used();
}

/**
 * One zone's nodes as pods land on them. Nodes the zone already has (`standing`: a zone outage,
 * every node up) take pods as the scheduler's LeastAllocated score spreads them, each pod on the
 * one with the most room left. Nodes added for pods that fit nowhere fill first-fit, as the one
 * newest node takes what was Pending: each batch of identical pods fills the first node with room
 * as far as it holds them (as first-fit would one by one), which keeps 30,000 pods well under a
 * second.
 */
class ZoneFill {
  private readonly cpu: number[] = [];
  private readonly memory: number[] = [];
  private readonly slots: number[] = [];
  pods = 0;

  constructor(
    private readonly room: NodeRoom,
    private readonly standing: number,
  ) {
    for (let n = 0; n < standing; n++) this.addNode();
  }

  /** Nodes there are, used or not. */
  get nodeCount(): number {
    return this.cpu.length;
  }

  /** Nodes holding at least one pod: the ones the pods needed. */
  get nodesUsed(): number {
    return this.slots.filter((pods) => pods > 0).length;
  }

  place(requests: Resources, count: number): void {
    if (count === 0) return;
    if (this.room.pods < 1 || requests.cpuMillis > this.room.cpuMillis || requests.memoryMebibytes > this.room.memoryMebibytes) {
      throw new Error(`a pod of ${requests.cpuMillis}m CPU and ${requests.memoryMebibytes}Mi is larger than the node`);
    }
    let left = count;
    for (; left > 0; left--) {
      const n = this.roomiestStandingNodeFor(requests);
      if (n === undefined) break;
      this.put(n, requests, 1);
    }
    for (let n = this.standing; left > 0; n++) {
      if (n === this.cpu.length) this.addNode();
      const placed = Math.min(left, this.holds(n, requests));
      this.put(n, requests, placed);
      left -= placed;
    }
    this.pods += count;
  }

  hasRoomFor(requests: Resources): boolean {
    return this.cpu.some((_, n) => this.holds(n, requests) > 0);
  }

  /** Free room summed over the nodes, each node's by its scarcest resource (a share of one node). */
  roomLeft(): number {
    return this.cpu.reduce((total, _, n) => total + this.roomLeftOn(n), 0);
  }

  used(): NodeRoom[] {
    return this.cpu.map((cpuMillis, n) => ({ cpuMillis, memoryMebibytes: this.memory[n], pods: this.slots[n] }));
  }

  private roomLeftOn(n: number): number {
    return Math.min(
      (this.room.cpuMillis - this.cpu[n]) / this.room.cpuMillis,
      (this.room.memoryMebibytes - this.memory[n]) / this.room.memoryMebibytes,
      (this.room.pods - this.slots[n]) / this.room.pods,
    );
  }

  private roomiestStandingNodeFor(requests: Resources): number | undefined {
    let best: number | undefined;
    for (let n = 0; n < this.standing; n++) {
      if (this.holds(n, requests) > 0 && (best === undefined || this.roomLeftOn(n) > this.roomLeftOn(best))) best = n;
    }
    return best;
  }

  private put(n: number, requests: Resources, count: number): void {
    this.cpu[n] += count * requests.cpuMillis;
    this.memory[n] += count * requests.memoryMebibytes;
    this.slots[n] += count;
  }

  private holds(n: number, { cpuMillis, memoryMebibytes }: Resources): number {
    return Math.min(
      this.room.pods - this.slots[n],
      cpuMillis > 0 ? Math.floor((this.room.cpuMillis - this.cpu[n]) / cpuMillis) : Infinity,
      memoryMebibytes > 0 ? Math.floor((this.room.memoryMebibytes - this.memory[n]) / memoryMebibytes) : Infinity,
    );
  }

  private addNode(): void {
    this.cpu.push(0);
    this.memory.push(0);
    this.slots.push(0);
  }
}
