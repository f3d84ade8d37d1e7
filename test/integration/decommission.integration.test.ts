import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBeanstalkStandIn, type BeanstalkStandIn } from './beanstalk-stand-in';
import { emulatorEnv, runCli } from './cli';
import { startMoto, type Moto } from './moto';
import { putRequestCount, seedEstate, setLiveWeight, type Seeded } from './seed';

/**
 * `decommission-check` as the real CLI: Route 53 and CloudWatch are moto_server's; the two
 * Elastic Beanstalk calls go to a stand-in speaking the AWS Query protocol (see
 * beanstalk-stand-in.ts for why), through the SDK's standard AWS_ENDPOINT_URL_ELASTIC_BEANSTALK.
 */

const REGION = 'sa-east-1';
const albArn = (name: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/app/awseb-AWSEB-${name}/0123456789abcdef`;
const albDimension = (name: string) => `app/awseb-AWSEB-${name}/0123456789abcdef`;

let moto: Moto;
let beanstalk: BeanstalkStandIn;
let seeded: Seeded;
let config: string;
let env: Record<string, string>;

beforeAll(async () => {
  moto = await startMoto();
  beanstalk = await startBeanstalkStandIn();
});
afterAll(async () => {
  await moto?.stop();
  await beanstalk?.stop();
});
beforeEach(async () => {
  await moto.reset();
  seeded = await seedEstate(moto.endpoint);
  config = join(mkdtempSync(join(tmpdir(), 'kubeshift-it-')), 'kubeshift.yaml');
  writeFileSync(config, seeded.configText);
  env = emulatorEnv(moto.endpoint, { AWS_ENDPOINT_URL_ELASTIC_BEANSTALK: beanstalk.endpoint });
  beanstalk.actions.length = 0;
  beanstalk.setEnvironments(
    ['auth', 'search', 'catalog', 'notifications', 'web-bff'].map((service, index) => ({
      name: `${service}-prod`,
      id: `e-${index}abcdefgh`,
      cname: `${service}-prod.${REGION}.elasticbeanstalk.com`,
      loadBalancers: [albArn(service)],
    })),
  );
});

const check = (service: string, ...args: string[]) =>
  runCli(['decommission-check', '--config', config, '--service', service, '--env', 'production', ...args], env);

test('weight 0 in config and in Route 53, no request in 24 h: safe, exit 0, with the evidence', async () => {
  // An old request, outside the window, does not count.
  await putRequestCount(moto.endpoint, REGION, albDimension('catalog'), 7, 30);
  const run = await check('catalog');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('catalog · production: Elastic Beanstalk environment catalog-prod (e-2abcdefgh) is SAFE to delete');
  expect(run.stdout).toMatch(/^✓\s+live weight\s+0 \(0% of catalog\.example\.com\.br\)$/m);
  expect(run.stdout).toMatch(/^✓\s+requests\s+0 since .* \(24 h, AWS\/ApplicationELB RequestCount\)$/m);
  // The stand-in was paged through (two environments a page) before the resources were asked.
  expect(beanstalk.actions).toEqual(['DescribeEnvironments', 'DescribeEnvironments', 'DescribeEnvironmentResources']);
});

test('requests in the window: not safe, exit 2, saying how many', async () => {
  await putRequestCount(moto.endpoint, REGION, albDimension('notifications'), 40, 2);
  await putRequestCount(moto.endpoint, REGION, albDimension('notifications'), 2, 5);
  const run = await check('notifications');
  expect(run.code).toBe(2);
  expect(run.stdout).toContain('is NOT safe to delete');
  expect(run.stdout).toContain('its load balancer served 42 requests in the last 24 h');
  // A longer window reaches an older request too; --json carries the same evidence.
  await putRequestCount(moto.endpoint, REGION, albDimension('catalog'), 7, 30);
  const json = JSON.parse((await check('catalog', '--hours', '48', '--json')).stdout);
  expect(json).toMatchObject({ safe: false, hours: 48, loadBalancers: [{ name: albArn('catalog'), requests: 7 }] });
});

test('traffic still configured or still live: not safe', async () => {
  expect((await check('auth')).stdout).toContain('the config still gives it weight 90');
  await setLiveWeight(moto.endpoint, seeded, 'web-bff', 'production', 'beanstalk', 3);
  const run = await check('web-bff');
  expect(run.code).toBe(2);
  expect(run.stdout).toContain('Route 53 still sends it traffic (live weight 3)');
});

test('an environment Elastic Beanstalk does not know: one line, exit 1', async () => {
  const run = await check('checkout');
  expect(run.code).toBe(1);
  expect(run.stderr.trim()).toBe(
    'kubeshift: no Elastic Beanstalk environment in sa-east-1 has the CNAME checkout-prod.sa-east-1.elasticbeanstalk.com (checkout · production; already deleted?)',
  );
});
