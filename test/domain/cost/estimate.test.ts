import { decrease, estimateCost, nodeTypeOptions } from '../../../domain/cost/estimate';
import { toJson, toText } from '../../../cli/cost/report';
import { costChart } from '../../../cli/cost/svg';
import { loadConfigFile, serviceEnvironments } from '../../../config';
import { bundledCatalog } from '../../../domain/cost/catalog';
import { TEST_ALB_RATE, estate, service, withTestLoadBalancerPrices } from './fixtures';

describe('estimateCost', () => {
  test('compares Beanstalk today with the clusters at steady state, in total and per environment', () => {
    const estimate = estimateCost(estate(), { planDate: '2026-07-01', catalog: withTestLoadBalancerPrices() });
    // Beanstalk: 2 × c5.large behind one ALB + 1 × t3.small alone; Kubernetes: 2 × m5.large (in
    // two zones) + control plane + one ALB per environment; each ALB at 0.04 LCU (1 request/s, new connections)
    const alb = (TEST_ALB_RATE.perHour + 0.04 * TEST_ALB_RATE.perLcuHour) * 730;
    expect(estimate.beanstalk.instances).toBe(3);
    expect(estimate.kubernetes.instances).toBe(2);
    expect(estimate.decrease.instances).toBeCloseTo(33.3, 1);
    expect(estimate.beanstalk.monthlyCost).toBeCloseTo((2 * 0.131 + 0.0336) * 730 + alb, 6);
    expect(estimate.kubernetes.monthlyCost).toBeCloseTo((2 * 0.153 + 0.1) * 730 + 2 * alb, 6);
    expect([estimate.beanstalk.loadBalancers.count, estimate.kubernetes.loadBalancers.count]).toEqual([1, 2]);
    expect(estimate.warnings).toEqual([]);
    // the shared nodes split by requested CPU and memory: production asks twice what staging does
    const [production, staging] = estimate.environments;
    expect(production.kubernetes.instances).toBeCloseTo(4 / 3);
    expect(staging.kubernetes.instances).toBeCloseTo(2 / 3);
    expect(production.kubernetes.monthlyCost + staging.kubernetes.monthlyCost).toBeCloseTo(estimate.kubernetes.monthlyCost, 6);
    // each environment pays its own load balancers: staging has none on Beanstalk (one instance), one on the cluster
    expect(staging.beanstalk.loadBalancers).toMatchObject({ count: 0, monthlyCost: 0 });
    expect(staging.kubernetes.loadBalancers).toMatchObject({ count: 1, hoursPerMonth: 730, capacityUnitsPerHour: { LCU: 0.04 } });
    expect(staging.kubernetes.loadBalancers.monthlyCost).toBeCloseTo(alb, 6);
    expect(production.beanstalk.monthlyCost + staging.beanstalk.monthlyCost).toBeCloseTo(estimate.beanstalk.monthlyCost, 6);
  });

  test('past standard support the clusters pay the extended-support fee: the saving shrinks by the difference', () => {
    const standard = estimateCost(estate(), { planDate: '2026-07-28' });
    const extended = estimateCost(estate(), { planDate: '2026-07-29' });
    expect(extended.kubernetes.monthlyCost - standard.kubernetes.monthlyCost).toBeCloseTo((0.6 - 0.1) * 730, 6);
    expect(extended.beanstalk.monthlyCost).toBe(standard.beanstalk.monthlyCost);
    expect(extended.planDate).toBe('2026-07-29');
  });

  test('an environment whose Beanstalk type is unknown is left out of both sides, with one warning', () => {
    const config = estate({
      services: {
        auth: service(
          { cpu: '250m', memory: '512Mi' },
          { minReplicas: 2, maxReplicas: 6 },
          {
            production: { beanstalk: { instanceType: 'x9.huge', instances: 2 }, weights: { beanstalk: 0, blue: 100 } },
            staging: { beanstalk: { instanceType: 't3.small', instances: 1 }, weights: { beanstalk: 0, blue: 100 } },
          },
        ),
      },
    });
    const estimate = estimateCost(config, { catalog: withTestLoadBalancerPrices() });
    expect(estimate.warnings).toEqual([
      'services.auth.environments.production.beanstalk.instanceType: instance type x9.huge is not in the catalog (domain/cost/data/instances.json); left out of the report',
    ]);
    // its load balancer goes with it
    expect(estimate.loadBalancers.beanstalk).toEqual([]);
    expect(estimate.entries.map((entry) => entry.environment)).toEqual(['staging']);
    expect(estimate.beanstalk.environments.map((entry) => entry.environment)).toEqual(['staging']);
    expect(estimate.kubernetes.clusters[0].services.map((placed) => placed.environment)).toEqual(['staging']);
  });

  test('decrease is (before − after) / before, and n/a without a before', () => {
    expect(decrease({ instances: 40, monthlyCost: 1000 }, { instances: 10, monthlyCost: 400 })).toEqual({ instances: 75, cost: 60 });
    expect(decrease({ instances: 0, monthlyCost: 0 }, { instances: 3, monthlyCost: 300 })).toEqual({ instances: null, cost: null });
  });

  test('--env narrows both sides to that environment', () => {
    const config = estate();
    const estimate = estimateCost(config, { entries: serviceEnvironments(config).filter((entry) => entry.environment === 'production') });
    expect(estimate.beanstalk.instances).toBe(2);
    expect(estimate.kubernetes.clusters[0].services.map((placed) => placed.environment)).toEqual(['production']);
  });
});

describe('nodeTypeOptions', () => {
  test('plans the cluster on each priced, non-burstable type, cheapest first, leaving out types a pod does not fit', () => {
    const options = nodeTypeOptions(loadConfigFile('config/example.yaml'), 'blue');
    const costs = options.map((option) => option.monthlyCost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(options.some((option) => option.instanceType.startsWith('t'))).toBe(false);
    expect(options.map((option) => option.instanceType)).toEqual(expect.arrayContaining(['m5.large', 'c5.large', 'm5.2xlarge']));
    for (const option of options) expect(option.steadyNodes).toBeLessThanOrEqual(option.peakNodes);
  });

  test("keeps to the architecture of the cluster's first node group: its images are built for it", () => {
    const catalog = bundledCatalog();
    const architectures = (instanceType: string) =>
      new Set(
        nodeTypeOptions(estate({ nodeGroups: { general: { instanceType, minSize: 3, maxSize: 12 } } }), 'blue').map(
          (option) => catalog.instances[option.instanceType].architecture,
        ),
      );
    expect(architectures('m5.large')).toEqual(new Set(['x86_64']));
    expect(architectures('m6g.large')).toEqual(new Set(['arm64']));
  });
});

describe('report', () => {
  const example = estimateCost(loadConfigFile('config/example.yaml'));

  test('--json carries the keys the issue asks for, rounded', () => {
    const json = toJson(example, { shortfalls: [] }) as Record<string, Record<string, unknown>>;
    expect(Object.keys(json.beanstalk)).toEqual(expect.arrayContaining(['instances', 'monthlyCost']));
    expect(Object.keys(json.kubernetes)).toEqual(
      expect.arrayContaining(['instances', 'monthlyCost', 'lowerBound', 'efficiency', 'peak', 'clusters']),
    );
    expect(Object.keys(json.decrease)).toEqual(['instances', 'cost']);
    expect(json.decrease.cost).toBe(Math.round(example.decrease.cost! * 10) / 10);
    expect(json.kubernetes.efficiency).toBe(Math.round((example.kubernetes.lowerBound / example.kubernetes.instances) * 1000) / 1000);
    expect(json.recommendedNodeGroups).toEqual([
      expect.objectContaining({
        cluster: 'blue',
        nodeGroup: 'general',
        minSize: example.kubernetes.instances,
        maxSize: example.kubernetes.peak.instances,
      }),
    ]);
  });

  test('the text names both sides, the decrease and the node-group sizes the plan implies', () => {
    const text = toText(example, { shortfalls: [] });
    expect(text).toContain('Beanstalk today');
    expect(text).toContain(`${example.decrease.cost!.toFixed(1)} %`);
    expect(text).toContain('not started, planned here as if moved: payments/production, payments/staging');
    expect(text).toContain(`minSize ${example.kubernetes.instances}, maxSize ${example.kubernetes.peak.instances}`);
  });
});

describe('report: load balancers', () => {
  const priced = estimateCost(loadConfigFile('config/example.yaml'), { catalog: withTestLoadBalancerPrices() });
  const unpriced = estimateCost(loadConfigFile('config/example.yaml'));

  test('the text shows both sides per environment, each cluster ALB with its LCUs, and the prices source', () => {
    const text = toText(priced, { shortfalls: [] });
    // the example: 10 load-balanced production environments on Beanstalk; one ALB per environment on blue
    expect(text).toMatch(/^ {2}production +10 +0\.40 LCU +[\d,]+\.\d\d +1 +0\.44 LCU +[\d,]+\.\d\d$/m);
    expect(text).toMatch(/^ {2}staging +0 +0 +0\.00 +1 +0\.44 LCU +[\d,]+\.\d\d$/m);
    expect(text).toContain('blue/production group 1: ALB for 11 services, 0.44 LCU/h (new connections)');
    expect(text).toContain('an ALB inferred from 2+ instances for 10 (set beanstalk.loadBalancer to say otherwise)');
    expect(text).toContain('prices: test-prices.json (test-prices.json over domain/cost/data/load-balancers.json');
    expect(text).toMatch(/^ {2}load balancers +10 +2 +80\.0 %$/m);
  });

  test('the totals and the savings include them', () => {
    const json = toJson(priced, { shortfalls: [] }) as Record<string, any>;
    const withoutBalancers = json.beanstalk.monthlyCost - json.beanstalk.loadBalancers.monthlyCost;
    expect(json.beanstalk.loadBalancers).toMatchObject({ count: 10, hoursPerMonth: 7300, unpriced: 0 });
    expect(json.kubernetes.loadBalancers).toMatchObject({ count: 2, hoursPerMonth: 1460, capacityUnitsPerHour: { LCU: 0.88 } });
    expect(withoutBalancers).toBeCloseTo(unpriced.beanstalk.monthlyCost, 1);
    expect(json.kubernetes.monthlyCost - json.kubernetes.loadBalancers.monthlyCost).toBeCloseTo(unpriced.kubernetes.monthlyCost, 1);
    expect(json.decrease.cost).toBe(Math.round(priced.decrease.cost! * 10) / 10);
    expect(json.loadBalancers.clusters[0]).toMatchObject({
      cluster: 'blue',
      environment: 'production',
      group: 1,
      type: 'application',
      capacityUnit: 'LCU',
      dimension: 'new connections',
    });
    expect(json.loadBalancers.assumedTrafficPerServiceEnvironment).toEqual({ requestsPerSecond: 1, bytesPerRequest: 4096 });
    expect(json.prices.loadBalancers.source).toContain('test-prices.json');
  });

  test('unpriced, they are counted and say so, in the text and as null in the JSON', () => {
    const text = toText(unpriced, { shortfalls: [] });
    expect(text).toMatch(/^ {2}production +10 +0\.40 LCU +not priced +1 +0\.44 LCU +not priced$/m);
    expect(text).toContain(
      'prices: none for sa-east-1 in domain/cost/data/load-balancers.json: pass --prices with loadBalancers.sa-east-1',
    );
    const json = toJson(unpriced, { shortfalls: [] }) as Record<string, any>;
    expect(json.loadBalancers.clusters.map((balancer: { monthlyCost: unknown }) => balancer.monthlyCost)).toEqual([null, null]);
    expect(json.kubernetes.loadBalancers).toMatchObject({ count: 2, monthlyCost: 0, unpriced: 2 });
  });
});

describe('costChart', () => {
  const svg = costChart(estimateCost(loadConfigFile('config/example.yaml')));

  test('is an accessible SVG: role img, a title and a description that say the numbers', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-labelledby="cost-title cost-desc"/);
    expect(svg).toContain('<title id="cost-title">What the move saves: Beanstalk vs Kubernetes, sa-east-1</title>');
    expect(svg).toMatch(/<desc id="cost-desc">production: instances 26 on Beanstalk, [\d.]+ on Kubernetes/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  test('draws two bars per group (production, staging, total) in each of the two panels', () => {
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="28"/g)).toHaveLength(2 * 3 * 2);
    expect(svg).toContain('>Instances<');
    expect(svg).toContain('>Monthly cost (USD)<');
  });

  test('escapes what it prints', () => {
    expect(svg).not.toMatch(/<title>[^<]*&(?!amp;|lt;|gt;|quot;)/);
  });
});
