import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';

export type Health = 'healthy' | 'unhealthy' | 'no data';

/**
 * GetMetricData takes at most 500 queries a call. One call for the whole fleet, rather than a
 * GetHealthCheckStatus per record, also keeps clear of Route 53's five requests a second.
 */
const MAX_QUERIES_PER_CALL = 500;
/** How far back to look for the latest datapoint: Route 53 publishes one a minute. */
const LOOKBACK_MS = 10 * 60 * 1000;
const ONE_MINUTE = 60;

/**
 * The current status of Route 53 health checks, from the `AWS/Route53 HealthCheckStatus` metric
 * (1 healthy, 0 unhealthy; published in us-east-1 only).
 *
 * The metric is Route 53's own verdict, the one it routes by: after the failure threshold, the
 * share of checkers that agree, inversion, and for calculated or alarm-based checks as well.
 * GetHealthCheckStatus only lists what each checker saw last, which leaves that judgement to us.
 * The latest minute counts, taking its minimum, so a flapping check reads unhealthy. A check
 * younger than a minute has no datapoint yet: `no data`.
 */
export async function readHealth(cloudWatch: CloudWatchClient, healthCheckIds: readonly string[], now: Date): Promise<Map<string, Health>> {
  const ids = [...new Set(healthCheckIds)];
  const health = new Map<string, Health>(ids.map((id) => [id, 'no data']));
  for (let offset = 0; offset < ids.length; offset += MAX_QUERIES_PER_CALL) {
    const batch = ids.slice(offset, offset + MAX_QUERIES_PER_CALL);
    const queries: MetricDataQuery[] = batch.map((id, index) => ({
      Id: `h${index}`,
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: 'AWS/Route53', MetricName: 'HealthCheckStatus', Dimensions: [{ Name: 'HealthCheckId', Value: id }] },
        Period: ONE_MINUTE,
        Stat: 'Minimum',
      },
    }));
    const latest = new Map<string, { time: number; value: number }>();
    let nextToken: string | undefined;
    do {
      const page: GetMetricDataCommandOutput = await cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(now.getTime() - LOOKBACK_MS),
          EndTime: now,
          ScanBy: 'TimestampDescending',
          NextToken: nextToken,
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        (result.Timestamps ?? []).forEach((timestamp, index) => {
          const value = result.Values?.[index];
          const previous = latest.get(result.Id!);
          if (value !== undefined && (!previous || timestamp.getTime() > previous.time)) {
            latest.set(result.Id!, { time: timestamp.getTime(), value });
          }
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    batch.forEach((id, index) => {
      const point = latest.get(`h${index}`);
      if (point) health.set(id, point.value >= 1 ? 'healthy' : 'unhealthy');
    });
  }
  return health;
}
