import fc from 'fast-check';
import { lowerBound, pack, packZone, packZoneNodes, spreadOverZones, type Workload } from '../../../domain/cost/packing';

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

  test('big pods first, small ones fill the gaps', () => {
    // given 800m pods listed before 1200m ones: first-fit in that order needs 4 nodes
    // (800+800, 800+1200, 1200, 1200); decreasing order pairs each 1200m with an 800m: 3 full nodes
    const nodes = packZoneNodes(
      [
        { requests: { cpuMillis: 800, memoryMebibytes: 100 }, count: 3 },
        { requests: { cpuMillis: 1200, memoryMebibytes: 100 }, count: 3 },
      ],
      room,
    );
    expect(nodes).toHaveLength(3);
    expect(nodes.every((node) => node.cpuMillis === 2000)).toBe(true);
  });

  test('a pod larger than the node is refused, not packed', () => {
    expect(() => packZone([{ requests: { cpuMillis: 2001, memoryMebibytes: 1 }, count: 1 }], room)).toThrow(
      'a pod of 2001m CPU and 1Mi is larger than the node',
    );
  });
});

describe('spreadOverZones', () => {
  test('deals replicas so zone counts differ by at most one and add up', () => {
    const workloads: Workload[] = [
      { name: 'a', replicas: 4, requests: { cpuMillis: 500, memoryMebibytes: 500 } },
      { name: 'b', replicas: 2, requests: { cpuMillis: 500, memoryMebibytes: 500 } },
      { name: 'c', replicas: 1, requests: { cpuMillis: 500, memoryMebibytes: 500 } },
    ];
    const spread = spreadOverZones(workloads, 3, room);
    expect(spread.map((zones) => zones.reduce((a, b) => a + b, 0))).toEqual([4, 2, 1]);
    // the remainders go to the lighter zones: every zone ends with 500m × (7 / 3 rounded)
    const perZone = [0, 1, 2].map((z) => spread.reduce((total, zones) => total + zones[z], 0));
    expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
  });

  test('with the nodes each zone has, remainders go to the zone with room and none to a zone without nodes', () => {
    const workloads: Workload[] = [
      { name: 'a', replicas: 3, requests: { cpuMillis: 500, memoryMebibytes: 500 } },
      { name: 'b', replicas: 3, requests: { cpuMillis: 500, memoryMebibytes: 500 } },
    ];
    // zone 0 lost (no node), zone 1 keeps two nodes, zone 2 one: both odd replicas go to zone 1
    expect(spreadOverZones(workloads, 3, room, [0, 2, 1])).toEqual([
      [0, 2, 1],
      [0, 2, 1],
    ]);
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
