import { GetMetricDataCommand, type CloudWatchClient, type GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { RequestMetric } from '../../domain/decommission/request-metric';

const ONE_HOUR_SECONDS = 3600;

/**
 * The window a check reads: from the start of the hour `hours` ago until now. Rounding the start
 * down to the hour matches CloudWatch's hourly periods and can only widen the window, so a
 * request is never missed at its edge.
 */
export function requestWindow(now: Date, hours: number): { start: Date; end: Date } {
  const start = new Date(now.getTime() - hours * ONE_HOUR_SECONDS * 1000);
  start.setUTCMinutes(0, 0, 0);
  return { start, end: now };
}

/** The metric's Sum over the window, in hourly periods; 0 when there is no datapoint at all. */
export async function countRequests(cloudWatch: CloudWatchClient, metric: RequestMetric, start: Date, end: Date): Promise<number> {
  let total = 0;
  let nextToken: string | undefined;
  do {
    const page: GetMetricDataCommandOutput = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        NextToken: nextToken,
        MetricDataQueries: [
          {
            Id: 'requests',
            ReturnData: true,
            MetricStat: {
              Metric: { Namespace: metric.namespace, MetricName: metric.metricName, Dimensions: [...metric.dimensions] },
              Period: ONE_HOUR_SECONDS,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    for (const result of page.MetricDataResults ?? []) {
      total += (result.Values ?? []).reduce((sum, value) => sum + value, 0);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return total;
}
