import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ListHealthChecksCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
  type HealthCheck,
} from '@aws-sdk/client-route-53';
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

interface Live {
  /** blue's HealthCheckStatus datapoint, or none yet. @default 1 */
  readonly status?: 0 | 1 | 'none';
  /** Leave out blue's weighted record. */
  readonly noBlueRecord?: boolean;
  /** Leave out the alias at blue's per-target name. */
  readonly noAlias?: boolean;
  /** Leave out the health check named auth/production/blue. */
  readonly noCheck?: boolean;
}

/** auth · production live as deployed (90/10, blue's record to its per-target name), blue's health check reading `status`. */
function live({ status = 1, noBlueRecord, noAlias, noCheck }: Live = {}): void {
  const weighted = (target: string, weight: number, value: string) => ({
    Name: 'auth.example.com.br.',
    Type: 'CNAME' as const,
    SetIdentifier: target,
    Weight: weight,
    TTL: 60,
    HealthCheckId: `hc-${target}`,
    ResourceRecords: [{ Value: value }],
  });
  route53Mock
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'auth.example.com.br.' })
    .resolves({
      ResourceRecordSets: [
        weighted('beanstalk', 90, 'auth-prod.sa-east-1.elasticbeanstalk.com'),
        ...(noBlueRecord ? [] : [weighted('blue', 10, 'auth.blue.example.com.br')]),
      ],
      IsTruncated: false,
    })
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'auth.blue.example.com.br.' })
    .resolves({
      ResourceRecordSets: noAlias
        ? []
        : [
            {
              Name: 'auth.blue.example.com.br.',
              Type: 'A',
              AliasTarget: { DNSName: 'dualstack.k-blue.elb.amazonaws.com.', HostedZoneId: 'Z', EvaluateTargetHealth: true },
            },
          ],
      IsTruncated: false,
    })
    .on(ListHealthChecksCommand)
    .resolves({
      HealthChecks: [{ Id: 'hc-beanstalk' }, { Id: 'hc-blue' }] as HealthCheck[],
      IsTruncated: false,
      Marker: '',
      MaxItems: 1000,
    })
    .on(ListTagsForResourcesCommand)
    .resolves({
      ResourceTagSets: [
        { ResourceType: 'healthcheck', ResourceId: 'hc-beanstalk', Tags: [{ Key: 'Name', Value: 'auth/production/beanstalk' }] },
        { ResourceType: 'healthcheck', ResourceId: 'hc-blue', Tags: noCheck ? [] : [{ Key: 'Name', Value: 'auth/production/blue' }] },
      ],
    });
  cloudWatchMock.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'h0', Timestamps: [new Date()], Values: [1] },
      { Id: 'h1', Timestamps: status === 'none' ? [] : [new Date()], Values: status === 'none' ? [] : [status] },
    ],
  });
}

const refusal = (reason: string) => `refusing to move more traffic of auth · production onto blue: ${reason} (pass --force to override)`;

test('writes the next scheduled step and prints shares before and after', async () => {
  live();
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
  live();
  const result = await runStep({ config, service: 'auth', env: 'production', to: 'blue', by: '5', json: true });
  expect(JSON.parse(result.output)).toMatchObject({
    target: 'blue',
    share: 15,
    before: { weights: { beanstalk: 90, blue: 10 } },
    after: { weights: { beanstalk: 85, blue: 15 } },
  });
});

test.each<[string, Live, string]>([
  ['an unhealthy target', { status: 0 }, refusal('its Route 53 health check hc-blue (auth/production/blue) is unhealthy')],
  [
    'a target whose health check has no status yet',
    { status: 'none' },
    refusal(
      'its Route 53 health check hc-blue (auth/production/blue) has no status yet (Route 53 publishes one a minute); try again shortly',
    ),
  ],
  [
    'a target without a health check named for it',
    { noCheck: true },
    refusal(
      'its group is not in sync with the config (blue: no health check named auth/production/blue); deploy and run traffic verify first',
    ),
  ],
  [
    'an unpublished target: weight 10 in the config, no record',
    { noBlueRecord: true },
    refusal('its group is not in sync with the config (blue: record missing); deploy and run traffic verify first'),
  ],
  [
    'a target whose per-target name is not published',
    { noAlias: true },
    refusal(
      'its group is not in sync with the config (blue: no alias record at auth.blue.example.com.br); deploy and run traffic verify first',
    ),
  ],
])('refuses (exit 2) %s, and leaves the file alone', async (_case, state, message) => {
  live(state);
  await expect(runStep({ config, service: 'auth', env: 'production', to: 'blue' })).rejects.toMatchObject({ message, exitCode: EXIT_NO });
  expect(readFileSync(config, 'utf8')).toBe(EXAMPLE_TEXT);
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
