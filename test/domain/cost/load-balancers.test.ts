import { serviceEnvironments } from '../../../config';
import { beanstalkEnvironments } from '../../../domain/cost/beanstalk';
import { bundledCatalog, withPriceOverrides } from '../../../domain/cost/catalog';
import { ALB_LCU, IDLE_SERVICE_TRAFFIC, capacityEstimate, estimateLoadBalancers } from '../../../domain/cost/load-balancers';
import { planCluster } from '../../../domain/cost/planner';
import { TEST_ALB_RATE, estate, service, withTestLoadBalancerPrices } from './fixtures';

/** `count` services on blue in production (and, unless `stagingToo` is false, staging), in load balancer group `group(i)`. */
function fleet(count: number, group: (i: number) => number = () => 1, stagingToo = true) {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `svc${i}`,
      {
        ...service({ cpu: '100m', memory: '128Mi' }, undefined, {
          production: { beanstalk: { instanceType: 'c5.large', instances: 2 }, weights: { beanstalk: 0, blue: 100 } },
          ...(stagingToo
            ? { staging: { beanstalk: { instanceType: 't3.small', instances: 1 }, weights: { beanstalk: 0, blue: 100 } } }
            : {}),
        }),
        loadBalancerGroup: group(i),
      },
    ]),
  );
}

function estimate(config: ReturnType<typeof estate>, catalog = withTestLoadBalancerPrices()) {
  const entries = serviceEnvironments(config);
  const beanstalk = beanstalkEnvironments(config, entries, catalog).environments;
  const clusters = config.clusters.map((cluster) => planCluster(config, cluster.name, { catalog, entries }));
  return estimateLoadBalancers(config, beanstalk, clusters, catalog);
}

describe('capacityEstimate', () => {
  test('an idle ALB: one request a second is 0.04 LCU, set by new connections (25 a second make one LCU)', () => {
    expect(capacityEstimate('application', 1, 0)).toEqual({
      unitsPerHour: 1 / ALB_LCU.newConnectionsPerSecond,
      dimension: 'new connections',
    });
  });

  test('the first 10 rules a request meets are free: 19 host rules (10 met on average) cost no rule evaluations', () => {
    const nineteen = capacityEstimate('application', 19, 19);
    expect(nineteen.dimension).toBe('new connections');
    expect(nineteen.unitsPerHour).toBeCloseTo(19 / 25, 9);
  });

  test('past about a hundred services on one ALB, rule evaluations set the LCUs', () => {
    // 100 requests/s, each meeting 50.5 rules of which 10 are free: 4,050 evaluations/s = 4.05 LCU, above 100/25 = 4
    const hundred = capacityEstimate('application', 100, 100);
    expect(hundred.dimension).toBe('rule evaluations');
    expect(hundred.unitsPerHour).toBeCloseTo(4.05, 9);
  });

  test('a Network Load Balancer counts NLCUs (800 new TCP connections a second, 1 GB an hour), a Classic one the GB it processes', () => {
    const gigabytesPerHour = (IDLE_SERVICE_TRAFFIC.bytesPerRequest * 3600) / 1e9;
    // one new connection a second is 1/800 NLCU; the bytes weigh more
    const network = capacityEstimate('network', 1, 0);
    expect(network.dimension).toBe('processed bytes');
    expect(network.unitsPerHour).toBeCloseTo(gigabytesPerHour, 12);
    expect(network.unitsPerHour).toBeGreaterThan(1 / 800);
    const classic = capacityEstimate('classic', 1, 0);
    expect(classic.dimension).toBe('processed bytes');
    expect(classic.unitsPerHour).toBeCloseTo(gigabytesPerHour, 12);
  });

  test('busier traffic moves the dimension: large responses make processed bytes the highest', () => {
    expect(capacityEstimate('application', 1, 0, { requestsPerSecond: 10, bytesPerRequest: 1_000_000 })).toEqual({
      unitsPerHour: 36,
      dimension: 'processed bytes',
    });
  });
});

describe('estimateLoadBalancers', () => {
  test('Beanstalk: one per load-balanced environment; clusters: one ALB per cluster × environment × group', () => {
    // 30 services: groups 1 and 2 in production, all in group 1 or 2 in staging too; 30 load-balanced Beanstalk environments
    const result = estimate(estate({ services: fleet(30, (i) => (i < 20 ? 1 : 2)) }));
    expect(result.beanstalk).toHaveLength(30);
    expect(result.beanstalk.every((balancer) => balancer.environment === 'production' && balancer.inferred)).toBe(true);
    expect(result.clusters.map((balancer) => [balancer.cluster, balancer.environment, balancer.group, balancer.services.length])).toEqual([
      ['blue', 'production', 1, 20],
      ['blue', 'production', 2, 10],
      ['blue', 'staging', 1, 20],
      ['blue', 'staging', 2, 10],
    ]);
    expect(result.warnings).toEqual([]);
  });

  test('prices hours and LCUs: (per hour + LCU/h × per LCU-hour) × 730', () => {
    const result = estimate(estate({ services: fleet(20, () => 1, false) }));
    const [alb] = result.clusters;
    expect(alb.capacity).toEqual({ unitsPerHour: 20 / 25, dimension: 'new connections' });
    expect(alb.monthlyCost).toBeCloseTo((TEST_ALB_RATE.perHour + 0.8 * TEST_ALB_RATE.perLcuHour) * 730, 9);
    expect(result.beanstalk[0].monthlyCost).toBeCloseTo((TEST_ALB_RATE.perHour + 0.04 * TEST_ALB_RATE.perLcuHour) * 730, 9);
  });

  test('a cluster serves a service from weight 0 on; a cluster its weights do not name has no ALB for it', () => {
    const config = estate({
      clusters: {
        blue: { kubernetesVersion: '1.33', nodeGroups: { general: { instanceType: 'm5.large', minSize: 3, maxSize: 12 } } },
        green: { kubernetesVersion: '1.33', nodeGroups: { general: { instanceType: 'm5.large', minSize: 3, maxSize: 12 } } },
      },
      services: {
        warming: service({ cpu: '100m', memory: '128Mi' }, undefined, {
          production: { beanstalk: { cname: 'w.sa-east-1.elasticbeanstalk.com', instances: 2 }, weights: { beanstalk: 100, blue: 0 } },
        }),
        moved: service({ cpu: '100m', memory: '128Mi' }, undefined, { production: { weights: { green: 100 } } }),
      },
    });
    expect(estimate(config).clusters.map((balancer) => [balancer.cluster, balancer.services])).toEqual([
      ['blue', ['warming']],
      ['green', ['moved']],
    ]);
  });

  test('a region without load-balancer prices: the counts stand, one warning names the region', () => {
    const result = estimate(estate({ services: fleet(3) }), bundledCatalog());
    expect(result.beanstalk).toHaveLength(3);
    expect(result.clusters).toHaveLength(2);
    expect([...result.beanstalk, ...result.clusters].every((balancer) => balancer.monthlyCost === undefined)).toBe(true);
    expect(result.warnings).toEqual([
      'region: no sa-east-1 load-balancer prices in domain/cost/data/load-balancers.json (regions: ap-northeast-1, ap-northeast-2, eu-west-1, us-east-1; pass --prices with loadBalancers.sa-east-1); load balancers counted, not priced',
    ]);
  });

  test('a type the region does not price: one warning naming the first field and how many more', () => {
    const classic = () =>
      service({ cpu: '100m', memory: '128Mi' }, undefined, {
        production: {
          beanstalk: { instanceType: 'c5.large', instances: 2, loadBalancer: 'classic' },
          weights: { beanstalk: 0, blue: 100 },
        },
      });
    const result = estimate(estate({ services: { a: classic(), b: classic(), c: classic() } }));
    expect(result.warnings).toEqual([
      'services.a.environments.production.beanstalk.loadBalancer (and 2 more): no sa-east-1 price for classic load balancers in domain/cost/data/load-balancers.json (pass --prices with loadBalancers.sa-east-1.classic); load balancers counted, not priced',
    ]);
    // the cluster's ALB is priced all the same
    expect(result.clusters[0].monthlyCost).toBeGreaterThan(0);
  });

  test('a classic Beanstalk load balancer is priced per hour and per GB where the region has the rate', () => {
    const catalog = withPriceOverrides(
      withTestLoadBalancerPrices(),
      { loadBalancers: { 'sa-east-1': { classic: { perHour: 0.04, perGigabyte: 0.02 } } } },
      'more.json',
    );
    const config = estate({
      services: {
        old: service({ cpu: '100m', memory: '128Mi' }, undefined, {
          production: {
            beanstalk: { instanceType: 'c5.large', instances: 2, loadBalancer: 'classic' },
            weights: { beanstalk: 0, blue: 100 },
          },
        }),
      },
    });
    const [balancer] = estimate(config, catalog).beanstalk;
    expect(balancer.type).toBe('classic');
    expect(balancer.monthlyCost).toBeCloseTo((0.04 + balancer.capacity.unitsPerHour * 0.02) * 730, 9);
  });
});
