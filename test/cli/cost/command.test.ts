import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { WARNING_PREFIX, runCost } from '../../../cli/cost/command';
import { EXIT_NO, EXIT_OK } from '../../../cli/cli-error';
import { estateDocument } from '../../domain/cost/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'kubeshift-cost-'));

/** The warning for a region the bundled load-balancer prices leave out: the counts stand, unpriced. */
const noLoadBalancerPrices = (region: string) =>
  `region: no ${region} load-balancer prices in domain/cost/data/load-balancers.json (regions: ap-northeast-1, ap-northeast-2, eu-west-1, us-east-1; pass --prices with loadBalancers.${region}); load balancers counted, not priced`;

/** A --prices file with made-up sa-east-1 ALB prices (the bundled data has none there). */
function loadBalancerPrices(): string {
  const file = join(dir, `lb-prices-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({ retrieved: '2027-01-01', loadBalancers: { 'sa-east-1': { application: { perHour: 0.03, perLcuHour: 0.01 } } } }),
  );
  return file;
}

let exitCode: number;
let warnings: readonly string[];

function run(options: Record<string, unknown>, today?: Date): string {
  const result = runCost({ config: 'config/example.yaml', ...options }, today);
  exitCode = result.exitCode;
  warnings = result.warnings;
  return result.output;
}

/** The cost command as the operator runs it: a child process, stdout and stderr apart. */
function kubeshiftCost(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/kubeshift.ts', 'cost', ...args], { encoding: 'utf8' });
}

/** Beanstalk types of long-lived estates, previous generations included (the list). */
const LEGACY_TYPES = ['m1.small', 'm3.medium', 'c3.large', 'c4.xlarge', 'm4.large', 't2.micro', 'r4.large'];

/**
 * An estate in `region` with one service per legacy type in production (t2.micro in staging),
 * moving onto m4.large nodes with an r4.large group for the big pods; `types` replaces the list.
 */
function legacyEstate(region: string, types: readonly string[] = LEGACY_TYPES): string {
  const zones = ['a', 'b', 'c'].map((letter) => `${region}${letter}`);
  const services = Object.fromEntries(
    types.map((instanceType, i) => [
      `svc${i}`,
      {
        image: `registry.example.com/svc${i}:1.0.0`,
        port: 8080,
        healthCheckPath: '/healthz',
        // the last one needs more memory than an m4.large leaves: it goes to the r4.large group
        resources: { cpu: '250m', memory: i === types.length - 1 ? '8Gi' : '512Mi' },
        autoscaling: { minReplicas: 2, maxReplicas: 4 },
        environments: {
          production: {
            beanstalk: { cname: `svc${i}-prod.${region}.elasticbeanstalk.com`, instanceType, instances: 2 },
            weights: { beanstalk: 50, blue: 50 },
          },
          staging: { beanstalk: { instanceType: 't2.micro', instances: 1 }, weights: { beanstalk: 0, blue: 100 } },
        },
      },
    ]),
  );
  const file = join(dir, `legacy-${region}-${Math.random().toString(36).slice(2)}.yaml`);
  const clusters = {
    blue: {
      kubernetesVersion: '1.33',
      nodeGroups: {
        general: { instanceType: 'm4.large', minSize: 3, maxSize: 30 },
        memory: { instanceType: 'r4.large', minSize: 0, maxSize: 6 },
      },
    },
  };
  writeFileSync(file, stringify(estateDocument({ region, zones, clusters, services })));
  return file;
}

describe('kubeshift cost', () => {
  test('--json prints the plan as JSON; --svg writes the chart', () => {
    const svg = join(dir, 'cost.svg');
    const json = JSON.parse(run({ json: true, svg }));
    expect(json.beanstalk.instances).toBe(36);
    expect(json.kubernetes.instances).toBeGreaterThan(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
    expect(exitCode).toBe(EXIT_OK);
  });

  test('--fail-zone: exit 2 when the remaining nodes cannot hold production', () => {
    const config = join(dir, 'tight.yaml');
    // given the example with its node group capped at 4 nodes: at most 1–2 per zone
    const example = readFileSync('config/example.yaml', 'utf8');
    expect(example.match(/maxSize: \d+/g)).toHaveLength(1);
    writeFileSync(config, example.replace(/minSize: \d+/, 'minSize: 1').replace(/maxSize: \d+/, 'maxSize: 4'));
    const text = run({ config, failZone: 'sa-east-1a' });
    expect(text).toContain('does NOT hold');
    expect(exitCode).toBe(EXIT_NO);
  });

  test('--fail-zone: exit 0 when they can', () => {
    expect(run({ failZone: 'sa-east-1a', json: true })).toContain('"holds": true');
    expect(exitCode).toBe(EXIT_OK);
  });

  test('--prices overrides the bundled prices', () => {
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ retrieved: '2027-01-01', regions: { 'sa-east-1': { 'c5.large': 1 } } }));
    const json = JSON.parse(run({ json: true, prices }));
    expect(json.prices.retrieved).toBe('2027-01-01');
    expect(json.beanstalk.monthlyCost).toBeGreaterThan(3305.15);
  });

  // Through the real entry point: bad input is one line on stderr, a non-zero exit, no stack.
  test.each([
    [
      'prices that are not numbers',
      { 'sa-east-1': { 'm5.large': 'cheap' } },
      'kubeshift: prices file PRICES: regions.sa-east-1.m5.large must be a positive number (USD per hour), got: "cheap"',
    ],
    ['a prices file that is not JSON', '{not json', 'kubeshift: prices file PRICES is not valid JSON: '],
  ])('%s', (_name, content, message) => {
    const prices = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(prices, typeof content === 'string' ? content : JSON.stringify({ regions: content }));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/kubeshift.ts', 'cost', '--prices', prices], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(message.replace('PRICES', prices))).toBe(true);
    expect(result.stdout).toBe('');
  });

  // The "done when": previous-generation estates in three regions price in full.
  test.each(['eu-west-1', 'ap-southeast-2', 'sa-east-1'])('an estate of m1 to r4 types in %s prints a plan with prices', (region) => {
    const config = legacyEstate(region);
    const json = JSON.parse(run({ config, json: true }));
    // every instance priced; only the load balancers may lack a price, in a region the ELB data leaves out
    expect(warnings).toEqual(region === 'eu-west-1' ? [] : [noLoadBalancerPrices(region)]);
    expect(json.region).toBe(region);
    expect(json.beanstalk.environments.map((entry: { instanceType: string }) => entry.instanceType)).toEqual(
      LEGACY_TYPES.flatMap((type) => [type, 't2.micro']),
    );
    for (const entry of json.beanstalk.environments) expect(entry.monthlyCost).toBeGreaterThan(0);
    for (const entry of json.environments) {
      expect(entry.beanstalk.monthlyCost).toBeGreaterThan(0);
      expect(entry.kubernetes.monthlyCost).toBeGreaterThan(0);
    }
    const [cluster] = json.kubernetes.clusters;
    expect(cluster.steady.nodeGroups.map((group: { instanceType: string }) => group.instanceType)).toEqual(['m4.large', 'r4.large']);
    for (const group of cluster.steady.nodeGroups) {
      expect(group.hourlyPrice).toBeGreaterThan(0);
      expect(group.nodes).toBeGreaterThan(0);
    }

    const text = run({ config });
    expect(text).toContain(`kubeshift cost: ${region}, on-demand Linux USD`);
    expect(text).toMatch(/^ {2}production +14 +[\d,]+\.\d\d$/m);
    expect(text).toMatch(/^ {2}staging +7 +[\d,]+\.\d\d$/m);
    expect(text).toContain('Node groups from this plan: blue/general m4.large');
  });

  test('an m1.small priced in ap-southeast-2 as the source lists it', () => {
    const json = JSON.parse(run({ config: legacyEstate('ap-southeast-2', ['m1.small']), json: true }));
    expect(json.beanstalk.environments[0]).toMatchObject({ instanceType: 'm1.small', instances: 2, monthlyCost: 2 * 0.058 * 730 });
  });

  test('a made-up instance type is one warning line on stderr; the rest of the report on stdout, exit 0', () => {
    const config = legacyEstate('eu-west-1', ['m1.small', 'x9.huge', 'r4.large']);
    const result = kubeshiftCost('--config', config);
    expect(result.status).toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `${WARNING_PREFIX}services.svc1.environments.production.beanstalk.instanceType: instance type x9.huge is not in the catalog (domain/cost/data/instances.json); left out of the report`,
    ]);
    expect(result.stdout).toContain('kubeshift cost: eu-west-1');
    expect(result.stdout).toContain('Beanstalk today');
    // svc0 (2 × m1.small), svc2 (2 × r4.large) and three staging t2.micro: x9.huge's two are left out
    expect(result.stdout).toMatch(/^ {2}production +4 +[\d,]+\.\d\d$/m);
    expect(result.stdout).toMatch(/^ {2}staging +3 +[\d,]+\.\d\d$/m);
    expect(result.stdout).toContain('What the move saves');

    // and out of the Kubernetes side too, or its pods would cost nothing on Beanstalk and count as savings
    const json = JSON.parse(run({ config, json: true }));
    const planned = json.kubernetes.clusters[0].services.map(
      (placed: { service: string; environment: string }) => `${placed.service}/${placed.environment}`,
    );
    expect(planned).not.toContain('svc1/production');
    expect(planned).toContain('svc1/staging');
  });

  test('a node group of a made-up type: one warning, the cluster planned on its other groups, in the JSON too', () => {
    const file = join(dir, 'odd-group.yaml');
    writeFileSync(
      file,
      readFileSync('config/example.yaml', 'utf8').replace(
        /( +)general: \{ instanceType: c5\.large, (.*)\}/,
        '$1general: { instanceType: c5.large, $2}\n$1odd: { instanceType: x9.huge, minSize: 0, maxSize: 3 }',
      ),
    );
    const json = JSON.parse(run({ config: file, json: true, prices: loadBalancerPrices() }));
    const line =
      'clusters.blue.nodeGroups.odd.instanceType: instance type x9.huge is not in the catalog (domain/cost/data/instances.json); cluster blue planned without node group odd';
    expect(warnings).toEqual([line]);
    expect(json.warnings).toEqual([line]);
    expect(json.kubernetes.clusters[0].steady.nodeGroups.map((group: { nodeGroup: string }) => group.nodeGroup)).toEqual(['general']);
    expect(exitCode).toBe(EXIT_OK);
  });

  test('load balancers: counted on both sides; a region without their prices is one warning line on stderr, exit 0', () => {
    const result = kubeshiftCost('--config', 'config/example.yaml');
    expect(result.status).toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toEqual([`${WARNING_PREFIX}${noLoadBalancerPrices('sa-east-1')}`]);
    expect(result.stdout).toMatch(/^ {2}production +10 +0\.40 LCU +not priced +1 +0\.44 LCU +not priced$/m);
    expect(result.stdout).toMatch(/^ {2}load balancers +10 +2 +80\.0 %$/m);
  });

  test('--prices supplies the missing load-balancer prices: priced, in the totals, no warning', () => {
    const before = JSON.parse(run({ json: true }));
    const json = JSON.parse(run({ json: true, prices: loadBalancerPrices() }));
    expect(warnings).toEqual([]);
    // 10 Beanstalk ALBs at 0.04 LCU; 2 cluster ALBs at 0.44 LCU
    expect(json.beanstalk.loadBalancers.monthlyCost).toBeCloseTo(10 * (0.03 + 0.04 * 0.01) * 730, 1);
    expect(json.kubernetes.loadBalancers.monthlyCost).toBeCloseTo(2 * (0.03 + 0.44 * 0.01) * 730, 1);
    expect(json.beanstalk.monthlyCost).toBeCloseTo(before.beanstalk.monthlyCost + json.beanstalk.loadBalancers.monthlyCost, 1);
    expect(json.prices.loadBalancers).toEqual({
      source: expect.stringMatching(/lb-prices-.*\.json over domain\/cost\/data\/load-balancers\.json$/),
      retrieved: '2027-01-01',
    });
  });

  test('a Beanstalk load balancer type the region does not price: one warning naming the field', () => {
    const config = join(dir, 'network.yaml');
    const document = estateDocument({ region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
    document.services.auth.environments.production.beanstalk.loadBalancer = 'network';
    document.services = { svc0: document.services.auth };
    writeFileSync(config, stringify(document));
    const json = JSON.parse(run({ config, json: true }));
    expect(warnings).toEqual([
      'services.svc0.environments.production.beanstalk.loadBalancer: no eu-west-1 price for network load balancers in domain/cost/data/load-balancers.json (pass --prices with loadBalancers.eu-west-1.network); load balancers counted, not priced',
    ]);
    expect(json.loadBalancers.beanstalk).toEqual([
      expect.objectContaining({ service: 'svc0', type: 'network', inferred: false, capacityUnit: 'NLCU', monthlyCost: null }),
    ]);
    // the cluster's ALB is priced at the eu-west-1 rate
    expect(json.loadBalancers.clusters[0].monthlyCost).toBeGreaterThan(0.0252 * 730);
  });

  test.each([
    [
      'a load-balancer rate as text',
      { loadBalancers: { 'sa-east-1': { application: { perHour: 'cheap', perLcuHour: 0.01 } } } },
      'kubeshift: prices file PRICES: loadBalancers.sa-east-1.application.perHour must be a positive number (USD), got: "cheap"',
    ],
    [
      'an unknown load balancer type',
      { loadBalancers: { 'sa-east-1': { gateway: { perHour: 0.01 } } } },
      'kubeshift: prices file PRICES: loadBalancers.sa-east-1.gateway is not a load balancer type (application, classic, network)',
    ],
  ])('a malformed override: %s is one line on stderr, exit 1, nothing on stdout', (_name, document, message) => {
    const prices = join(dir, `bad-lb-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(prices, JSON.stringify(document));
    const result = kubeshiftCost('--prices', prices);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([message.replace('PRICES', prices)]);
    expect(result.stdout).toBe('');
  });

  test('a region with no prices at all is still an error, one line', () => {
    const file = join(dir, 'gov.yaml');
    writeFileSync(file, readFileSync(legacyEstate('us-gov-west-1', ['m4.large']), 'utf8'));
    const result = kubeshiftCost('--config', file);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^kubeshift: no prices for region us-gov-west-1 in domain\/cost\/data\/prices\.json/);
    expect(result.stdout).toBe('');
  });

  test('the control plane is priced as on the plan date: today, or --date', () => {
    const cluster = (options: Record<string, unknown>, today?: Date) =>
      JSON.parse(run({ ...options, json: true }, today)).kubernetes.clusters[0];
    // The example's 1.35 leaves standard support on 2027-03-27
    expect(cluster({}, new Date('2027-03-26T23:59:59Z')).controlPlane).toMatchObject({ support: 'standard', hourlyPrice: 0.1 });
    expect(cluster({}, new Date('2027-03-27T00:00:00Z')).controlPlane).toMatchObject({ support: 'extended', hourlyPrice: 0.6 });
    expect(cluster({ date: '2026-01-15' }, new Date('2027-01-01T00:00:00Z'))).toMatchObject({
      controlPlane: { support: 'standard' },
      controlPlaneMonthlyCost: 73,
    });
    const text = run({ date: '2027-04-01' });
    expect(text).toContain('control plane   1.35, extended support');
    expect(text).toContain(
      'control plane: Kubernetes 1.35 left EKS standard support on 2027-03-27: billed at the extended-support rate, 0.60 USD/h',
    );
    expect(text).toContain('EKS control plane as of 2027-04-01');
  });
});
