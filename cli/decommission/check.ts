import { BEANSTALK, loadConfigFile, type KubeshiftConfig, type ServiceEnvironment } from '../../config';
import { beanstalkClient, cloudWatchClient, elbv2Client, route53Client, s3Client, withAwsErrors } from '../aws';
import { CliError, EXIT_NO, EXIT_OK } from '../cli-error';
import type { CommonOptions } from '../options';
import { formatPercent } from '../../domain/traffic/shares';
import { groupLabel } from '../format';
import { readHealthChecksByName } from '../live-dns/health-checks';
import { readZoneRecords } from '../live-dns/live-records';
import { parseWholeNumber } from '../parse-options';
import { selectOne } from '../selection';
import type { CommandResult } from '../command-result';
import { renderTable } from '../table';
import { countAccessLogRequests } from './access-logs';
import { cnameFromHistory } from './cname-history';
import { findEnvironmentByCname, loadBalancersOf } from './environment';
import { describeAlb } from './load-balancer';
import { countRequests, requestWindow } from './request-count';
import { accessLogUri } from '../../domain/decommission/access-log';
import { requestMetricFor } from '../../domain/decommission/request-metric';
import {
  count,
  quietFrom,
  reasonsNotSafe,
  requestsAllowed,
  type Evidence,
  type LoadBalancerEvidence,
} from '../../domain/decommission/verdict';
import { aliasDnsName } from '../../domain/traffic/alias';
import { healthCheckName, normalizeDnsName } from '../../domain/naming';
import { sharesOf } from '../../domain/traffic/shares';

/** A day covers daily batch jobs and cron callers that an hour would miss. */
export const DEFAULT_HOURS = 24;
/** CloudWatch keeps hourly datapoints for 455 days; 60 days is plenty and one short read. */
const MAX_HOURS = 1440;
/**
 * Requests RequestCount may show in the window and still be called safe. 0: a metric cannot
 * tell a forgotten caller from an internet scanner, so any request is a reason to look; access
 * logs can, and make the threshold unnecessary.
 */
export const DEFAULT_MAX_REQUESTS = 0;
/** Other host names named in the evidence, most frequent first. */
const OTHER_HOSTS_SHOWN = 3;

export interface DecommissionOptions extends CommonOptions {
  readonly hours: string;
  /** When the Beanstalk record went (ISO 8601). */
  readonly since?: string;
  /** The environment's CNAME, when the config no longer has it. */
  readonly cname?: string;
  /** Threshold for a count from CloudWatch RequestCount. */
  readonly maxRequests?: string;
  /** Further host names of the service, whose requests count in the access logs. */
  readonly host?: readonly string[];
}

/** `--since`: an ISO 8601 time with a zone, not in the future. */
export function parseSince(text: string, now: Date): Date {
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : undefined;
  if (!time || Number.isNaN(time.getTime())) {
    throw new CliError(`--since must be an ISO 8601 time with its zone, e.g. 2026-11-20T14:05:00Z, got: ${JSON.stringify(text)}`);
  }
  if (time > now) throw new CliError(`--since ${text} is in the future`);
  return time;
}

const DNS_NAME = /^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

function parseHostName(flag: string, text: string): string {
  if (!DNS_NAME.test(text)) throw new CliError(`${flag} must be a DNS name, got: ${JSON.stringify(text)}`);
  return normalizeDnsName(text);
}

/** The environment's CNAME: the config's, else `--cname`, else the newest one in the config's git history. */
function resolveCname(options: DecommissionOptions, entry: ServiceEnvironment, label: string): { cname: string; source: string } {
  const configured = entry.beanstalk?.cname;
  const given = options.cname === undefined ? undefined : parseHostName('--cname', options.cname);
  const field = `services.${entry.service}.environments.${entry.environment}.beanstalk.cname`;
  if (configured && given && normalizeDnsName(configured) !== given) {
    throw new CliError(`--cname ${given} differs from ${field} (${configured}); drop one of them`);
  }
  if (configured) return { cname: configured, source: 'config' };
  if (given) return { cname: given, source: '--cname' };
  const found = cnameFromHistory(options.config, entry.service, entry.environment);
  if (found) return { cname: found.cname, source: `git ${found.commit.slice(0, 12)}` };
  throw new CliError(
    `${label} has no ${field} in the config, nor in its git history: pass --cname with the CNAME of its Elastic Beanstalk environment`,
  );
}

/** `decommission-check`: is the Beanstalk environment of one group safe to delete? */
export async function runDecommissionCheck(options: DecommissionOptions, now = new Date()): Promise<CommandResult> {
  const hours = parseWholeNumber('--hours', options.hours, 1, MAX_HOURS);
  const since = options.since === undefined ? undefined : parseSince(options.since, now);
  const threshold = parseWholeNumber('--max-requests', options.maxRequests ?? String(DEFAULT_MAX_REQUESTS), 0, 1_000_000_000);
  const extraHosts = (options.host ?? []).map((host) => parseHostName('--host', host));
  const config = loadConfigFile(options.config);
  const entry = selectOne(config, options, 'decommission-check');
  const label = groupLabel(entry.service, entry.environment);
  if (!(BEANSTALK in entry.weights)) {
    throw new CliError(`${label} never ran on Elastic Beanstalk (no ${BEANSTALK} weight): nothing to decommission`);
  }
  const { cname, source } = resolveCname(options, entry, label);
  const evidence = await withAwsErrors({ configPath: options.config, hostedZoneId: config.dns.hostedZoneId }, () =>
    gatherEvidence({ config, entry, label, cname, cnameSource: source, hours, since, threshold, extraHosts, now }),
  );
  const reasons = reasonsNotSafe(evidence);
  const exitCode = reasons.length === 0 ? EXIT_OK : EXIT_NO;
  if (options.json) {
    return { output: JSON.stringify({ safe: reasons.length === 0, reasons, ...evidence }, null, 2), exitCode };
  }
  return { output: formatEvidence(label, evidence, reasons), exitCode };
}

interface Inputs {
  readonly config: KubeshiftConfig;
  readonly entry: ServiceEnvironment;
  readonly label: string;
  readonly cname: string;
  readonly cnameSource: string;
  readonly hours: number;
  readonly since?: Date;
  readonly threshold: number;
  readonly extraHosts: readonly string[];
  readonly now: Date;
}

async function gatherEvidence(inputs: Inputs): Promise<Evidence> {
  const { config, entry, cname } = inputs;
  const route53 = route53Client();
  const zone = await readZoneRecords(route53, config.dns.hostedZoneId, [entry.recordName]);
  const live = zone.weighted.get(entry.recordName) ?? [];
  const beanstalkRecord = live.find((record) => record.setIdentifier === BEANSTALK);
  const liveShares = sharesOf(Object.fromEntries(live.map((record) => [record.setIdentifier, record.weight])));
  const checkName = healthCheckName(entry.service, entry.environment, BEANSTALK);
  const checkIds = (await readHealthChecksByName(route53)).get(checkName) ?? [];

  const beanstalk = beanstalkClient(config.region);
  const environment = await findEnvironmentByCname(beanstalk, cname);
  if (!environment) {
    throw new CliError(`no Elastic Beanstalk environment in ${config.region} has the CNAME ${cname} (${inputs.label}; already deleted?)`);
  }
  const { start, end } = requestWindow(inputs.now, inputs.hours);
  const serviceHosts = [entry.recordName, cname, entry.beanstalk?.healthCheck?.host, ...inputs.extraHosts].flatMap((host) =>
    host ? [normalizeDnsName(host)] : [],
  );
  const loadBalancers: LoadBalancerEvidence[] = [];
  for (const name of await loadBalancersOf(beanstalk, environment.id)) {
    loadBalancers.push(await countLoadBalancer(inputs, name, serviceHosts, { start, end }));
  }
  return {
    service: entry.service,
    environment: entry.environment,
    recordName: entry.recordName,
    configWeight: entry.weights[BEANSTALK],
    liveWeight: beanstalkRecord?.weight ?? null,
    liveShare: beanstalkRecord ? liveShares[BEANSTALK] : null,
    healthCheckName: checkName,
    healthCheckIds: checkIds,
    cname,
    cnameSource: inputs.cnameSource,
    beanstalk: environment,
    loadBalancers,
    hours: inputs.hours,
    windowStart: start,
    windowEnd: end,
    recordGoneAt: inputs.since,
    ttlSeconds: config.dns.ttl,
  };
}

/**
 * One load balancer's requests in the window: from its access logs when they are on (only
 * requests for the service's host names, Route 53's health checkers left out), else from its
 * CloudWatch request metric against the threshold.
 */
async function countLoadBalancer(
  inputs: Inputs,
  name: string,
  serviceHosts: readonly string[],
  window: { start: Date; end: Date },
): Promise<LoadBalancerEvidence> {
  const metric = requestMetricFor(name);
  if (metric.kind === 'application') {
    const alb = await describeAlb(elbv2Client(inputs.config.region), name);
    if (alb.accessLogs) {
      // A caller that hard-coded the load balancer's own name calls the service as well.
      const hosts = new Set([
        ...serviceHosts,
        ...(alb.dnsName ? [aliasDnsName(alb.dnsName), `dualstack.${aliasDnsName(alb.dnsName)}`] : []),
      ]);
      const count = await countAccessLogRequests(s3Client(alb.accessLogs.region), alb.accessLogs, window, hosts);
      return {
        name,
        kind: metric.kind,
        requests: count.counted,
        source: {
          kind: 'access-logs',
          location: accessLogUri(alb.accessLogs),
          files: count.files,
          hosts: [...hosts],
          healthCheckers: count.healthCheckers,
          otherHosts: [...count.otherHosts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
        },
      };
    }
  }
  const requests = await countRequests(cloudWatchClient(inputs.config.region), metric, window.start, window.end);
  return { name, kind: metric.kind, requests, source: { kind: 'metric', metric, threshold: inputs.threshold } };
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

function describeRequests(loadBalancer: LoadBalancerEvidence, evidence: Evidence): string {
  const { source } = loadBalancer;
  const window = `since ${evidence.windowStart.toISOString()} (${evidence.hours} h`;
  if (source.kind === 'metric') {
    return `${loadBalancer.requests} ${window}, ${source.metric.namespace} ${source.metric.metricName}: every request, threshold ${source.threshold})`;
  }
  const others = source.otherHosts.reduce((sum, [, count]) => sum + count, 0);
  const top = source.otherHosts
    .slice(0, OTHER_HOSTS_SHOWN)
    .map(([host, count]) => `${host} ${count}`)
    .join(', ');
  return (
    `${loadBalancer.requests} for ${source.hosts.join(', ')} ${window}, access logs ${source.location}, ${count(source.files, 'file')}; ` +
    `not counted: ${source.healthCheckers} from Route 53 health checkers, ${others} for other hosts${top ? ` (${top})` : ''})`
  );
}

function formatEvidence(label: string, evidence: Evidence, reasons: readonly string[]): string {
  const { beanstalk } = evidence;
  const headline = `${label}: Elastic Beanstalk environment ${beanstalk.name} (${beanstalk.id}) is ${reasons.length === 0 ? 'SAFE to delete' : 'NOT safe to delete'}`;
  const record =
    evidence.liveWeight === null
      ? `none in ${evidence.recordName}`
      : `weight ${evidence.liveWeight} (${formatPercent(evidence.liveShare ?? 0)} of ${evidence.recordName})`;
  const quiet = quietFrom(evidence);
  const rows = [
    ['', 'environment', `${evidence.cname} (CNAME from ${evidence.cnameSource})`],
    [mark(evidence.configWeight === 0), 'configured weight', String(evidence.configWeight)],
    [mark(evidence.liveWeight === null), 'weighted record', record],
    [
      mark(evidence.healthCheckIds.length === 0),
      'health check',
      evidence.healthCheckIds.length === 0
        ? `none named ${evidence.healthCheckName}`
        : `${evidence.healthCheckIds.join(', ')} (${evidence.healthCheckName})`,
    ],
    quiet
      ? [
          mark(quiet <= evidence.windowStart),
          'record gone',
          `at ${evidence.recordGoneAt!.toISOString()}, cached copies expired by ${quiet.toISOString()} (TTL ${evidence.ttlSeconds} s)`,
        ]
      : ['', 'record gone', 'when is not known (--since): requests from before it went count too'],
    ...(evidence.loadBalancers.length === 0 ? [[mark(false), 'load balancer', 'none found']] : []),
    ...evidence.loadBalancers.flatMap((loadBalancer) => [
      ['', 'load balancer', `${loadBalancer.name} (${loadBalancer.kind})`],
      [mark(loadBalancer.requests <= requestsAllowed(loadBalancer)), 'requests', describeRequests(loadBalancer, evidence)],
    ]),
  ];
  const lines = [headline, '', renderTable(['', 'CHECK', 'EVIDENCE'], rows)];
  if (reasons.length > 0) lines.push('', 'Not yet, because:', ...reasons.map((reason) => `  - ${reason}`));
  return lines.join('\n');
}
