import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { EXIT_ERROR, EXIT_NO, EXIT_OK } from '../../../cli/cli-error';
import { errorOutcome } from '../../../cli/error-outcome';
import { runStep } from '../../../cli/traffic/step';
import { EXAMPLE_PATH, EXAMPLE_TEXT } from './helpers';

const route53Mock = mockClient(Route53Client);
const cloudWatchMock = mockClient(CloudWatchClient);

let config: string;
beforeEach(() => {
  route53Mock.reset();
  cloudWatchMock.reset();
  config = join(mkdtempSync(join(tmpdir(), 'kubeshift-step-')), 'kubeshift.yaml');
  copyFileSync(EXAMPLE_PATH, config);
});

/** auth · production live as configured (90/10), with blue's health check reading `status`. */
function live(status: 0 | 1): void {
  route53Mock.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      {
        Name: 'auth.example.com.br.',
        Type: 'CNAME',
        SetIdentifier: 'beanstalk',
        Weight: 90,
        HealthCheckId: 'hc-beanstalk',
        ResourceRecords: [{ Value: 'x' }],
      },
      {
        Name: 'auth.example.com.br.',
        Type: 'CNAME',
        SetIdentifier: 'blue',
        Weight: 10,
        HealthCheckId: 'hc-blue',
        ResourceRecords: [{ Value: 'y' }],
      },
    ],
    IsTruncated: false,
  });
  cloudWatchMock.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'h0', Timestamps: [new Date()], Values: [1] },
      { Id: 'h1', Timestamps: [new Date()], Values: [status] },
    ],
  });
}

test('writes the next scheduled step and prints shares before and after', async () => {
  live(1);
  const result = await runStep({ config, service: 'auth', env: 'production', to: 'blue' });
  expect(result.exitCode).toBe(EXIT_OK);
  expect(result.output).toContain('auth · production: blue 10% → 25% (schedule 10, 25, 50, 100)');
  expect(result.output).toContain('health check of blue: healthy (hc-blue)');
  expect(result.output).toMatch(/beanstalk\s+90\s+90%\s+→\s+75\s+75%/);
  expect(readFileSync(config, 'utf8')).toBe(
    EXAMPLE_TEXT.replace('weights: { beanstalk: 90, blue: 10 }', 'weights: { beanstalk: 75, blue: 25 }'),
  );
});

test('--by adds percentage points; --json reports the same', async () => {
  live(1);
  const result = await runStep({ config, service: 'auth', env: 'production', to: 'blue', by: '5', json: true });
  expect(JSON.parse(result.output)).toMatchObject({
    target: 'blue',
    share: 15,
    before: { weights: { beanstalk: 90, blue: 10 } },
    after: { weights: { beanstalk: 85, blue: 15 } },
  });
});

test('refuses (exit 2) to move traffic onto an unhealthy target and leaves the file alone', async () => {
  live(0);
  await expect(runStep({ config, service: 'auth', env: 'production', to: 'blue' })).rejects.toMatchObject({
    message:
      'refusing to move more traffic of auth · production onto blue: its Route 53 health check hc-blue is unhealthy (pass --force to override)',
    exitCode: EXIT_NO,
  });
  expect(readFileSync(config, 'utf8')).toBe(EXAMPLE_TEXT);
});

test('--force skips the health check, and so AWS', async () => {
  const result = await runStep({ config, service: 'auth', env: 'production', to: 'blue', force: true });
  expect(result.exitCode).toBe(EXIT_OK);
  expect(route53Mock.calls()).toHaveLength(0);
  expect(result.output).toContain('health check of blue: not checked (--force)');
});

test('a target with all the traffic: nothing to do, exit 2, file untouched', async () => {
  const result = await runStep({ config, service: 'auth', env: 'staging', to: 'blue', force: true });
  expect(result).toEqual({ output: 'blue already takes 100% of auth · staging: nothing to change.', exitCode: EXIT_NO });
  expect(readFileSync(config, 'utf8')).toBe(EXAMPLE_TEXT);
});

test.each([
  [{ service: 'auth', env: 'production' }, 'traffic step needs --to <cluster>', EXIT_ERROR],
  [{ service: 'auth', env: 'production', to: 'green' }, 'unknown cluster "green" (clusters: blue)', EXIT_ERROR],
  [
    { service: 'auth', env: 'production', to: 'beanstalk' },
    'unknown cluster "beanstalk" (clusters: blue); steps move traffic onto a cluster, a rollback is a hand edit',
    EXIT_ERROR,
  ],
  [
    { service: 'billing', env: 'production', to: 'blue' },
    'unknown service "billing" (services: auth, search, catalog, checkout, payments, notifications, content, progress, recommendations, web-bff, live-classes)',
    EXIT_ERROR,
  ],
  [{ service: 'auth', env: 'qa', to: 'blue' }, 'unknown environment "qa" (environments: production, staging)', EXIT_ERROR],
  [
    { service: 'auth', env: 'production', to: 'blue', by: '95' },
    '--by 95 overshoots: blue has 10% of auth · production, so --by can add at most 90%',
    EXIT_ERROR,
  ],
  [{ service: 'auth', env: 'production', to: 'blue', by: '5', schedule: '50' }, 'give --by or --schedule, not both', EXIT_ERROR],
  [
    { service: 'payments', env: 'production', to: 'blue' },
    'payments · production has no weight for cluster blue yet: add "blue: 0" to its weights and deploy first, so that the service runs and is health-checked there before it takes traffic',
    EXIT_NO,
  ],
])('bad input %#: one line, the file untouched', async (options, message, exitCode) => {
  const error = await runStep({ config, force: true, ...options }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(errorOutcome(error)).toEqual({ line: `kubeshift: ${message}`, exitCode });
  expect(readFileSync(config, 'utf8')).toBe(EXAMPLE_TEXT);
});
