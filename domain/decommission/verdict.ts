import type { RequestMetric } from './request-metric';

/** The Elastic Beanstalk environment behind a CNAME. */
export interface BeanstalkEnvironment {
  readonly name: string;
  readonly id: string;
  readonly status?: string;
}

/** What a decommission check found about one Beanstalk environment. */
export interface Evidence {
  readonly service: string;
  readonly environment: string;
  readonly recordName: string;
  readonly configWeight: number;
  /** null when Route 53 has no Beanstalk record in the group. */
  readonly liveWeight: number | null;
  /** The Beanstalk record's share of the live group in percent; null without a record. */
  readonly liveShare: number | null;
  readonly beanstalk: BeanstalkEnvironment;
  readonly loadBalancers: readonly { readonly name: string; readonly metric: RequestMetric; readonly requests: number }[];
  readonly hours: number;
  readonly windowStart: Date;
}

/** One line per reason the environment cannot go yet; empty when it can. */
export function reasonsNotSafe(evidence: Evidence): string[] {
  const reasons: string[] = [];
  if (evidence.configWeight !== 0) {
    reasons.push(`the config still gives it weight ${evidence.configWeight}: step its traffic onto a cluster first`);
  }
  // A weight of 0 still takes traffic when every record of the group is 0 (Route 53 then splits evenly).
  if (evidence.liveShare !== null && evidence.liveShare > 0) {
    reasons.push(`Route 53 still sends it traffic (live weight ${evidence.liveWeight}): deploy the config, then run traffic verify`);
  }
  if (evidence.loadBalancers.length === 0) {
    reasons.push('it has no load balancer, so its requests cannot be counted: check the instances before deleting');
  }
  for (const loadBalancer of evidence.loadBalancers) {
    if (loadBalancer.requests > 0) {
      reasons.push(
        `its load balancer served ${loadBalancer.requests} requests in the last ${evidence.hours} h: find who still calls it (another record, a hard-coded URL?)`,
      );
    }
  }
  return reasons;
}
