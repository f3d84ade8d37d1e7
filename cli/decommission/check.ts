import { BEANSTALK, loadConfigFile } from '../../config';
import { beanstalkClient, cloudWatchClient, withAwsErrors } from '../aws';
import { CliError, EXIT_NO, EXIT_OK } from '../cli-error';
import type { CommonOptions } from '../options';
import { formatPercent } from '../../domain/traffic/shares';
import { groupLabel } from '../format';
import { readLiveState } from '../live-dns/live-state';
import { parseWholeNumber } from '../parse-options';
import { selectOne } from '../selection';
import type { CommandResult } from '../command-result';
import { renderTable } from '../table';
import { findEnvironmentByCname, loadBalancersOf } from './environment';
import { countRequests, requestWindow } from './request-count';
import { requestMetricFor } from '../../domain/decommission/request-metric';
import { reasonsNotSafe, type Evidence } from '../../domain/decommission/verdict';

/** A day covers daily batch jobs and cron callers that an hour would miss. */
export const DEFAULT_HOURS = 24;
/** CloudWatch keeps hourly datapoints for 455 days; 60 days is plenty and one short read. */
const MAX_HOURS = 1440;

export interface DecommissionOptions extends CommonOptions {
  readonly hours: string;
}

/** `decommission-check`: is the Beanstalk environment of one group safe to delete? */
export async function runDecommissionCheck(options: DecommissionOptions, now = new Date()): Promise<CommandResult> {
  const hours = parseWholeNumber('--hours', options.hours, 1, MAX_HOURS);
  const config = loadConfigFile(options.config);
  const entry = selectOne(config, options, 'decommission-check');
  const label = groupLabel(entry.service, entry.environment);
  if (!(BEANSTALK in entry.weights)) {
    throw new CliError(`${label} never ran on Elastic Beanstalk (no ${BEANSTALK} weight): nothing to decommission`);
  }
  const cname = entry.beanstalk?.cname;
  if (!cname) {
    throw new CliError(
      `${label} has no beanstalk.cname in the config, so its Elastic Beanstalk environment cannot be found (already deleted?)`,
    );
  }
  const evidence = await withAwsErrors(
    { configPath: options.config, hostedZoneId: config.dns.hostedZoneId },
    async (): Promise<Evidence> => {
      const states = await readLiveState(config, [entry], { health: false });
      const live = states.find((state) => state.target === BEANSTALK);
      const beanstalk = beanstalkClient(config.region);
      const environment = await findEnvironmentByCname(beanstalk, cname);
      if (!environment) {
        throw new CliError(`no Elastic Beanstalk environment in ${config.region} has the CNAME ${cname} (${label}; already deleted?)`);
      }
      const { start, end } = requestWindow(now, hours);
      const cloudWatch = cloudWatchClient(config.region);
      const loadBalancers = await Promise.all(
        (await loadBalancersOf(beanstalk, environment.id)).map(async (name) => {
          const metric = requestMetricFor(name);
          return { name, metric, requests: await countRequests(cloudWatch, metric, start, end) };
        }),
      );
      return {
        service: entry.service,
        environment: entry.environment,
        recordName: entry.recordName,
        configWeight: entry.weights[BEANSTALK],
        liveWeight: live?.liveWeight ?? null,
        liveShare: live?.liveShare ?? null,
        beanstalk: environment,
        loadBalancers,
        hours,
        windowStart: start,
      };
    },
  );
  const reasons = reasonsNotSafe(evidence);
  const exitCode = reasons.length === 0 ? EXIT_OK : EXIT_NO;
  if (options.json) {
    return { output: JSON.stringify({ safe: reasons.length === 0, reasons, ...evidence }, null, 2), exitCode };
  }
  return { output: formatEvidence(label, evidence, reasons), exitCode };
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

function formatEvidence(label: string, evidence: Evidence, reasons: readonly string[]): string {
  const { beanstalk } = evidence;
  const headline = `${label}: Elastic Beanstalk environment ${beanstalk.name} (${beanstalk.id}) is ${reasons.length === 0 ? 'SAFE to delete' : 'NOT safe to delete'}`;
  const live =
    evidence.liveWeight === null
      ? `no ${BEANSTALK} record in ${evidence.recordName}`
      : `${evidence.liveWeight} (${formatPercent(evidence.liveShare ?? 0)} of ${evidence.recordName})`;
  const rows = [
    [mark(evidence.configWeight === 0), 'configured weight', String(evidence.configWeight)],
    [mark(!evidence.liveShare), 'live weight', live],
    ...(evidence.loadBalancers.length === 0 ? [[mark(false), 'load balancer', 'none found']] : []),
    ...evidence.loadBalancers.flatMap((loadBalancer) => [
      ['', 'load balancer', `${loadBalancer.name} (${loadBalancer.metric.kind})`],
      [
        mark(loadBalancer.requests === 0),
        'requests',
        `${loadBalancer.requests} since ${evidence.windowStart.toISOString()} (${evidence.hours} h, ${loadBalancer.metric.namespace} ${loadBalancer.metric.metricName})`,
      ],
    ]),
  ];
  const lines = [headline, '', renderTable(['', 'CHECK', 'EVIDENCE'], rows)];
  if (reasons.length > 0) lines.push('', 'Not yet, because:', ...reasons.map((reason) => `  - ${reason}`));
  return lines.join('\n');
}
