import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startBeanstalkStandIn, type BeanstalkStandIn } from './beanstalk-stand-in';
import { emulatorEnv, runCli, type CliRun } from './cli';
import { startMoto, type Moto } from './moto';
import { createBeanstalkLoadBalancer, putAccessLog, putRequestCount, REGION, seedEstate, type Seeded, type SeedOptions } from './seed';
import { accessLogLine, ROUTE53_CHECKER_AGENT } from '../domain/decommission/access-log-lines';
import { repoWithConfig } from '../cli/traffic/git-repo';

/**
 * `decommission-check` as the real CLI: Route 53, ELBv2, S3 and CloudWatch are moto_server's;
 * the two Elastic Beanstalk calls go to a stand-in speaking the AWS Query protocol (see
 * beanstalk-stand-in.ts for why), through the SDK's standard AWS_ENDPOINT_URL_ELASTIC_BEANSTALK.
 * Each environment's ALB is a real moto ALB; catalog's writes access logs into moto's S3,
 * notifications' and web-bff's do not, so their RequestCount decides.
 */

let moto: Moto;
let beanstalk: BeanstalkStandIn;
let seeded: Seeded;
let config: string;
let env: Record<string, string>;
let albs: Map<string, LoadBalancer>;

beforeAll(async () => {
  moto = await startMoto();
  beanstalk = await startBeanstalkStandIn();
});
afterAll(async () => {
  await moto?.stop();
  await beanstalk?.stop();
});

async function seed(options: SeedOptions = {}): Promise<void> {
  await moto.reset();
  seeded = await seedEstate(moto.endpoint, options);
  config = join(mkdtempSync(join(tmpdir(), 'kubeshift-it-')), 'kubeshift.yaml');
  writeFileSync(config, seeded.configText);
  env = emulatorEnv(moto.endpoint, { AWS_ENDPOINT_URL_ELASTIC_BEANSTALK: beanstalk.endpoint });
  beanstalk.actions.length = 0;
  albs = new Map();
  for (const service of ['auth', 'search', 'catalog', 'notifications', 'web-bff']) {
    albs.set(service, await createBeanstalkLoadBalancer(moto.endpoint, service, service === 'catalog'));
  }
  beanstalk.setEnvironments(
    [...albs].map(([service, alb], index) => ({
      name: `${service}-prod`,
      id: `e-${index}abcdefgh`,
      cname: `${service}-prod.${REGION}.elasticbeanstalk.com`,
      loadBalancers: [alb.LoadBalancerArn!],
    })),
  );
}
beforeEach(() => seed());

const check = (service: string, ...args: string[]) =>
  runCli(['decommission-check', '--config', config, '--service', service, '--env', 'production', ...args], env);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
/** One access-log file of catalog's ALB, for the 5 minutes that ended `minutes` ago. */
const catalogLog = (minutes: number, lines: string[]) => putAccessLog(moto.endpoint, albs.get('catalog')!, minutesAgo(minutes), lines);
const request = (minutes: number, url: string, agent: string) => accessLogLine(minutesAgo(minutes).toISOString(), url, agent);
const dimension = (service: string) => albs.get(service)!.LoadBalancerArn!.split(':loadbalancer/')[1];

/** An error is one line on stderr, `kubeshift: ...`, without a stack trace. */
function expectOneLineError(run: CliRun, message: string): void {
  expect(run.code).toBe(1);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr.trimEnd()).toBe(`kubeshift: ${message}`);
}

describe('with access logs', () => {
  test("SAFE (exit 0) although Route 53's health checkers and scanners kept calling: only requests for the service count", async () => {
    // given: hours of health-checker traffic (a check someone else left pointing at the environment),
    // and a scanner calling the load balancer by IP
    const checker = (minutes: number) =>
      request(minutes, `https://catalog-prod.${REGION}.elasticbeanstalk.com:443/healthz`, ROUTE53_CHECKER_AGENT);
    await catalogLog(300, [checker(301), checker(302), checker(303)]);
    await catalogLog(60, [checker(61), checker(62), request(63, 'http://54.232.10.20:80/.env', 'zgrab/0.x')]);

    // when
    const run = await check('catalog');

    // then
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('catalog · production: Elastic Beanstalk environment catalog-prod (e-2abcdefgh) is SAFE to delete');
    expect(run.stdout).toMatch(/^✓\s+weighted record\s+none in catalog\.example\.com\.br$/m);
    expect(run.stdout).toMatch(/^✓\s+health check\s+none named catalog\/production\/beanstalk$/m);
    expect(run.stdout).toMatch(
      /^✓\s+requests\s+0 for catalog\.example\.com\.br, catalog-prod\.sa-east-1\.elasticbeanstalk\.com, .* \(24 h, access logs s3:\/\/eb-logs\/eb, 2 files; not counted: 5 from Route 53 health checkers, 1 for other hosts \(54\.232\.10\.20 1\)\)$/m,
    );
    // The stand-in was paged through (two environments a page) before the resources were asked.
    expect(beanstalk.actions).toEqual(['DescribeEnvironments', 'DescribeEnvironments', 'DescribeEnvironmentResources']);
  });

  test("NOT safe (exit 2) once a caller uses the environment's CNAME; --json carries the same evidence", async () => {
    await catalogLog(30, [request(31, `http://catalog-prod.${REGION}.elasticbeanstalk.com:80/items`, 'nightly-export/1.0')]);
    const run = await check('catalog');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('is NOT safe to delete');
    expect(run.stdout).toContain(
      'its load balancer served 1 request for catalog.example.com.br, catalog-prod.sa-east-1.elasticbeanstalk.com',
    );
    const json = JSON.parse((await check('catalog', '--json')).stdout);
    expect(json).toMatchObject({
      safe: false,
      loadBalancers: [{ requests: 1, source: { kind: 'access-logs', files: 1, healthCheckers: 0 } }],
    });
  });

  test('a request older than the window does not count', async () => {
    await catalogLog(30 * 60, [request(30 * 60 + 1, `https://catalog.example.com.br:443/`, 'app')]);
    expect((await check('catalog')).code).toBe(0);
    expect((await check('catalog', '--hours', '48')).code).toBe(2);
  });
});

describe('without access logs: RequestCount and a stated threshold', () => {
  test('no request in 24 h: SAFE; requests: NOT safe, unless under --max-requests', async () => {
    await putRequestCount(moto.endpoint, REGION, dimension('web-bff'), 7, 30);
    const safe = await check('web-bff');
    expect(safe.code).toBe(0);
    expect(safe.stdout).toMatch(/^✓\s+requests\s+0 since .* \(24 h, AWS\/ApplicationELB RequestCount: every request, threshold 0\)$/m);

    await putRequestCount(moto.endpoint, REGION, dimension('notifications'), 40, 2);
    await putRequestCount(moto.endpoint, REGION, dimension('notifications'), 2, 5);
    const busy = await check('notifications');
    expect(busy.code).toBe(2);
    expect(busy.stdout).toContain('its load balancer served 42 requests in the last 24 h, above the threshold of 0 (--max-requests)');
    expect((await check('notifications', '--max-requests', '50')).code).toBe(0);
  });
});

describe('what Route 53 still says about the environment', () => {
  test('a record and a health check left behind at weight 0: NOT safe', async () => {
    await seed({ leftBehind: ['catalog/production/beanstalk'] });
    const run = await check('catalog');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('its record is still published at weight 0');
    expect(run.stdout).toContain(
      `its Route 53 health check ${seeded.healthChecks.get('catalog/production/beanstalk')} (catalog/production/beanstalk) still exists`,
    );
  });

  test('traffic still configured: NOT safe', async () => {
    expect((await check('auth')).stdout).toContain('the config still gives it weight 90');
  });

  test('--since: the record went too recently for the window, then long enough ago', async () => {
    const recent = await check('catalog', '--since', minutesAgo(90).toISOString());
    expect(recent.code).toBe(2);
    expect(recent.stdout).toMatch(
      /its record went at .*: 24 h of evidence from .* \(that plus the 60 s TTL\) are needed; check again after /,
    );
    expect((await check('catalog', '--since', minutesAgo(26 * 60).toISOString())).code).toBe(0);
  });
});

describe('a CNAME removed from the config first', () => {
  beforeEach(() =>
    writeFileSync(
      config,
      seeded.configText.replace(
        'beanstalk: { cname: catalog-prod.sa-east-1.elasticbeanstalk.com, instanceType: c5.large, instances: 2 }',
        'beanstalk: { instanceType: c5.large, instances: 2 }',
      ),
    ),
  );

  test('--cname names the environment: SAFE', async () => {
    const run = await check('catalog', '--cname', `catalog-prod.${REGION}.elasticbeanstalk.com`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\s+environment\s+catalog-prod\.sa-east-1\.elasticbeanstalk\.com \(CNAME from --cname\)$/m);
  });

  test("without --cname, in git: the CNAME from the config's history", async () => {
    // given: the config committed with the CNAME, then committed without it
    const { root, configPath } = repoWithConfig(seeded.configText);
    writeFileSync(configPath, readFileSync(config, 'utf8'));
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'catalog: drop the CNAME'], {
      cwd: root,
    });

    // when
    const run = await runCli(['decommission-check', '--config', configPath, '--service', 'catalog', '--env', 'production'], env);

    // then
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\s+environment\s+catalog-prod\.sa-east-1\.elasticbeanstalk\.com \(CNAME from git [0-9a-f]{12}\)$/m);
  });

  test('without --cname, outside git: one line naming --cname', async () => {
    expectOneLineError(
      await check('catalog'),
      'catalog · production has no services.catalog.environments.production.beanstalk.cname in the config, nor in its git history: pass --cname with the CNAME of its Elastic Beanstalk environment',
    );
  });
});

describe('bad input: one line, exit 1, no stack trace', () => {
  test.each([
    [['--since', 'last tuesday'], '--since must be an ISO 8601 time with its zone, e.g. 2026-11-20T14:05:00Z, got: "last tuesday"'],
    [['--hours', '0'], '--hours must be a whole number from 1 to 1440, got: "0"'],
    [['--host', 'bad host'], '--host must be a DNS name, got: "bad host"'],
  ])('%p', async (args, message) => {
    expectOneLineError(await check('catalog', ...args), message);
  });

  test('an environment Elastic Beanstalk does not know', async () => {
    expectOneLineError(
      await check('checkout'),
      'no Elastic Beanstalk environment in sa-east-1 has the CNAME checkout-prod.sa-east-1.elasticbeanstalk.com (checkout · production; already deleted?)',
    );
  });
});
