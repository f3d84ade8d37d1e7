import { normalizeDnsName } from '../naming';

/*
 * Application Load Balancer access logs, read to count who still calls an environment.
 * Format: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
 * - one gzip file per load-balancer node every 5 minutes, at
 *   bucket[/prefix]/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/
 *   <account>_elasticloadbalancing_<region>_app.<name>.<id>_<end-time>_<ip>_<random>.log.gz,
 *   where yyyy/mm/dd is the day the file was delivered and end-time (20140215T2340Z) the end of
 *   the interval it covers;
 * - one request per line, space-separated fields, some in double quotes: type, time (ISO 8601,
 *   when the response was sent), elb, client:port, ..., "request" (method, then
 *   protocol://host:port/uri with the Host header the client sent, then the HTTP version),
 *   "user_agent", ...
 */

/**
 * Route 53's health checkers name themselves in the User-Agent header:
 * `Amazon-Route53-Health-Check-Service (ref <id>; report http://amzn.to/1vsZADi)` in an ALB log
 * (https://repost.aws/knowledge-center/route-53-fix-unwanted-health-checks), spelled with spaces
 * in some server logs.
 */
const ROUTE53_HEALTH_CHECKER = /^Amazon[- ]Route[ ]?53[- ]Health[- ]Check[- ]Service\b/;

/** Each log file covers the 5 minutes up to its end-time. */
const LOG_INTERVAL_MS = 5 * 60 * 1000;

/** Where a load balancer's access logs are, from its attributes and ARN. */
export interface AccessLogLocation {
  readonly bucket: string;
  /** @default - the bucket's root */
  readonly prefix?: string;
  readonly account: string;
  readonly region: string;
  /** The ARN's resource id: `app/<name>/<id>`. */
  readonly loadBalancerId: string;
}

/** One request of an access log, as far as the count needs it. */
export interface AccessLogEntry {
  readonly time: Date;
  /** Lower case, without port; undefined when the request line had no URL (a malformed request). */
  readonly host?: string;
  readonly userAgent: string;
}

/** What a window's log entries hold, by why each was counted or not. */
export interface AccessLogTally {
  /** Requests for one of the service's host names, not from Route 53's health checkers. */
  readonly counted: number;
  /** Requests from Route 53's health checkers (whatever their host). */
  readonly healthCheckers: number;
  /** Requests for other host names (an IP address, a scanner's guess), by host. */
  readonly otherHosts: ReadonlyMap<string, number>;
  /** Every entry read, in the window or not. */
  readonly entries: number;
  /** Lines that are not access-log entries. */
  readonly unreadable: number;
}

export const EMPTY_TALLY: AccessLogTally = { counted: 0, healthCheckers: 0, otherHosts: new Map(), entries: 0, unreadable: 0 };

/** Splits a log line into fields: spaces separate, double quotes group (with `\"` inside). */
function fields(line: string): string[] {
  const result: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    result.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]);
  }
  return result;
}

/** Field positions of an ALB access-log entry. */
const TIME = 1;
const REQUEST = 12;
const USER_AGENT = 13;

/** One access-log line, or undefined when it is not an entry. */
export function parseAccessLogLine(line: string): AccessLogEntry | undefined {
  const parts = fields(line);
  if (parts.length <= USER_AGENT) return undefined;
  const time = new Date(parts[TIME]);
  if (Number.isNaN(time.getTime())) return undefined;
  const url = parts[REQUEST].split(' ')[1];
  let host: string | undefined;
  try {
    host = url && url !== '-' ? normalizeDnsName(new URL(url).hostname) : undefined;
  } catch {
    host = undefined;
  }
  return { time, host, userAgent: parts[USER_AGENT] };
}

/** Whether a request came from a Route 53 health checker. */
export function isRoute53HealthChecker(userAgent: string): boolean {
  return ROUTE53_HEALTH_CHECKER.test(userAgent);
}

/**
 * Tallies the entries of one log file that fall in [start, end): requests for the service's
 * host names count, unless a Route 53 health checker sent them; requests for other hosts are
 * kept apart, by host, so the operator sees what was left out.
 */
export function tallyAccessLog(
  text: string,
  hosts: ReadonlySet<string>,
  window: { readonly start: Date; readonly end: Date },
  into: AccessLogTally = EMPTY_TALLY,
): AccessLogTally {
  let { counted, healthCheckers, entries, unreadable } = into;
  const otherHosts = new Map(into.otherHosts);
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseAccessLogLine(line);
    if (!entry) {
      unreadable++;
      continue;
    }
    entries++;
    if (entry.time < window.start || entry.time >= window.end) continue;
    if (isRoute53HealthChecker(entry.userAgent)) {
      healthCheckers++;
    } else if (entry.host && hosts.has(entry.host)) {
      counted++;
    } else {
      const host = entry.host ?? '-';
      otherHosts.set(host, (otherHosts.get(host) ?? 0) + 1);
    }
  }
  return { counted, healthCheckers, otherHosts, entries, unreadable };
}

/** `s3://bucket/prefix`, as the evidence names where the logs were read. */
export function accessLogUri(location: AccessLogLocation): string {
  return `s3://${location.bucket}/${trimSlashes(location.prefix ?? '')}`.replace(/\/$/, '');
}

const trimSlashes = (text: string) => text.replace(/^\/+|\/+$/g, '');

/**
 * The key prefixes (one per delivery day, UTC) that can hold entries of [start, end]. A file is
 * delivered after the interval it covers, so nothing of the window sits in a folder before
 * start's day.
 */
export function accessLogDayPrefixes(location: AccessLogLocation, start: Date, end: Date): string[] {
  const base = [trimSlashes(location.prefix ?? ''), 'AWSLogs', location.account, 'elasticloadbalancing', location.region]
    .filter(Boolean)
    .join('/');
  const prefixes: string[] = [];
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  for (; day <= end; day.setUTCDate(day.getUTCDate() + 1)) {
    const [yyyy, mm, dd] = day.toISOString().slice(0, 10).split('-');
    prefixes.push(`${base}/${yyyy}/${mm}/${dd}/`);
  }
  return prefixes;
}

/**
 * Whether a log file belongs to the load balancer and covers time at or after `start`, from its
 * key alone (its end-time), so that files wholly before the window are never downloaded.
 */
export function accessLogFileInWindow(key: string, location: AccessLogLocation, start: Date): boolean {
  const file = key.slice(key.lastIndexOf('/') + 1);
  const marker = `_elasticloadbalancing_${location.region}_${location.loadBalancerId.replace(/\//g, '.')}_`;
  const at = file.indexOf(marker);
  if (at < 0) return false;
  const endTime = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(file.slice(at + marker.length));
  if (!endTime) return false;
  const [, yyyy, mm, dd, hh, min] = endTime;
  const end = Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd), Number(hh), Number(min));
  // One interval of slack: an entry's time is when the response went out, which can trail its interval.
  return end + LOG_INTERVAL_MS >= start.getTime();
}
