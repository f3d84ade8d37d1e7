import fc from 'fast-check';
import { bundledCatalog } from '../../../domain/cost/catalog';
import { nodeShape } from '../../../domain/cost/node-capacity';
import {
  type ClusterPacking,
  capacityShortfalls,
  nodeGroupCapacityShortfalls,
  packCluster,
  planCluster,
  planZoneLoss,
} from '../../../domain/cost/planner';
import { DomainError } from '../../../domain/domain-error';
import { loadConfigFile } from '../../../config';
import { catalogOf, estate, service } from './fixtures';

const M5_LARGE_FREE = nodeShape('m5.large', bundledCatalog().instances['m5.large']).free;

describe('planCluster', () => {
  test('plans every pod at steady state and at peak, with the system pods, and prices it', () => {
    // given one service: 250m/512Mi, 2–6 replicas, in production (Guaranteed) and staging (Burstable, half)
    const plan = planCluster(estate(), 'blue', { planDate: '2026-07-28' });

    // then steady: 2 + 2 service pods, 2 CoreDNS, 5 other system pods (autoscalers, metrics, 2 LB controllers)
    expect(plan.steady.nodeGroups[0].pods).toBe(4 + 2 + 5);
    expect(plan.peak.nodeGroups[0].pods).toBe(12 + 2 + 5);
    // two-replica Deployments put one pod in each of two zones, and each later one's pods go to
    // zones whose node still has room: two nodes, the third zone holds none
    expect(plan.steady.nodeGroups[0].zones.map((zone) => zone.nodes)).toEqual([1, 1, 0]);
    // priced: 2 × m5.large sa-east-1 + the control plane (1.33 in standard support), 730 h
    expect(plan.steady.monthlyCost).toBeCloseTo(2 * 0.153 * 730 + 0.1 * 730, 6);
    expect(plan.warnings).toEqual([]);
    expect(plan.steady.lowerBound).toBe(1);
    expect(plan.steady.efficiency).toBeCloseTo(1 / 2);
  });

  test('the example plans at or above its lower bound, both scenarios', () => {
    const plan = planCluster(loadConfigFile('config/example.yaml'), 'blue');
    for (const scenario of [plan.steady, plan.peak]) {
      expect(scenario.nodes).toBeGreaterThanOrEqual(scenario.lowerBound);
      expect(scenario.nodes).toBe(scenario.nodeGroups[0].zones.reduce((total, zone) => total + zone.nodes, 0));
    }
    expect(plan.peak.nodes).toBeGreaterThan(plan.steady.nodes);
  });

  test('a service environment that names no cluster yet is planned on the first cluster only, flagged', () => {
    const config = estate({
      clusters: {
        blue: { kubernetesVersion: '1.33', nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 9 } } },
        green: { kubernetesVersion: '1.33', nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 9 } } },
      },
      services: {
        moved: service({ cpu: '250m', memory: '512Mi' }, undefined, { production: { weights: { green: 100 } } }),
        waiting: service({ cpu: '250m', memory: '512Mi' }, undefined, {
          production: {
            beanstalk: { cname: 'waiting.sa-east-1.elasticbeanstalk.com', instanceType: 'c5.large' },
            weights: { beanstalk: 100 },
          },
        }),
      },
    });
    expect(planCluster(config, 'blue').services.map((placed) => [placed.service, placed.notStarted])).toEqual([['waiting', true]]);
    expect(planCluster(config, 'green').services.map((placed) => [placed.service, placed.notStarted])).toEqual([['moved', false]]);
  });

  test('max pods binds: tiny pods need nodes for their slots, not their CPU', () => {
    // given 90 replicas of 1m/1Mi in production and staging on t3.medium (17 pods, 11 after DaemonSets)
    const config = estate({
      nodeGroups: { small: { instanceType: 't3.medium', minSize: 1, maxSize: 99 } },
      services: { tiny: service({ cpu: '1m', memory: '2Mi' }, { minReplicas: 90, maxReplicas: 90 }) },
    });
    const plan = packCluster(config, 'blue');

    // then 180 service pods + 7 system pods over 3 zones, 11 per node: ⌈63 / 11⌉ = 6 per zone at least
    expect(plan.steady.nodeGroups[0].node.free.pods).toBe(11);
    expect(plan.steady.nodes).toBeGreaterThanOrEqual(18);
    expect(plan.steady.lowerBound).toBe(1);
  });

  test('several node groups: a pod goes to the first that can hold it', () => {
    const config = estate({
      nodeGroups: {
        general: { instanceType: 'm5.large', minSize: 1, maxSize: 9 },
        large: { instanceType: 'm5.2xlarge', minSize: 0, maxSize: 9 },
      },
      services: {
        small: service({ cpu: '250m', memory: '512Mi' }),
        big: service({ cpu: '4', memory: '8Gi' }),
      },
    });
    const plan = planCluster(config, 'blue');
    expect(plan.services.map((placed) => `${placed.service}/${placed.environment}→${placed.nodeGroup}`)).toEqual([
      'small/production→general',
      'small/staging→general',
      'big/production→large',
      // staging asks half: 2000m still exceeds what an m5.large leaves
      'big/staging→large',
    ]);
    // four big pods (two per environment): production's open a large node in two zones, and
    // staging's, queued after them, fit beside them
    expect(plan.steady.nodeGroups.map((group) => group.nodes)).toEqual([2, 2]);
  });

  test('CoreDNS follows the node count as the DNS autoscaler would', () => {
    const config = estate({
      clusters: {
        blue: {
          kubernetesVersion: '1.33',
          nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 99 } },
          dnsAutoscaler: { nodesPerReplica: 2, min: 1 },
        },
      },
      services: { busy: service({ cpu: '1500m', memory: '1Gi' }, { minReplicas: 12, maxReplicas: 12 }) },
    });
    const plan = packCluster(config, 'blue');
    expect(plan.steady.coreDnsReplicas).toBe(Math.ceil(plan.steady.nodes / 2));
  });

  test('a pod that fits no node type fails clearly, naming the pod and the type', () => {
    const config = estate({ services: { huge: service({ cpu: '4', memory: '8Gi' }) } });
    expect(() => planCluster(config, 'blue')).toThrow(
      new DomainError(
        `pod huge (production) requests 4000m CPU and 8192Mi, which fits no node group of cluster blue: general (m5.large) leaves ${M5_LARGE_FREE.cpuMillis}m CPU, ${M5_LARGE_FREE.memoryMebibytes}Mi and 23 pods after kube-reserved, the eviction threshold and the DaemonSets; add a larger instance type`,
      ),
    );
  });

  test.each([
    [
      'a region without prices',
      { region: 'us-gov-west-1', zones: ['us-gov-west-1a', 'us-gov-west-1b'] },
      /^no prices for region us-gov-west-1 in domain\/cost\/data\/prices\.json/,
    ],
    [
      'a node type with no slot for pods',
      { nodeGroups: { general: { instanceType: 't3.micro', minSize: 1, maxSize: 3 } } },
      /^pod auth \(production\) requests 250m CPU and 512Mi, which fits no node group of cluster blue: general \(t3\.micro\) leaves .* and 0 pods/,
    ],
  ])('refuses %s with one clear line', (_name, overrides, message) => {
    expect(() => planCluster(estate(overrides), 'blue')).toThrow(message);
  });
});

describe('node groups the catalog cannot describe or price', () => {
  const unknown = 'instance type x9.huge is not in the catalog (domain/cost/data/instances.json)';

  test('a node group of an unknown type is left out with a warning; the cluster is planned on the others', () => {
    const config = estate({
      nodeGroups: {
        odd: { instanceType: 'x9.huge', minSize: 1, maxSize: 3 },
        general: { instanceType: 'm5.large', minSize: 1, maxSize: 9 },
      },
    });
    const plan = planCluster(config, 'blue');
    expect(plan.warnings).toEqual([`clusters.blue.nodeGroups.odd.instanceType: ${unknown}; cluster blue planned without node group odd`]);
    expect(plan.steady.nodeGroups.map((group) => group.nodeGroup)).toEqual(['general']);
    expect(plan.services.map((placed) => placed.nodeGroup)).toEqual(['general', 'general']);
    expect(packCluster(config, 'blue').warnings).toEqual(plan.warnings);
    expect(planZoneLoss(config, 'blue', 'sa-east-1a')).toMatchObject({ warnings: plan.warnings, holds: true });
  });

  test('with no node group left, the cluster keeps only its control plane and its services are left out', () => {
    const plan = planCluster(estate({ nodeGroups: { odd: { instanceType: 'x9.huge', minSize: 1, maxSize: 3 } } }), 'blue', {
      planDate: '2026-01-01',
    });
    expect(plan.warnings).toEqual([
      `clusters.blue.nodeGroups.odd.instanceType: ${unknown}; cluster blue planned without node group odd`,
      'clusters.blue.nodeGroups: no node group of cluster blue can be planned; its services are left out of the report',
    ]);
    expect(plan.services).toEqual([]);
    expect(plan.steady).toMatchObject({ nodes: 0, nodeGroups: [], monthlyCost: 0.1 * 730 });
  });

  test('a known type with no price in the region is left out of the priced plan, not of the packing', () => {
    // a1 (the first Graviton) was never sold in São Paulo
    const config = estate({
      nodeGroups: {
        general: { instanceType: 'm5.large', minSize: 1, maxSize: 9 },
        arm: { instanceType: 'a1.large', minSize: 0, maxSize: 3 },
      },
    });
    expect(planCluster(config, 'blue').warnings).toEqual([
      'clusters.blue.nodeGroups.arm.instanceType: no sa-east-1 price for instance type a1.large in domain/cost/data/prices.json (pass --prices with it); cluster blue planned without node group arm',
    ]);
    expect(packCluster(config, 'blue').warnings).toEqual([]);
  });

  test('synth still hears of it: the capacity check refuses a plan that left a node group out', () => {
    expect(() =>
      nodeGroupCapacityShortfalls(estate({ nodeGroups: { odd: { instanceType: 'x9.huge', minSize: 1, maxSize: 3 } } }), 'blue'),
    ).toThrow(`clusters.blue.nodeGroups.odd.instanceType: ${unknown}`);
  });
});

describe('control plane', () => {
  test('priced at the standard rate before the version leaves standard support, at the extended rate from that day', () => {
    const before = planCluster(estate(), 'blue', { planDate: '2026-07-28' });
    const after = planCluster(estate(), 'blue', { planDate: '2026-07-29' });
    expect(before.controlPlane).toEqual({
      kubernetesVersion: '1.33',
      support: 'standard',
      hourlyPrice: 0.1,
      standardSupportEnds: '2026-07-29',
    });
    expect(after.controlPlane).toMatchObject({ support: 'extended', hourlyPrice: 0.6 });
    expect(after.controlPlaneMonthlyCost).toBeCloseTo(0.6 * 730, 6);
    // the nodes cost the same: only the fee changes
    expect(after.steady.monthlyCost - before.steady.monthlyCost).toBeCloseTo((0.6 - 0.1) * 730, 6);
  });

  test('without a plan date, as on the day the EKS calendar was read', () => {
    const catalog = bundledCatalog();
    expect(planCluster(estate(), 'blue').controlPlane).toEqual(
      planCluster(estate(), 'blue', { planDate: catalog.eksCalendar.retrieved }).controlPlane,
    );
  });
});

describe('nodeGroupCapacityShortfalls', () => {
  test('names a node group whose maxSize cannot hold the peak', () => {
    const config = estate({
      nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 3 } },
      services: { auth: service({ cpu: '1', memory: '1Gi' }, { minReplicas: 2, maxReplicas: 9 }) },
    });
    const [shortfall, ...rest] = nodeGroupCapacityShortfalls(config, 'blue');
    expect(rest).toEqual([]);
    expect(shortfall).toMatchObject({ nodeGroup: 'general', instanceType: 'm5.large', maxSize: 3 });
    expect(shortfall.peakNodes).toBeGreaterThan(3);
    expect(shortfall.message).toBe(
      `node group general (m5.large) has maxSize 3, but the peak plan (every service at maxReplicas) needs ${shortfall.peakNodes} nodes: raise maxSize to at least ${shortfall.peakNodes} (see kubeshift cost)`,
    );
  });

  test("names a zone whose node group cannot hold that zone's peak, though the total would", () => {
    // maxSize 6 over 3 zones is 2 per zone; the peak needs 1, 1 and 3 nodes (5 in all)
    const peakZones = [1, 1, 3].map((nodes, i) => ({ zone: `sa-east-1${'abc'[i]}`, nodes, pods: nodes }));
    const packing = {
      peak: { nodeGroups: [{ nodeGroup: 'general', instanceType: 'm5.large', maxSize: 6, nodes: 5, zones: peakZones }] },
    } as unknown as ClusterPacking;
    const [shortfall] = capacityShortfalls(packing);
    // 9 is the least maxSize dealing 3 to the last zone (3, 3, 3)
    expect(shortfall.message).toBe(
      'node group general (m5.large) has maxSize 6, but the peak plan (every service at maxReplicas) needs 5 nodes (sa-east-1c short: each zone holds its share of maxSize): raise maxSize to at least 9 (see kubeshift cost)',
    );
  });

  test('is empty when maxSize holds the peak', () => {
    expect(
      nodeGroupCapacityShortfalls(estate({ nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 30 } } }), 'blue'),
    ).toEqual([]);
  });
});

describe('planZoneLoss', () => {
  test('holds when the other zones, at maxSize, keep every production pod', () => {
    const check = planZoneLoss(estate(), 'blue', 'sa-east-1a');
    expect(check.holds).toBe(true);
    // maxSize 12 over 3 zones: 4 each; the two left keep theirs
    expect(check.nodeGroups[0].available.map((zone) => [zone.zone, zone.nodes])).toEqual([
      ['sa-east-1b', 4],
      ['sa-east-1c', 4],
    ]);
  });

  test('does not hold when production needs more than the surviving share of maxSize', () => {
    // given production at 6 × 1500m (one per m5.large), maxSize 6: 2 nodes per zone
    const config = estate({
      nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 6 } },
      services: { heavy: service({ cpu: '1500m', memory: '1Gi' }, { minReplicas: 6, maxReplicas: 6 }) },
    });
    const check = planZoneLoss(config, 'blue', 'sa-east-1c');

    // then the 6 pods go 3 + 3 over two zones that keep 2 nodes each
    expect(check.holds).toBe(false);
    expect(check.nodeGroups[0].needed.map((zone) => zone.nodes)).toEqual([3, 3]);
    expect(check.nodeGroups[0].available.map((zone) => zone.nodes)).toEqual([2, 2]);
  });

  test('an odd replica goes to the zone left with more nodes, as the scheduler places it', () => {
    // given maxSize 5 (2+2+1 after losing sa-east-1a: 2 in b, 1 in c) and two production services of 3 × 600m
    const only = { production: { weights: { blue: 100 } } };
    const config = estate({
      nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 5 } },
      services: {
        api: service({ cpu: '600m', memory: '1Gi' }, { minReplicas: 3, maxReplicas: 3 }, only),
        ledger: service({ cpu: '600m', memory: '1Gi' }, { minReplicas: 3, maxReplicas: 3 }, only),
      },
    });
    const check = planZoneLoss(config, 'blue', 'sa-east-1a');

    // then both third replicas go to b, which has room for them, and c keeps one of each
    expect(check.nodeGroups[0].available.map((zone) => zone.nodes)).toEqual([2, 1]);
    expect(check.nodeGroups[0].needed.map((zone) => zone.nodes)).toEqual([2, 1]);
    expect(check.holds).toBe(true);
  });

  test('an uneven maxSize is dealt over the zones as the stacks deal it, and the lost zone takes its own share', () => {
    // maxSize 7 over 3 zones: node groups of 3, 2 and 2
    const config = estate({ nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 7 } } });
    expect(planZoneLoss(config, 'blue', 'sa-east-1b').nodeGroups[0].available.map((zone) => [zone.zone, zone.nodes])).toEqual([
      ['sa-east-1a', 3],
      ['sa-east-1c', 2],
    ]);
    expect(planZoneLoss(config, 'blue', 'sa-east-1a').nodeGroups[0].available.map((zone) => zone.nodes)).toEqual([2, 2]);
  });

  test('refuses a zone the cluster does not have', () => {
    expect(() => planZoneLoss(estate(), 'blue', 'sa-east-1d')).toThrow(
      '--fail-zone sa-east-1d is not a zone of the cluster (vpc.availabilityZones: sa-east-1a, sa-east-1b, sa-east-1c)',
    );
  });
});

// Random node types and random estates: the plan's invariants hold on every catalog.
describe('planCluster over random catalogs (property tests)', () => {
  const typeArb = fc.record({
    vCpus: fc.constantFrom(2, 4, 8, 16),
    memoryMebibytes: fc.constantFrom(2048, 4096, 8192, 16384, 32768),
    maxEnis: fc.integer({ min: 2, max: 8 }),
    ipv4PerEni: fc.integer({ min: 3, max: 30 }),
  });
  const serviceArb = fc.record({
    cpu: fc.integer({ min: 10, max: 3000 }),
    memory: fc.integer({ min: 16, max: 6000 }),
    min: fc.integer({ min: 1, max: 6 }),
    extra: fc.integer({ min: 0, max: 10 }),
  });
  const caseArb = fc.record({
    types: fc.array(typeArb, { minLength: 1, maxLength: 3 }),
    services: fc.array(serviceArb, { minLength: 1, maxLength: 8 }),
    zones: fc.integer({ min: 2, max: 4 }),
  });

  test('never below the lower bound, never over max pods in a zone; or refuses the pod clearly', () => {
    fc.assert(
      fc.property(caseArb, ({ types, services, zones }) => {
        const names = types.map((_, i) => `z${i + 1}.test`);
        const catalog = catalogOf(Object.fromEntries(types.map((type, i) => [names[i], type])));
        const config = estate({
          zones: ['sa-east-1a', 'sa-east-1b', 'sa-east-1c', 'sa-east-1d'].slice(0, zones),
          nodeGroups: Object.fromEntries(names.map((name, i) => [`g${i}`, { instanceType: name, minSize: 0, maxSize: 1000 }])),
          services: Object.fromEntries(
            services.map((entry, i) => [
              `s${i}`,
              service(
                { cpu: `${entry.cpu}m`, memory: `${entry.memory}Mi` },
                { minReplicas: entry.min, maxReplicas: entry.min + entry.extra },
              ),
            ]),
          ),
        });
        let plan;
        try {
          plan = planCluster(config, 'blue', { catalog });
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as Error).message).toMatch(/^(pod s\d+|system pod [a-z-]+) \(?.*fits no node group of cluster blue: /);
          return;
        }
        for (const scenario of [plan.steady, plan.peak]) {
          expect(scenario.nodes).toBeGreaterThanOrEqual(scenario.lowerBound);
          for (const group of scenario.nodeGroups) {
            expect(group.nodes).toBeGreaterThanOrEqual(group.lowerBound);
            // the pods a zone holds never exceed its nodes' max-pods slots
            for (const zone of group.zones) expect(zone.pods).toBeLessThanOrEqual(zone.nodes * group.node.free.pods);
          }
        }
        expect(plan.peak.nodes).toBeGreaterThanOrEqual(plan.steady.nodes);
      }),
      { numRuns: 200 },
    );
  });
});
