import { Annotations, Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { TargetHealthCheck, type TargetHealthCheckProps } from './target-health-check';

/** One target of a weighted group: its health check, and where its traffic goes while it has weight. */
export interface WeightedTarget {
  /** SetIdentifier: `beanstalk` or a cluster name. Never a value that changes in normal use. */
  readonly setIdentifier: string;
  /** The CNAME's value: a per-target name or a Beanstalk CNAME. */
  readonly hostname: string;
  /** Route 53 weight, 0–255. At 0 the target has no record, only its health check. */
  readonly weight: number;
  /** The target's health check, which its record (if any) is attached to. */
  readonly healthCheck: TargetHealthCheckProps;
}

export interface WeightedRecordGroupProps {
  /** The zone that holds the record. */
  readonly zone: route53.IHostedZone;
  /** Fully qualified record name, e.g. `auth.example.com.br`. */
  readonly recordName: string;
  /** TTL shared by every record of the group (Route 53 requires one TTL per name and type). */
  readonly ttl: Duration;
  /** The targets and their weights. */
  readonly targets: readonly WeightedTarget[];
}

/**
 * One DNS name whose traffic is split by weight between targets: a health check (with its alarm)
 * per target, and a weighted CNAME only for a target whose weight is above 0. Route 53 answers
 * with zero-weighted records whenever every other record is unhealthy
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html), so a
 * weight of 0 must mean no record: then it takes no traffic, ever. Construct ids and
 * SetIdentifiers are the target names, so a change between two weights above 0 is an in-place
 * update of one record's `Weight`, and a move from 0 adds exactly one record.
 */
export class WeightedRecordGroup extends Construct {
  /** Health check per SetIdentifier: every target. */
  readonly healthChecks: Readonly<Record<string, TargetHealthCheck>>;
  /** Record per SetIdentifier: the targets with weight above 0. */
  readonly records: Readonly<Record<string, route53.CnameRecord>>;

  constructor(scope: Construct, id: string, props: WeightedRecordGroupProps) {
    super(scope, id);
    const healthChecks: Record<string, TargetHealthCheck> = {};
    const records: Record<string, route53.CnameRecord> = {};
    for (const target of props.targets) {
      const check = new TargetHealthCheck(this, `${target.setIdentifier}-HealthCheck`, target.healthCheck);
      healthChecks[target.setIdentifier] = check;
      if (target.weight === 0) continue;
      records[target.setIdentifier] = new route53.CnameRecord(this, target.setIdentifier, {
        zone: props.zone,
        recordName: props.recordName,
        domainName: target.hostname,
        ttl: props.ttl,
        weight: target.weight,
        setIdentifier: target.setIdentifier,
        healthCheck: check.healthCheck,
      });
    }
    if (Object.keys(records).length === 0) {
      Annotations.of(this).addError(`${props.recordName}: no target has a weight above 0, so the name would not resolve`);
    }
    this.healthChecks = healthChecks;
    this.records = records;
  }
}
