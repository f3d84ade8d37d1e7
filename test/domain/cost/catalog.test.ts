import { bundledCatalog, hourlyPrice, instanceFacts, parseInstances, withPriceOverrides } from '../../../domain/cost/catalog';
import { loadConfigFile, serviceEnvironments } from '../../../config';

describe('bundled data', () => {
  const catalog = bundledCatalog();
  const example = loadConfigFile('config/example.yaml');
  const exampleTypes = new Set([
    ...example.clusters.flatMap((cluster) => cluster.nodeGroups.map((group) => group.instanceType)),
    ...serviceEnvironments(example).flatMap((entry) => (entry.beanstalk?.instanceType ? [entry.beanstalk.instanceType] : [])),
    't3.micro', // the Beanstalk default
  ]);

  test.each([...exampleTypes].flatMap((type) => ['sa-east-1', 'us-east-1'].map((region) => [type, region])))(
    'knows %s and its price in %s',
    (type, region) => {
      expect(instanceFacts(catalog, type, 'test').vCpus).toBeGreaterThan(0);
      expect(hourlyPrice(catalog, region, type, 'test')).toBeGreaterThan(0);
    },
  );

  test('every instance type has a price in every region, and the files are dated', () => {
    for (const prices of Object.values(catalog.prices.regions)) {
      expect(Object.keys(prices).sort()).toEqual(Object.keys(catalog.instances).sort());
    }
    expect(catalog.prices.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(catalog.instancesRetrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(catalog.prices.eksControlPlanePerHour).toBe(0.1);
  });
});

describe('lookups that fail say what is missing', () => {
  const catalog = bundledCatalog();

  test('an unknown instance type names the type, where it was named, and the file', () => {
    expect(() => instanceFacts(catalog, 'x9.huge', 'clusters.blue.nodeGroups.general.instanceType')).toThrow(
      /^instance type x9\.huge \(clusters\.blue\.nodeGroups\.general\.instanceType\) is not in domain\/cost\/data\/instances\.json/,
    );
  });

  test('a region without prices names the regions there are', () => {
    expect(() => hourlyPrice(catalog, 'eu-west-3', 'm5.large', 'test')).toThrow(
      "no prices for region eu-west-3 in domain/cost/data/prices.json (regions: sa-east-1, us-east-1); pass --prices with that region's prices",
    );
  });
});

describe('--prices overrides', () => {
  const catalog = bundledCatalog();

  test('replace only the prices they name, and may add a region', () => {
    const merged = withPriceOverrides(
      catalog,
      { retrieved: '2027-01-01', regions: { 'sa-east-1': { 'm5.large': 0.2 }, 'eu-west-3': { 'm5.large': 0.112 } } },
      'mine.json',
    );
    expect(hourlyPrice(merged, 'sa-east-1', 'm5.large', 'test')).toBe(0.2);
    expect(hourlyPrice(merged, 'sa-east-1', 'c5.large', 'test')).toBe(catalog.prices.regions['sa-east-1']['c5.large']);
    expect(hourlyPrice(merged, 'eu-west-3', 'm5.large', 'test')).toBe(0.112);
    expect(merged.prices.eksControlPlanePerHour).toBe(0.1);
    expect(merged.prices.retrieved).toBe('2027-01-01');
  });

  test.each([
    [
      'a price as text',
      { regions: { 'sa-east-1': { 'm5.large': '0.2' } } },
      'prices file p.json: regions.sa-east-1.m5.large must be a positive number (USD per hour), got: "0.2"',
    ],
    [
      'a negative price',
      { regions: { 'sa-east-1': { 'm5.large': -1 } } },
      'prices file p.json: regions.sa-east-1.m5.large must be a positive number (USD per hour), got: -1',
    ],
    [
      'a null price',
      { regions: { 'sa-east-1': { 'm5.large': null } } },
      'prices file p.json: regions.sa-east-1.m5.large must be a positive number (USD per hour), got: null',
    ],
    [
      'a control-plane fee as text',
      { eksControlPlanePerHour: 'ten cents' },
      'prices file p.json: eksControlPlanePerHour must be a positive number (USD per hour), got: "ten cents"',
    ],
    ['a region that is a list', { regions: { 'sa-east-1': [0.1] } }, 'prices file p.json: regions.sa-east-1 must be an object, got: [0.1]'],
    ['not an object at all', [1, 2], 'prices file p.json: the document must be an object, got: [1,2]'],
    ['another currency', { currency: 'BRL' }, 'prices file p.json: currency must be "USD", got: "BRL"'],
  ])('refuse %s', (_name, document, message) => {
    expect(() => withPriceOverrides(catalog, document, 'p.json')).toThrow(message);
  });
});

describe('instance data validation', () => {
  test.each([
    [
      'vCPUs as text',
      { types: { 'x.large': { vCpus: '2', memoryMebibytes: 1024, maxEnis: 2, ipv4PerEni: 2 } } },
      'instance data i.json: types.x.large.vCpus must be a positive integer, got: "2"',
    ],
    [
      'a missing ENI count',
      { types: { 'x.large': { vCpus: 2, memoryMebibytes: 1024, ipv4PerEni: 2 } } },
      'instance data i.json: types.x.large.maxEnis must be a positive integer, got: nothing',
    ],
    ['no types', {}, 'instance data i.json: types must be an object, got: nothing'],
  ])('refuses %s', (_name, document, message) => {
    expect(() => parseInstances(document, 'i.json')).toThrow(message);
  });
});
