import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { countRequests, requestWindow } from '../../../cli/decommission/request-count';
import { requestMetricFor } from '../../../domain/decommission/request-metric';

const cloudWatchMock = mockClient(CloudWatchClient);
beforeEach(() => cloudWatchMock.reset());

test('the window starts on the hour, never later than asked', () => {
  const { start, end } = requestWindow(new Date('2025-06-01T12:34:56Z'), 24);
  expect(start.toISOString()).toBe('2025-05-31T12:00:00.000Z');
  expect(end.toISOString()).toBe('2025-06-01T12:34:56.000Z');
});

test('sums hourly datapoints across pages', async () => {
  cloudWatchMock
    .on(GetMetricDataCommand, { NextToken: undefined })
    .resolves({ MetricDataResults: [{ Id: 'requests', Values: [3, 4] }], NextToken: 't' })
    .on(GetMetricDataCommand, { NextToken: 't' })
    .resolves({ MetricDataResults: [{ Id: 'requests', Values: [5] }] });
  const metric = requestMetricFor('arn:aws:elasticloadbalancing:sa-east-1:1:loadbalancer/app/eb/abc');
  expect(await countRequests(new CloudWatchClient({}), metric, new Date(0), new Date(3600_000))).toBe(12);
  expect(cloudWatchMock.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries?.[0].MetricStat).toEqual({
    Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/eb/abc' }] },
    Period: 3600,
    Stat: 'Sum',
  });
});

test('no datapoint means no request (load balancers publish nothing for idle hours)', async () => {
  cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'requests', Values: [] }] });
  expect(await countRequests(new CloudWatchClient({}), requestMetricFor('classic'), new Date(0), new Date(3600_000))).toBe(0);
});
