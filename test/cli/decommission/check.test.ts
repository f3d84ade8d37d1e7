import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEnvironmentResourcesCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { runDecommissionCheck } from '../../../cli/decommission/check';
import { EXIT_NO, EXIT_OK } from '../../../cli/cli-error';

const config = `${__dirname}/../../../config/example.yaml`;
const route53Mock = mockClient(Route53Client);
const cloudWatchMock = mockClient(CloudWatchClient);
const beanstalkMock = mockClient(ElasticBeanstalkClient);
const ALB = 'arn:aws:elasticloadbalancing:sa-east-1:123456789012:loadbalancer/app/awseb-AWSEB-CATALOG/0123456789abcdef';
const now = new Date('2025-06-01T12:30:00Z');

/** catalog · production as the example config has it: Beanstalk at 0, blue at 100. */
function estate({ beanstalkLive, requests }: { beanstalkLive?: number; requests: number[] }): void {
  route53Mock.reset();
  cloudWatchMock.reset();
  beanstalkMock.reset();
  route53Mock.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      ...(beanstalkLive === undefined
        ? []
        : [{ Name: 'catalog.example.com.br.', Type: 'CNAME' as const, SetIdentifier: 'beanstalk', Weight: beanstalkLive }]),
      { Name: 'catalog.example.com.br.', Type: 'CNAME', SetIdentifier: 'blue', Weight: 100 },
    ],
    IsTruncated: false,
  });
  beanstalkMock
    .on(DescribeEnvironmentsCommand)
    .resolves({
      Environments: [{ EnvironmentName: 'catalog-prod', EnvironmentId: 'e-catalog', CNAME: 'catalog-prod.sa-east-1.elasticbeanstalk.com' }],
    })
    .on(DescribeEnvironmentResourcesCommand)
    .resolves({ EnvironmentResources: { LoadBalancers: [{ Name: ALB }] } });
  cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'requests', Values: requests }] });
}

const check = (extra: object = {}) => runDecommissionCheck({ config, service: 'catalog', env: 'production', hours: '24', ...extra }, now);

test('weight 0 in config and live, no request in 24 h: safe (exit 0), with the evidence', async () => {
  estate({ beanstalkLive: 0, requests: [] });
  const result = await check();
  expect(result.exitCode).toBe(EXIT_OK);
  expect(result.output).toContain('catalog · production: Elastic Beanstalk environment catalog-prod (e-catalog) is SAFE to delete');
  expect(result.output).toMatch(/^✓\s+requests\s+0 since 2025-05-31T12:00:00.000Z \(24 h, AWS\/ApplicationELB RequestCount\)$/m);
  const query = cloudWatchMock.commandCalls(GetMetricDataCommand)[0].args[0].input;
  expect(query.MetricDataQueries?.[0].MetricStat?.Metric?.Dimensions).toEqual([
    { Name: 'LoadBalancer', Value: 'app/awseb-AWSEB-CATALOG/0123456789abcdef' },
  ]);
});

test('a missing Beanstalk record counts as no traffic', async () => {
  estate({ requests: [] });
  expect((await check()).exitCode).toBe(EXIT_OK);
});

test('requests in the window: not safe (exit 2), saying how many', async () => {
  estate({ beanstalkLive: 0, requests: [40, 2] });
  const result = await check();
  expect(result.exitCode).toBe(EXIT_NO);
  expect(result.output).toContain('NOT safe to delete');
  expect(result.output).toContain('its load balancer served 42 requests in the last 24 h');
});

test('a live weight above 0: not safe, even with no requests counted', async () => {
  estate({ beanstalkLive: 5, requests: [] });
  const json = JSON.parse((await check({ json: true })).output);
  expect(json).toMatchObject({ safe: false, liveWeight: 5, configWeight: 0 });
  expect(json.reasons).toEqual(['Route 53 still sends it traffic (live weight 5): deploy the config, then run traffic verify']);
});

test('a configured weight above 0: not safe', async () => {
  estate({ beanstalkLive: 90, requests: [] });
  route53Mock.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false });
  beanstalkMock.on(DescribeEnvironmentsCommand).resolves({
    Environments: [{ EnvironmentName: 'auth-prod', EnvironmentId: 'e-auth', CNAME: 'auth-prod.sa-east-1.elasticbeanstalk.com' }],
  });
  const result = await check({ service: 'auth' });
  expect(result.exitCode).toBe(EXIT_NO);
  expect(result.output).toContain('the config still gives it weight 90: step its traffic onto a cluster first');
});

test.each([
  [{ service: 'live-classes' }, 'live-classes · production never ran on Elastic Beanstalk (no beanstalk weight): nothing to decommission'],
  [
    { env: 'staging' },
    'catalog · staging has no beanstalk.cname in the config, so its Elastic Beanstalk environment cannot be found (already deleted?)',
  ],
  [{ hours: '0' }, '--hours must be a whole number from 1 to 1440, got: "0"'],
  [{ service: undefined }, 'decommission-check needs --service and --env'],
])('bad input %p: one line', async (options, message) => {
  estate({ beanstalkLive: 0, requests: [] });
  await expect(check(options)).rejects.toThrow(message);
});

test('an environment that no longer exists is an error naming the CNAME', async () => {
  estate({ beanstalkLive: 0, requests: [] });
  beanstalkMock.on(DescribeEnvironmentsCommand).resolves({ Environments: [] });
  await expect(check()).rejects.toThrow(
    'no Elastic Beanstalk environment in sa-east-1 has the CNAME catalog-prod.sa-east-1.elasticbeanstalk.com (catalog · production; already deleted?)',
  );
});
