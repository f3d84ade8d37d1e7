import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEnvironmentResourcesCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ListHealthChecksCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
  type HealthCheck,
} from '@aws-sdk/client-route-53';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runDecommissionCheck, type DecommissionOptions } from '../../../cli/decommission/check';
import { EXIT_NO, EXIT_OK } from '../../../cli/cli-error';
import { errorOutcome } from '../../../cli/error-outcome';
import { accessLogLine, ROUTE53_CHECKER_AGENT } from '../../domain/decommission/access-log-lines';
import { EXAMPLE_PATH, EXAMPLE_TEXT } from '../traffic/helpers';

const route53Mock = mockClient(Route53Client);
const cloudWatchMock = mockClient(CloudWatchClient);
const beanstalkMock = mockClient(ElasticBeanstalkClient);
const elbMock = mockClient(ElasticLoadBalancingV2Client);
const s3Mock = mockClient(S3Client);
const ALB = 'arn:aws:elasticloadbalancing:sa-east-1:123456789012:loadbalancer/app/awseb-AWSEB-CATALOG/0123456789abcdef';
const ALB_DNS = 'awseb-AWSEB-CATALOG-1234.sa-east-1.elb.amazonaws.com';
const now = new Date('2026-11-25T12:30:00Z');
const LOG_KEY =
  'eb/AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/11/25/123456789012_elasticloadbalancing_sa-east-1_app.awseb-AWSEB-CATALOG.0123456789abcdef_20261125T1005Z_52.1.2.3_abc.log.gz';

interface Estate {
  /** The live Beanstalk record's weight; undefined: no record (as at weight 0 there must not be). */
  readonly beanstalkLive?: number;
  /** A health check still named catalog/production/beanstalk. */
  readonly checkLeft?: boolean;
  /** Access-log lines; undefined: access logs off, RequestCount counts. */
  readonly logs?: readonly string[];
  /** RequestCount datapoints. */
  readonly requests?: readonly number[];
}

/** catalog · production as the example config has it: Beanstalk at 0, blue at 100. */
function estate({ beanstalkLive, checkLeft, logs, requests = [] }: Estate = {}): void {
  for (const mock of [route53Mock, cloudWatchMock, beanstalkMock, elbMock, s3Mock]) mock.reset();
  route53Mock
    .on(ListResourceRecordSetsCommand)
    .resolves({
      ResourceRecordSets: [
        ...(beanstalkLive === undefined
          ? []
          : [{ Name: 'catalog.example.com.br.', Type: 'CNAME' as const, SetIdentifier: 'beanstalk', Weight: beanstalkLive }]),
        { Name: 'catalog.example.com.br.', Type: 'CNAME', SetIdentifier: 'blue', Weight: 100 },
      ],
      IsTruncated: false,
    })
    .on(ListHealthChecksCommand)
    .resolves({ HealthChecks: [{ Id: 'hc-blue' }, { Id: 'hc-old' }] as HealthCheck[], IsTruncated: false, Marker: '', MaxItems: 1000 })
    .on(ListTagsForResourcesCommand)
    .resolves({
      ResourceTagSets: [
        { ResourceType: 'healthcheck', ResourceId: 'hc-blue', Tags: [{ Key: 'Name', Value: 'catalog/production/blue' }] },
        {
          ResourceType: 'healthcheck',
          ResourceId: 'hc-old',
          Tags: checkLeft ? [{ Key: 'Name', Value: 'catalog/production/beanstalk' }] : [],
        },
      ],
    });
  beanstalkMock
    .on(DescribeEnvironmentsCommand)
    .resolves({
      Environments: [{ EnvironmentName: 'catalog-prod', EnvironmentId: 'e-catalog', CNAME: 'catalog-prod.sa-east-1.elasticbeanstalk.com' }],
    })
    .on(DescribeEnvironmentResourcesCommand)
    .resolves({ EnvironmentResources: { LoadBalancers: [{ Name: ALB }] } });
  elbMock
    .on(DescribeLoadBalancersCommand)
    .resolves({ LoadBalancers: [{ LoadBalancerArn: ALB, DNSName: ALB_DNS }] })
    .on(DescribeLoadBalancerAttributesCommand)
    .resolves({
      Attributes: logs
        ? [
            { Key: 'access_logs.s3.enabled', Value: 'true' },
            { Key: 'access_logs.s3.bucket', Value: 'eb-logs' },
            { Key: 'access_logs.s3.prefix', Value: 'eb' },
          ]
        : [{ Key: 'access_logs.s3.enabled', Value: 'false' }],
    });
  s3Mock
    .on(ListObjectsV2Command)
    .callsFake((input: { Prefix: string }) => ({
      Contents: input.Prefix.endsWith('/2026/11/25/') ? [{ Key: LOG_KEY }] : [],
      IsTruncated: false,
    }))
    .on(GetObjectCommand)
    .callsFake(async () => {
      const bytes = gzipSync((logs ?? []).join('\n'));
      return { Body: { transformToByteArray: async () => new Uint8Array(bytes) } } as unknown as GetObjectCommandOutput;
    });
  cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'requests', Values: [...requests] }] });
}

const check = (extra: Partial<DecommissionOptions> = {}) =>
  runDecommissionCheck({ config: EXAMPLE_PATH, service: 'catalog', env: 'production', hours: '24', ...extra }, now);
const at = (time: string, url: string, agent = 'okhttp/4.12') => accessLogLine(time, url, agent);

describe('with access logs', () => {
  test("only the health checkers' and other hosts' requests: SAFE (exit 0), with the evidence", async () => {
    estate({
      logs: [
        at('2026-11-25T10:01:00Z', 'https://catalog-prod.sa-east-1.elasticbeanstalk.com:443/healthz', ROUTE53_CHECKER_AGENT),
        at('2026-11-25T10:02:00Z', 'http://54.232.10.20:80/.env', 'zgrab/0.x'),
      ],
    });
    const result = await check();
    expect(result.exitCode).toBe(EXIT_OK);
    expect(result.output).toContain('catalog · production: Elastic Beanstalk environment catalog-prod (e-catalog) is SAFE to delete');
    expect(result.output).toMatch(/^✓\s+weighted record\s+none in catalog\.example\.com\.br$/m);
    expect(result.output).toMatch(/^✓\s+health check\s+none named catalog\/production\/beanstalk$/m);
    expect(result.output).toContain(
      '0 for catalog.example.com.br, catalog-prod.sa-east-1.elasticbeanstalk.com, awseb-awseb-catalog-1234.sa-east-1.elb.amazonaws.com, dualstack.awseb-awseb-catalog-1234.sa-east-1.elb.amazonaws.com since 2026-11-24T12:00:00.000Z (24 h, access logs s3://eb-logs/eb, 1 file; not counted: 1 from Route 53 health checkers, 1 for other hosts (54.232.10.20 1))',
    );
    // Logs on: no metric read; the window's two delivery days listed.
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input.Prefix)).toEqual([
      'eb/AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/11/24/',
      'eb/AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/11/25/',
    ]);
  });

  test("a request for the environment's CNAME or the load balancer's own name: NOT safe (exit 2)", async () => {
    estate({
      logs: [
        at('2026-11-25T10:03:00Z', 'http://catalog-prod.sa-east-1.elasticbeanstalk.com:80/items', 'nightly-export'),
        at('2026-11-25T10:04:00Z', `https://${ALB_DNS}:443/items`, 'legacy-app'),
      ],
    });
    const result = await check();
    expect(result.exitCode).toBe(EXIT_NO);
    expect(result.output).toMatch(/^✗\s+requests\s+2 for /m);
    expect(result.output).toContain('its load balancer served 2 requests for catalog.example.com.br, catalog-prod');
  });

  test('--host adds a name of the service whose requests count', async () => {
    estate({ logs: [at('2026-11-25T10:03:00Z', 'https://api.legacy.example.com/items', 'app')] });
    expect((await check()).exitCode).toBe(EXIT_OK);
    expect((await check({ host: ['API.legacy.example.com.'] })).exitCode).toBe(EXIT_NO);
  });
});

describe('without access logs: CloudWatch RequestCount and a threshold', () => {
  test('no request: SAFE, naming the metric and its threshold', async () => {
    estate({ requests: [] });
    const result = await check();
    expect(result.exitCode).toBe(EXIT_OK);
    expect(result.output).toMatch(
      /^✓\s+requests\s+0 since 2026-11-24T12:00:00\.000Z \(24 h, AWS\/ApplicationELB RequestCount: every request, threshold 0\)$/m,
    );
    expect(
      cloudWatchMock.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries?.[0].MetricStat?.Metric?.Dimensions,
    ).toEqual([{ Name: 'LoadBalancer', Value: 'app/awseb-AWSEB-CATALOG/0123456789abcdef' }]);
  });

  test('requests above the threshold: NOT safe; at or below --max-requests: safe', async () => {
    estate({ requests: [2, 1] });
    const result = await check();
    expect(result.exitCode).toBe(EXIT_NO);
    expect(result.output).toContain('its load balancer served 3 requests in the last 24 h, above the threshold of 0 (--max-requests)');
    expect((await check({ maxRequests: '3' })).exitCode).toBe(EXIT_OK);
  });
});

describe('Route 53 must no longer name the environment', () => {
  test('a record left at weight 0, and a health check left: NOT safe', async () => {
    estate({ beanstalkLive: 0, checkLeft: true, logs: [] });
    const json = JSON.parse((await check({ json: true })).output);
    expect(json).toMatchObject({ safe: false, liveWeight: 0, healthCheckIds: ['hc-old'] });
    expect(json.reasons).toEqual([
      'its record is still published at weight 0, and would take traffic if the other targets failed: deploy the DNS stack, which removes it at weight 0',
      'its Route 53 health check hc-old (catalog/production/beanstalk) still exists, and its checkers keep calling the environment: deploy the DNS stack, which deletes it at weight 0',
    ]);
  });

  test('a configured weight above 0: NOT safe', async () => {
    estate({ beanstalkLive: 90, logs: [] });
    beanstalkMock.on(DescribeEnvironmentsCommand).resolves({
      Environments: [{ EnvironmentName: 'auth-prod', EnvironmentId: 'e-auth', CNAME: 'auth-prod.sa-east-1.elasticbeanstalk.com' }],
    });
    const result = await check({ service: 'auth' });
    expect(result.exitCode).toBe(EXIT_NO);
    expect(result.output).toContain('the config still gives it weight 90: step its traffic onto a cluster first');
  });
});

describe('--since: the evidence starts after the record went plus its TTL', () => {
  test('gone more than --hours plus the TTL ago: SAFE', async () => {
    estate({ logs: [] });
    const result = await check({ since: '2026-11-24T11:58:00Z' });
    expect(result.exitCode).toBe(EXIT_OK);
    expect(result.output).toMatch(
      /^✓\s+record gone\s+at 2026-11-24T11:58:00\.000Z, cached copies expired by 2026-11-24T11:59:00\.000Z \(TTL 60 s\)$/m,
    );
  });

  test('gone too recently: NOT safe, saying when to check again', async () => {
    estate({ logs: [] });
    const result = await check({ since: '2026-11-25T09:00:00+02:00' });
    expect(result.exitCode).toBe(EXIT_NO);
    expect(result.output).toContain(
      'its record went at 2026-11-25T07:00:00.000Z: 24 h of evidence from 2026-11-25T07:01:00.000Z (that plus the 60 s TTL) are needed; check again after 2026-11-26T07:01:00.000Z',
    );
  });

  test('unknown: said so in the evidence', async () => {
    estate({ logs: [] });
    expect((await check()).output).toMatch(/^\s+record gone\s+when is not known \(--since\): requests from before it went count too$/m);
  });
});

describe('a CNAME removed from the config first', () => {
  let config: string;
  beforeEach(() => {
    config = join(mkdtempSync(join(tmpdir(), 'kubeshift-decommission-')), 'kubeshift.yaml');
    writeFileSync(
      config,
      EXAMPLE_TEXT.replace(
        'beanstalk: { cname: catalog-prod.sa-east-1.elasticbeanstalk.com, instanceType: c5.large, instances: 2 }',
        'beanstalk: { instanceType: c5.large, instances: 2 }',
      ),
    );
  });

  test('--cname names the environment', async () => {
    estate({ logs: [] });
    const result = await check({ config, cname: 'catalog-prod.sa-east-1.elasticbeanstalk.com' });
    expect(result.exitCode).toBe(EXIT_OK);
    expect(result.output).toMatch(/^\s+environment\s+catalog-prod\.sa-east-1\.elasticbeanstalk\.com \(CNAME from --cname\)$/m);
  });

  test('outside a git repository and without --cname: one line naming --cname', async () => {
    estate({ logs: [] });
    const error = await check({ config }).catch((thrown: unknown) => thrown);
    expect(errorOutcome(error)).toEqual({
      line: 'kubeshift: catalog · production has no services.catalog.environments.production.beanstalk.cname in the config, nor in its git history: pass --cname with the CNAME of its Elastic Beanstalk environment',
      exitCode: 1,
    });
  });
});

test.each<[Partial<DecommissionOptions>, string]>([
  [{ service: 'live-classes' }, 'live-classes · production never ran on Elastic Beanstalk (no beanstalk weight): nothing to decommission'],
  [{ hours: '0' }, '--hours must be a whole number from 1 to 1440, got: "0"'],
  [{ service: undefined }, 'decommission-check needs --service and --env'],
  [{ since: 'yesterday' }, '--since must be an ISO 8601 time with its zone, e.g. 2026-11-20T14:05:00Z, got: "yesterday"'],
  [
    { since: '2026-11-25T10:00:00' },
    '--since must be an ISO 8601 time with its zone, e.g. 2026-11-20T14:05:00Z, got: "2026-11-25T10:00:00"',
  ],
  [{ since: '2026-11-26T00:00:00Z' }, '--since 2026-11-26T00:00:00Z is in the future'],
  [{ maxRequests: '-1' }, '--max-requests must be a whole number from 0 to 1000000000, got: "-1"'],
  [{ host: ['not a host'] }, '--host must be a DNS name, got: "not a host"'],
  [
    { cname: 'other.sa-east-1.elasticbeanstalk.com' },
    '--cname other.sa-east-1.elasticbeanstalk.com differs from services.catalog.environments.production.beanstalk.cname (catalog-prod.sa-east-1.elasticbeanstalk.com); drop one of them',
  ],
])('bad input %p: one line, exit 1, before any AWS call', async (options, message) => {
  estate();
  const error = await check(options).catch((thrown: unknown) => thrown);
  expect(errorOutcome(error)).toEqual({ line: `kubeshift: ${message}`, exitCode: 1 });
  expect(route53Mock.calls()).toHaveLength(0);
});

test('an environment that no longer exists is an error naming the CNAME', async () => {
  estate();
  beanstalkMock.on(DescribeEnvironmentsCommand).resolves({ Environments: [] });
  await expect(check()).rejects.toThrow(
    'no Elastic Beanstalk environment in sa-east-1 has the CNAME catalog-prod.sa-east-1.elasticbeanstalk.com (catalog · production; already deleted?)',
  );
});
