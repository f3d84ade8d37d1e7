import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { readHealth } from '../../../cli/live-dns/health';

const cloudWatchMock = mockClient(CloudWatchClient);
beforeEach(() => cloudWatchMock.reset());

const now = new Date('2025-06-01T12:00:00Z');
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);

test('the latest datapoint decides: 1 healthy, 0 unhealthy; none is "no data"', async () => {
  cloudWatchMock.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'h0', Timestamps: [at(1), at(2)], Values: [1, 0] },
      { Id: 'h1', Timestamps: [at(3), at(1)], Values: [1, 0] },
      { Id: 'h2', Timestamps: [], Values: [] },
    ],
  });
  const health = await readHealth(new CloudWatchClient({}), ['hc-a', 'hc-b', 'hc-c'], now);
  expect(Object.fromEntries(health)).toEqual({ 'hc-a': 'healthy', 'hc-b': 'unhealthy', 'hc-c': 'no data' });
  const input = cloudWatchMock.commandCalls(GetMetricDataCommand)[0].args[0].input;
  expect(input.MetricDataQueries?.[0].MetricStat).toEqual({
    Metric: { Namespace: 'AWS/Route53', MetricName: 'HealthCheckStatus', Dimensions: [{ Name: 'HealthCheckId', Value: 'hc-a' }] },
    Period: 60,
    Stat: 'Minimum',
  });
});

test('follows NextToken and asks at most 500 queries a call', async () => {
  cloudWatchMock
    .on(GetMetricDataCommand, { NextToken: undefined })
    .resolves({ MetricDataResults: [{ Id: 'h0', Timestamps: [at(1)], Values: [1] }], NextToken: 'more' })
    .on(GetMetricDataCommand, { NextToken: 'more' })
    .resolves({ MetricDataResults: [{ Id: 'h1', Timestamps: [at(1)], Values: [0] }] });
  const ids = Array.from({ length: 501 }, (_, index) => `hc-${index}`);
  const health = await readHealth(new CloudWatchClient({}), ids, now);
  const calls = cloudWatchMock.commandCalls(GetMetricDataCommand);
  expect(calls.map((call) => call.args[0].input.MetricDataQueries?.length)).toEqual([500, 500, 1, 1]);
  expect(health.get('hc-0')).toBe('healthy');
  expect(health.get('hc-1')).toBe('unhealthy');
});
