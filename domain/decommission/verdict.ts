import type { RequestMetric } from './request-metric';

/** The Elastic Beanstalk environment behind a CNAME. */
export interface BeanstalkEnvironment {
  readonly name: string;
  readonly id: string;
  readonly status?: string;
  /** @default - not read */
  readonly application?: string;
}

/** How one load balancer's requests were counted. */
export type RequestSource =
  | {
      readonly kind: 'access-logs';
      /** `s3://bucket/prefix`. */
      readonly location: string;
      readonly files: number;
      /** The host names whose requests count. */
      readonly hosts: readonly string[];
      /** Requests from Route 53's health checkers, not counted. */
      readonly healthCheckers: number;
      /** Requests for other host names, not counted, most frequent first. */
      readonly otherHosts: readonly (readonly [string, number])[];
    }
  | {
      readonly kind: 'metric';
      readonly metric: RequestMetric;
      /** Requests the window may hold and still be safe: a metric cannot tell callers from scanners. */
      readonly threshold: number;
    };

/** What one of the environment's load balancers served in the window. */
export interface LoadBalancerEvidence {
  /** A Classic load balancer's name, or an ALB's or NLB's ARN. */
  readonly name: string;
  readonly kind: RequestMetric['kind'];
  readonly requests: number;
  readonly source: RequestSource;
}

/** What a decommission check found about one Beanstalk environment. */
export interface Evidence {
  readonly service: string;
  readonly environment: string;
  readonly recordName: string;
  readonly configWeight: number;
  /** The live Beanstalk record's weight; null when Route 53 has none (as at weight 0 it must not). */
  readonly liveWeight: number | null;
  /** The Beanstalk record's share of the live group in percent; null without a record. */
  readonly liveShare: number | null;
  /** The `Name` tag its health check had. */
  readonly healthCheckName: string;
  /** Health checks still carrying that name (none once the DNS stack removed it at weight 0). */
  readonly healthCheckIds: readonly string[];
  readonly cname: string;
  /** Where the CNAME came from: `config`, `--cname`, or `git <commit>`. */
  readonly cnameSource: string;
  readonly beanstalk: BeanstalkEnvironment;
  readonly loadBalancers: readonly LoadBalancerEvidence[];
  readonly hours: number;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** When the Beanstalk record went (`--since`). @default - not known */
  readonly recordGoneAt?: Date;
  /** The records' TTL: resolvers may hand out a removed record this long after it went. */
  readonly ttlSeconds: number;
}

/** `1 request`, `2 requests`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The earliest moment the window may start: the record gone, and every cached copy of it expired. */
export function quietFrom(evidence: Pick<Evidence, 'recordGoneAt' | 'ttlSeconds'>): Date | undefined {
  return evidence.recordGoneAt && new Date(evidence.recordGoneAt.getTime() + evidence.ttlSeconds * 1000);
}

/**
 * Requests one load balancer's window may hold and still be safe: a metric's threshold, since a
 * metric cannot tell callers from scanners; none in the access logs, which count only requests for
 * the service's host names.
 */
export function requestsAllowed(loadBalancer: LoadBalancerEvidence): number {
  return loadBalancer.source.kind === 'metric' ? loadBalancer.source.threshold : 0;
}

/** One line per reason the environment cannot go yet; empty when it can. */
export function reasonsNotSafe(evidence: Evidence): string[] {
  const reasons: string[] = [];
  if (evidence.configWeight !== 0) {
    reasons.push(`the config still gives it weight ${evidence.configWeight}: step its traffic onto a cluster first`);
  }
  if (evidence.liveShare !== null && evidence.liveShare > 0) {
    reasons.push(`Route 53 still sends it traffic (live weight ${evidence.liveWeight}): deploy the config, then run traffic verify`);
  } else if (evidence.liveWeight !== null) {
    reasons.push(
      `its record is still published at weight ${evidence.liveWeight}, and would take traffic if the other targets failed: deploy the DNS stack, which removes it at weight 0`,
    );
  }
  if (evidence.healthCheckIds.length > 0) {
    reasons.push(
      `its Route 53 health check ${evidence.healthCheckIds.join(', ')} (${evidence.healthCheckName}) still exists, and its checkers keep calling the environment: deploy the DNS stack, which deletes it at weight 0`,
    );
  }
  const quiet = quietFrom(evidence);
  if (quiet && quiet > evidence.windowStart) {
    const ready = new Date(quiet.getTime() + evidence.hours * 3600 * 1000);
    reasons.push(
      `its record went at ${evidence.recordGoneAt!.toISOString()}: ${evidence.hours} h of evidence from ${quiet.toISOString()} (that plus the ${evidence.ttlSeconds} s TTL) are needed; check again after ${ready.toISOString()}`,
    );
  }
  if (evidence.loadBalancers.length === 0) {
    reasons.push('it has no load balancer, so its requests cannot be counted: check the instances before deleting');
  }
  for (const loadBalancer of evidence.loadBalancers) {
    const { source } = loadBalancer;
    if (loadBalancer.requests <= requestsAllowed(loadBalancer)) continue;
    if (source.kind === 'access-logs') {
      reasons.push(
        `its load balancer served ${count(loadBalancer.requests, 'request')} for ${source.hosts.join(', ')} in the last ${evidence.hours} h: find who still calls it (a hard-coded URL, another record?)`,
      );
    } else {
      reasons.push(
        `its load balancer served ${count(loadBalancer.requests, 'request')} in the last ${evidence.hours} h, above the threshold of ${source.threshold} (--max-requests): find who still calls it, or enable its access logs so that only requests for the service count`,
      );
    }
  }
  return reasons;
}
