import fc from 'fast-check';
import { lowerBound, pack, packZone, packZoneNodes, type Workload } from '../../../domain/cost/packing';

const room = { cpuMillis: 2000, memoryMebibytes: 4000, pods: 10 };
const ZONES = ['a', 'b', 'c'];

describe('lowerBound', () => {
  test.each([
    ['nothing', 0, 0, 0],
    ['CPU binds', 4001, 100, 3],
    ['memory binds', 100, 8001, 3],
    ['exact fit is not rounded up', 6000, 12000, 3],
  ])('%s', (_name, cpuMillis, memoryMebibytes, expected) => {
    expect(lowerBound({ cpuMillis, memoryMebibytes }, room)).toBe(expected);
  });
});

describe('packZone', () => {
  test('max pods binds before CPU and memory do', () => {
    // 25 tiny pods, 10 per node
    expect(packZone([{ requests: { cpuMillis: 1, memoryMebibytes: 1 }, count: 25 }], room)).toBe(3);
  });

  test('pods without requests (BestEffort) still take pod slots', () => {
    expect(packZone([{ requests: { cpuMillis: 0, memoryMebibytes: 0 }, count: 11 }], room)).toBe(2);
  });

  test('pods are placed in the order given, as the scheduler takes them from its queue, not largest first', () => {
    // 800m pods queued before 1200m ones: 800+800, then 800 beside a 1200, then a 1200 each on
    // two more nodes. Largest first would have paired each 1200m with an 800m on 3 full nodes.
    const nodes = packZoneNodes(
      [
        { requests: { cpuMillis: 800, memoryMebibytes: 100 }, count: 3 },
        { requests: { cpuMillis: 1200, memoryMebibytes: 100 }, count: 3 },
      ],
      room,
    );
    expect(nodes.map((node) => node.cpuMillis)).toEqual([1600, 2000, 1200, 1200]);
  });

  test('a later small pod still fills a gap an earlier node left', () => {
    const nodes = packZoneNodes(
      [
        { requests: { cpuMillis: 1200, memoryMebibytes: 100 }, count: 2 },
        { requests: { cpuMillis: 800, memoryMebibytes: 100 }, count: 2 },
      ],
      room,
    );
    expect(nodes.map((node) => node.cpuMillis)).toEqual([2000, 2000]);
  });

  test('a pod larger than the node is refused, not packed', () => {
    expect(() => packZone([{ requests: { cpuMillis: 2001, memoryMebibytes: 1 }, count: 1 }], room)).toThrow(
      'a pod of 2001m CPU and 1Mi is larger than the node',
    );
  });
});

describe('pack: zones', () => {
  const pods = (replicas: number, cpuMillis = 500): Workload => ({ name: 'w', replicas, requests: { cpuMillis, memoryMebibytes: 500 } });

  test('deals replicas so zone counts differ by at most one and add up', () => {
    const workloads = [pods(4), pods(2), pods(1)];
    const { spread } = pack(workloads, ZONES, room);
    expect(spread.map((zones) => zones.reduce((a, b) => a + b, 0))).toEqual([4, 2, 1]);
    for (const zones of spread) expect(Math.max(...zones) - Math.min(...zones)).toBeLessThanOrEqual(1);
  });

  test('a remainder pod goes to a zone whose node still has room, not to a new node', () => {
    // 1500m in every zone leaves 500m each; the 1000m pods' remainder opens one node, and the
    // 500m pod that follows takes the room left in a zone that has it instead of a second new node
    const packing = pack([pods(3, 1500), pods(1, 1000), pods(1, 500)], ZONES, room);
    expect(packing.nodes).toBe(4);
    expect(packing.zones.map((zone) => zone.nodes).sort()).toEqual([1, 1, 2]);
  });

  test('with the nodes each zone has, remainders go to the zone with room and none to a zone without nodes', () => {
    // zone a lost (no node), zone b keeps two nodes, zone c one: both odd replicas go to zone b
    expect(pack([pods(3), pods(3)], ZONES, room, [0, 2, 1]).spread).toEqual([
      [0, 2, 1],
      [0, 2, 1],
    ]);
  });

  test('nodes a zone needs beyond those it has still count, so a shortfall shows', () => {
    const packing = pack([pods(8, 1000)], ZONES, room, [0, 1, 1]);
    expect(packing.zones.map((zone) => zone.nodes)).toEqual([0, 2, 2]);
  });
});

// Random estates on random nodes: the invariants hold whatever the shapes.
const roomArb = fc.record({
  cpuMillis: fc.integer({ min: 500, max: 64000 }),
  memoryMebibytes: fc.integer({ min: 512, max: 256000 }),
  pods: fc.integer({ min: 1, max: 250 }),
});
const estateArb = roomArb.chain((node) =>
  fc.record({
    room: fc.constant(node),
    zones: fc.integer({ min: 1, max: 6 }),
    workloads: fc.array(
      fc.record({
        name: fc.constant('w'),
        replicas: fc.integer({ min: 0, max: 40 }),
        requests: fc.record({
          cpuMillis: fc.integer({ min: 0, max: node.cpuMillis }),
          memoryMebibytes: fc.integer({ min: 0, max: node.memoryMebibytes }),
        }),
      }),
      { maxLength: 30 },
    ),
  }),
);

describe('pack (property tests)', () => {
  test('never plans fewer nodes than the lower bound', () => {
    fc.assert(
      fc.property(estateArb, ({ room: node, zones, workloads }) => {
        const packing = pack(workloads, ZONES.concat(['d', 'e', 'f']).slice(0, zones), node);
        expect(packing.nodes).toBeGreaterThanOrEqual(packing.lowerBound);
      }),
      { numRuns: 300 },
    );
  });

  test('honours the zone spread: each workload differs by at most one between zones', () => {
    fc.assert(
      fc.property(estateArb, ({ room: node, zones, workloads }) => {
        const packing = pack(workloads, ZONES.concat(['d', 'e', 'f']).slice(0, zones), node);
        packing.spread.forEach((perZone, w) => {
          expect(perZone.reduce((a, b) => a + b, 0)).toBe(workloads[w].replicas);
          expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
        });
      }),
      { numRuns: 300 },
    );
  });

  test('no node holds more pods, CPU or memory than it has, and every pod is placed', () => {
    fc.assert(
      fc.property(estateArb, ({ room: node, workloads }) => {
        const nodes = packZoneNodes(
          workloads.map((workload) => ({ requests: workload.requests, count: workload.replicas })),
          node,
        );
        for (const used of nodes) {
          expect(used.pods).toBeLessThanOrEqual(node.pods);
          expect(used.cpuMillis).toBeLessThanOrEqual(node.cpuMillis);
          expect(used.memoryMebibytes).toBeLessThanOrEqual(node.memoryMebibytes);
          expect(used.pods).toBeGreaterThan(0);
        }
        expect(nodes.reduce((total, used) => total + used.pods, 0)).toBe(
          workloads.reduce((total, workload) => total + workload.replicas, 0),
        );
      }),
      { numRuns: 300 },
    );
  });
});
