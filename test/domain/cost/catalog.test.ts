import {
  bundledCatalog,
  controlPlanePrice,
  lookupInstance,
  lookupPrice,
  parseEksCalendar,
  parseInstances,
  withPriceOverrides,
} from '../../../domain/cost/catalog';
import { maxPods } from '../../../domain/cost/node-capacity';
import { loadConfigFile, serviceEnvironments } from '../../../config';
import { type SourceInstance, buildCatalog } from '../../../scripts/catalog/build';
import instancesFile from '../../../domain/cost/data/instances.json';
import pricesFile from '../../../domain/cost/data/prices.json';

const catalog = bundledCatalog();

/** The aws partition's regions in the source of 2025-05-28: a regeneration that loses one fails here. */
const COMMERCIAL_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** Sold in every commercial region, the newest ones included (which never had m5 or c5). */
const EVERYWHERE_TYPES = ['t3.micro', 't3.medium', 't3.large', 'm6g.large', 'c6g.large', 'r6g.large'];

/** Previous-generation types Beanstalk estates still run: the catalog must know them. */
const PREVIOUS_GENERATION = ['m1.small', 't1.micro', 'm3.medium', 'c3.large', 'r3.large', 'c4.xlarge', 'm4.large', 't2.micro', 'r4.large'];

describe('bundled data', () => {
  test('every instance type has positive integer facts and an architecture EKS runs', () => {
    const types = Object.entries(catalog.instances);
    expect(types.length).toBeGreaterThan(800);
    for (const [, facts] of types) {
      for (const value of [facts.vCpus, facts.memoryMebibytes, facts.maxEnis, facts.ipv4PerEni]) {
        expect(Number.isInteger(value) && value > 0).toBe(true);
      }
      expect(['x86_64', 'arm64']).toContain(facts.architecture);
    }
    expect(catalog.instances['m5.large']).toEqual({ architecture: 'x86_64', vCpus: 2, memoryMebibytes: 8192, maxEnis: 3, ipv4PerEni: 10 });
    expect(catalog.instances['m6g.large'].architecture).toBe('arm64');
  });

  test('previous generations are there, with DescribeInstanceTypes memory (MiB) for the oldest', () => {
    for (const type of PREVIOUS_GENERATION) expect(catalog.instances[type]).toBeDefined();
    expect(catalog.instances['m1.small'].memoryMebibytes).toBe(1740);
    expect(catalog.instances['t1.micro'].memoryMebibytes).toBe(627);
    expect(catalog.instances['c4.xlarge']).toMatchObject({ vCpus: 4, memoryMebibytes: 7680 });
  });

  // awslabs/amazon-eks-ami files/eni-max-pods.txt: ENIs × (IPv4 per ENI − 1) + 2
  test.each([
    ['m5.large', 29],
    ['c5.large', 29],
    ['t3.micro', 4],
    ['m1.small', 8],
    ['m3.medium', 12],
    ['m4.large', 20],
    ['c4.xlarge', 58],
    ['t2.xlarge', 44],
    ['r4.large', 29],
    ['m5.24xlarge', 737],
  ])('max pods of %s is %i, as the EKS AMI lists it', (type, pods) => {
    expect(maxPods(catalog.instances[type])).toBe(pods);
  });

  test('prices every commercial region (the aws partition only), each for the types sold everywhere', () => {
    expect(Object.keys(catalog.prices.regions)).toEqual(COMMERCIAL_REGIONS);
    for (const region of COMMERCIAL_REGIONS) {
      for (const type of EVERYWHERE_TYPES) expect(lookupPrice(catalog, region, type, 'test').value).toBeGreaterThan(0);
    }
  });

  test('every priced type is in the instance data', () => {
    for (const prices of Object.values(catalog.prices.regions)) {
      for (const type of Object.keys(prices)) expect(catalog.instances[type]).toBeDefined();
    }
  });

  test('the example config and the Beanstalk default are known and priced in its region', () => {
    const example = loadConfigFile('config/example.yaml');
    const types = new Set([
      ...example.clusters.flatMap((cluster) => cluster.nodeGroups.map((group) => group.instanceType)),
      ...serviceEnvironments(example).flatMap((entry) => (entry.beanstalk?.instanceType ? [entry.beanstalk.instanceType] : [])),
      't3.micro', // the Beanstalk default
    ]);
    for (const type of types) {
      expect(lookupInstance(catalog, type, 'test').value?.vCpus).toBeGreaterThan(0);
      expect(lookupPrice(catalog, example.region, type, 'test').value).toBeGreaterThan(0);
    }
  });

  test('the files say where they come from and when; their keys are sorted', () => {
    for (const document of [instancesFile, pricesFile]) {
      expect(document.source).toContain('ec2instances.info');
      expect(document.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(pricesFile.source).toContain('aws.amazon.com/eks/pricing');
    expect(catalog.eksCalendar.source).toContain('docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html');
    const types = Object.keys(instancesFile.types);
    expect(types).toEqual([...types].sort());
    expect(catalog.prices.eksControlPlanePerHour).toBe(0.1);
    expect(catalog.prices.eksExtendedSupportPerHour).toBe(0.6);
  });

  test('the EKS calendar: 12 months of extended support after each standard support, 1.33 ending on 2026-07-29', () => {
    expect(catalog.eksCalendar.versions['1.33']).toEqual({ standardSupportEnds: '2026-07-29', extendedSupportEnds: '2027-07-29' });
    for (const support of Object.values(catalog.eksCalendar.versions)) {
      const standard = new Date(support.standardSupportEnds);
      standard.setUTCFullYear(standard.getUTCFullYear() + 1);
      expect(standard.toISOString().slice(0, 10)).toBe(support.extendedSupportEnds);
    }
  });
});

describe('lookups', () => {
  test('an unknown instance type is a problem naming the field and the file, not an error', () => {
    expect(lookupInstance(catalog, 'x9.huge', 'clusters.blue.nodeGroups.general.instanceType')).toEqual({
      problem:
        'clusters.blue.nodeGroups.general.instanceType: instance type x9.huge is not in the catalog (domain/cost/data/instances.json)',
    });
  });

  test('a type not sold in the region is a problem that points at --prices', () => {
    expect(lookupPrice(catalog, 'sa-east-1', 'a1.large', 'f').problem).toBe(
      'f: no sa-east-1 price for instance type a1.large in domain/cost/data/prices.json (pass --prices with it)',
    );
  });

  test('a region without prices at all is an error naming the regions there are', () => {
    expect(() => lookupPrice(catalog, 'us-gov-west-1', 'm5.large', 'test')).toThrow(
      /^no prices for region us-gov-west-1 in domain\/cost\/data\/prices\.json \(regions: af-south-1, ap-east-1, .*, us-west-2\); pass --prices with that region's prices$/,
    );
  });
});

describe('controlPlanePrice', () => {
  const field = 'clusters.blue.kubernetesVersion';

  test('standard support until the day before it ends; extended support from that day on (EKS bills from 00:00 UTC)', () => {
    expect(controlPlanePrice(catalog, '1.33', '2026-07-28', field)).toEqual({
      kubernetesVersion: '1.33',
      support: 'standard',
      hourlyPrice: 0.1,
      standardSupportEnds: '2026-07-29',
    });
    expect(controlPlanePrice(catalog, '1.33', '2026-07-29', field)).toMatchObject({ support: 'extended', hourlyPrice: 0.6 });
    expect(controlPlanePrice(catalog, '1.33', '2028-01-01', field)).toMatchObject({ support: 'extended', hourlyPrice: 0.6 });
  });

  test('a version the calendar does not know is priced at the standard rate, with a problem naming the field', () => {
    expect(controlPlanePrice(catalog, '1.99', '2026-07-29', field)).toEqual({
      kubernetesVersion: '1.99',
      support: 'standard',
      hourlyPrice: 0.1,
      problem:
        'clusters.blue.kubernetesVersion: Kubernetes 1.99 is not in the EKS support calendar (domain/cost/data/eks-versions.json); control plane priced at the standard-support rate',
    });
  });

  test('refuses a plan date that is not a day', () => {
    expect(() => controlPlanePrice(catalog, '1.33', '29/07/2026', field)).toThrow(
      'plan date must be a day as YYYY-MM-DD, got: "29/07/2026"',
    );
  });

  test('--prices may override both fees', () => {
    const merged = withPriceOverrides(catalog, { eksExtendedSupportPerHour: 0.5 }, 'mine.json');
    expect(controlPlanePrice(merged, '1.33', '2026-08-01', field).hourlyPrice).toBe(0.5);
    expect(controlPlanePrice(merged, '1.33', '2026-07-01', field).hourlyPrice).toBe(0.1);
  });
});

describe('--prices overrides', () => {
  test('replace only the prices they name, and may add a region', () => {
    const merged = withPriceOverrides(
      catalog,
      { retrieved: '2027-01-01', regions: { 'sa-east-1': { 'm5.large': 0.2 }, 'us-gov-west-1': { 'm5.large': 0.121 } } },
      'mine.json',
    );
    expect(lookupPrice(merged, 'sa-east-1', 'm5.large', 'test').value).toBe(0.2);
    expect(lookupPrice(merged, 'sa-east-1', 'c5.large', 'test').value).toBe(catalog.prices.regions['sa-east-1']['c5.large']);
    expect(lookupPrice(merged, 'us-gov-west-1', 'm5.large', 'test').value).toBe(0.121);
    expect(merged.prices.eksControlPlanePerHour).toBe(0.1);
    expect(merged.prices.eksExtendedSupportPerHour).toBe(0.6);
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
    [
      'an extended-support fee of zero',
      { eksExtendedSupportPerHour: 0 },
      'prices file p.json: eksExtendedSupportPerHour must be a positive number (USD per hour), got: 0',
    ],
    ['a region that is a list', { regions: { 'sa-east-1': [0.1] } }, 'prices file p.json: regions.sa-east-1 must be an object, got: [0.1]'],
    ['not an object at all', [1, 2], 'prices file p.json: the document must be an object, got: [1,2]'],
    ['another currency', { currency: 'BRL' }, 'prices file p.json: currency must be "USD", got: "BRL"'],
  ])('refuse %s', (_name, document, message) => {
    expect(() => withPriceOverrides(catalog, document, 'p.json')).toThrow(message);
  });
});

describe('data validation', () => {
  const facts = { architecture: 'x86_64', vCpus: 2, memoryMebibytes: 1024, maxEnis: 2, ipv4PerEni: 2 };

  test.each([
    [
      'vCPUs as text',
      { types: { 'x.large': { ...facts, vCpus: '2' } } },
      'instance data i.json: types.x.large.vCpus must be a positive integer, got: "2"',
    ],
    [
      'a missing ENI count',
      { types: { 'x.large': { ...facts, maxEnis: undefined } } },
      'instance data i.json: types.x.large.maxEnis must be a positive integer, got: nothing',
    ],
    [
      'an architecture EKS nodes do not run',
      { types: { 'mac1.metal': { ...facts, architecture: 'x86_64_mac' } } },
      'instance data i.json: types.mac1.metal.architecture must be one of x86_64, arm64, got: "x86_64_mac"',
    ],
    ['no types', {}, 'instance data i.json: types must be an object, got: nothing'],
  ])('instance data: refuses %s', (_name, document, message) => {
    expect(() => parseInstances(document, 'i.json')).toThrow(message);
  });

  test('EKS calendar: refuses a date that is not a day', () => {
    expect(() =>
      parseEksCalendar(
        { retrieved: '2026-11-26', versions: { '1.33': { standardSupportEnds: 'July 29, 2026', extendedSupportEnds: '2027-07-29' } } },
        'e.json',
      ),
    ).toThrow('EKS calendar e.json: versions.1.33.standardSupportEnds must be a day as YYYY-MM-DD, got: "July 29, 2026"');
  });
});

// scripts/catalog/build.ts: the source's records to the data files, as the update script writes them.
describe('catalog build from ec2instances.info records', () => {
  const record = (type: string, overrides: Partial<SourceInstance> = {}): SourceInstance => ({
    instance_type: type,
    vCPU: 2,
    memory: 8,
    arch: ['x86_64'],
    vpc: { max_enis: 3, ips_per_eni: 10 },
    pricing: { 'us-east-1': { linux: { ondemand: '0.096' } } },
    ...overrides,
  });
  const records: SourceInstance[] = [
    record('m5.large', {
      pricing: {
        'us-east-1': { linux: { ondemand: '0.096' } },
        'sa-east-1': { linux: { ondemand: '0.153' } },
        'us-gov-west-1': { linux: { ondemand: '0.12' } },
        'cn-north-1': { linux: { ondemand: '0.9' } },
        'us-west-2-lax-1': { linux: { ondemand: '0.115' } },
        'eu-west-1': { linux: { ondemand: '0' } },
      },
    }),
    record('m1.small', { vCPU: 1, memory: 1.7, arch: ['i386', 'x86_64'], vpc: { max_enis: 2, ips_per_eni: 4 } }),
    record('a1.large', { arch: ['arm64'], memory: 4 }),
    record('mac2.metal', { arch: ['arm64_mac'] }),
    record('p2.xlarge', { vpc: null }),
  ];
  const built = buildCatalog(records, { source: 'a test', date: '2026-11-20' });

  test('keeps x86_64 and arm64 types with ENI limits; says why it left the others out', () => {
    expect(built.instances.types).toEqual({
      'a1.large': { architecture: 'arm64', vCpus: 2, memoryMebibytes: 4096, maxEnis: 3, ipv4PerEni: 10 },
      'm1.small': { architecture: 'x86_64', vCpus: 1, memoryMebibytes: 1740, maxEnis: 2, ipv4PerEni: 4 },
      'm5.large': { architecture: 'x86_64', vCpus: 2, memoryMebibytes: 8192, maxEnis: 3, ipv4PerEni: 10 },
    });
    expect(built.skipped).toEqual({
      'mac2.metal': 'architecture ["arm64_mac"] (not x86_64 or arm64)',
      'p2.xlarge': 'no ENI limits (EKS max pods cannot be known)',
    });
  });

  test('prices commercial regions only, leaves out zero prices, and sorts every key', () => {
    expect(built.prices.regions).toEqual({
      'sa-east-1': { 'm5.large': 0.153 },
      'us-east-1': { 'a1.large': 0.096, 'm1.small': 0.096, 'm5.large': 0.096 },
    });
    expect(Object.keys(built.prices.regions['us-east-1'])).toEqual(['a1.large', 'm1.small', 'm5.large']);
    expect(Object.keys(built.instances.types)).toEqual(['a1.large', 'm1.small', 'm5.large']);
  });

  test('records the source and the date in both files, and the EKS fees in the prices', () => {
    expect(built.instances).toMatchObject({ source: 'a test', retrieved: '2026-11-20' });
    expect(built.prices).toMatchObject({
      retrieved: '2026-11-20',
      currency: 'USD',
      eksControlPlanePerHour: 0.1,
      eksExtendedSupportPerHour: 0.6,
    });
    expect(built.prices.source.startsWith('a test; EKS control plane: ')).toBe(true);
  });

  test('the same records give the same files', () => {
    expect(JSON.stringify(buildCatalog([...records].reverse(), { source: 'a test', date: '2026-11-20' }))).toBe(JSON.stringify(built));
  });

  test('its output loads as the bundled catalog does', () => {
    expect(parseInstances(built.instances, 'built')).toEqual(built.instances.types);
  });
});
