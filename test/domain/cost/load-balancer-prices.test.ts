import { bundledCatalog, withPriceOverrides } from '../../../domain/cost/catalog';
import { loadBalancerRate, parseLoadBalancerPrices } from '../../../domain/cost/load-balancer-prices';
import loadBalancersFile from '../../../domain/cost/data/load-balancers.json';

const catalog = bundledCatalog();

describe('bundled load-balancer prices', () => {
  test('say where they come from, per region too, and carry an ALB rate in every region they list', () => {
    expect(loadBalancersFile.source).toContain('https://aws.amazon.com/elasticloadbalancing/pricing/');
    expect(loadBalancersFile.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const regions = Object.keys(loadBalancersFile.regions);
    expect(regions).toEqual([...regions].sort());
    for (const region of regions) {
      const prices = catalog.loadBalancerPrices.regions[region];
      expect(prices.source).not.toBe('domain/cost/data/load-balancers.json');
      expect(prices.rates.application?.perHour).toBeGreaterThan(0);
      expect(prices.rates.application?.perUnit).toBeGreaterThan(0);
    }
  });

  test('us-east-1 as the pricing page states it: ALB 0.0225 USD/hour and 0.008 per LCU-hour; Classic 0.025 and 0.008 per GB', () => {
    expect(loadBalancerRate(catalog.loadBalancerPrices, 'us-east-1', 'application').rate).toEqual({ perHour: 0.0225, perUnit: 0.008 });
    expect(loadBalancerRate(catalog.loadBalancerPrices, 'us-east-1', 'classic').rate).toEqual({ perHour: 0.025, perUnit: 0.008 });
  });

  test('a region or type without a price is an answer naming what --prices should carry, not an error', () => {
    expect(loadBalancerRate(catalog.loadBalancerPrices, 'sa-east-1', 'application').missing).toMatch(
      /^no sa-east-1 load-balancer prices in domain\/cost\/data\/load-balancers\.json \(regions: .*; pass --prices with loadBalancers\.sa-east-1\)$/,
    );
    expect(loadBalancerRate(catalog.loadBalancerPrices, 'eu-west-1', 'network').missing).toBe(
      'no eu-west-1 price for network load balancers in domain/cost/data/load-balancers.json (pass --prices with loadBalancers.eu-west-1.network)',
    );
  });
});

describe('--prices loadBalancers', () => {
  test('adds a region, and replaces only the rates it names', () => {
    const merged = withPriceOverrides(
      catalog,
      {
        retrieved: '2027-01-01',
        loadBalancers: {
          'sa-east-1': { application: { perHour: 0.034, perLcuHour: 0.011 } },
          'us-east-1': { classic: { perHour: 0.03, perGigabyte: 0.009 } },
        },
      },
      'mine.json',
    );
    const table = merged.loadBalancerPrices;
    expect(loadBalancerRate(table, 'sa-east-1', 'application').rate).toEqual({ perHour: 0.034, perUnit: 0.011 });
    expect(loadBalancerRate(table, 'us-east-1', 'classic').rate).toEqual({ perHour: 0.03, perUnit: 0.009 });
    expect(loadBalancerRate(table, 'us-east-1', 'application').rate).toEqual({ perHour: 0.0225, perUnit: 0.008 });
    expect(table.regions['sa-east-1'].source).toBe('mine.json');
    expect(table.source).toBe('mine.json over domain/cost/data/load-balancers.json');
    expect(table.retrieved).toBe('2027-01-01');
    // and the instance prices are untouched
    expect(merged.prices.regions['sa-east-1']).toEqual(catalog.prices.regions['sa-east-1']);
  });

  test('a file without loadBalancers keeps the bundled ones', () => {
    expect(withPriceOverrides(catalog, { eksControlPlanePerHour: 0.1 }, 'fees.json').loadBalancerPrices).toBe(catalog.loadBalancerPrices);
  });

  test.each([
    [
      'an hourly rate as text',
      { 'sa-east-1': { application: { perHour: '0.034', perLcuHour: 0.011 } } },
      'prices file p.json: loadBalancers.sa-east-1.application.perHour must be a positive number (USD), got: "0.034"',
    ],
    [
      'an ALB without its LCU rate',
      { 'sa-east-1': { application: { perHour: 0.034 } } },
      'prices file p.json: loadBalancers.sa-east-1.application.perLcuHour must be a positive number (USD), got: nothing',
    ],
    [
      'an ALB priced per GB, as a Classic one is',
      { 'sa-east-1': { application: { perHour: 0.034, perGigabyte: 0.008 } } },
      'prices file p.json: loadBalancers.sa-east-1.application.perGigabyte is not a price of application load balancers (perHour, perLcuHour)',
    ],
    [
      'a type Elastic Load Balancing does not have for this',
      { 'sa-east-1': { gateway: { perHour: 0.0125 } } },
      'prices file p.json: loadBalancers.sa-east-1.gateway is not a load balancer type (application, classic, network)',
    ],
    [
      'a negative NLCU rate',
      { 'sa-east-1': { network: { perHour: 0.034, perNlcuHour: -0.006 } } },
      'prices file p.json: loadBalancers.sa-east-1.network.perNlcuHour must be a positive number (USD), got: -0.006',
    ],
    ['a region that is a list', { 'sa-east-1': [0.034] }, 'prices file p.json: loadBalancers.sa-east-1 must be an object, got: [0.034]'],
    ['a list of regions', ['sa-east-1'], 'prices file p.json: loadBalancers must be an object, got: ["sa-east-1"]'],
  ])('refuses %s, naming the key', (_name, loadBalancers, message) => {
    expect(() => withPriceOverrides(catalog, { loadBalancers }, 'p.json')).toThrow(message);
  });

  test('the data file is checked as strictly: another currency is refused', () => {
    expect(() => parseLoadBalancerPrices({ currency: 'BRL', regions: {} }, 'lb.json')).toThrow(
      'load-balancer prices lb.json: currency must be "USD", got: "BRL"',
    );
  });
});
