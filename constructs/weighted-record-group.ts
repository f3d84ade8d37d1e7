import { Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/** Route 53 checks every 30 s (the standard interval) and calls a target down after 3 misses. */
export const HEALTH_CHECK_INTERVAL = Duration.seconds(30);
export const HEALTH_CHECK_FAILURE_THRESHOLD = 3;
/** Beanstalk environments and the services' load balancers both listen on HTTP port 80. */
export const HEALTH_CHECK_PORT = 80;

/** One target of a weighted group: where traffic goes and how much of it. */
export interface WeightedTarget {
  /** SetIdentifier: `beanstalk` or a cluster name. Never a value that changes in normal use. */
  readonly setIdentifier: string;
  /** The CNAME target (a Beanstalk CNAME or a load-balancer hostname, possibly a deploy-time token). */
  readonly hostname: string;
  /** Route 53 weight, 0–255. */
  readonly weight: number;
}

export interface WeightedRecordGroupProps {
  /** The zone that holds the record. */
  readonly zone: route53.IHostedZone;
  /** Fully qualified record name, e.g. `auth.example.com.br`. */
  readonly recordName: string;
  /** TTL shared by every record of the group (Route 53 requires one TTL per name and type). */
  readonly ttl: Duration;
  /** HTTP path the health checks request on every target. */
  readonly healthCheckPath: string;
  /** The targets and their weights. */
  readonly targets: readonly WeightedTarget[];
}

/**
 * One DNS name whose traffic is split by weight between targets: a CNAME record per target, each
 * with a Route 53 health check, so that an unhealthy target drops out and traffic falls back to
 * the others. Construct ids and SetIdentifiers are the target names, so a weight change is an
 * in-place update of one record's `Weight`, never a replacement.
 */
export class WeightedRecordGroup extends Construct {
  /** Health check per SetIdentifier. */
  readonly healthChecks: Readonly<Record<string, route53.HealthCheck>>;
  /** Record per SetIdentifier. */
  readonly records: Readonly<Record<string, route53.CnameRecord>>;

  constructor(scope: Construct, id: string, props: WeightedRecordGroupProps) {
    super(scope, id);
    const healthChecks: Record<string, route53.HealthCheck> = {};
    const records: Record<string, route53.CnameRecord> = {};
    for (const target of props.targets) {
      const healthCheck = new route53.HealthCheck(this, `${target.setIdentifier}-HealthCheck`, {
        type: route53.HealthCheckType.HTTP,
        fqdn: target.hostname,
        port: HEALTH_CHECK_PORT,
        resourcePath: props.healthCheckPath,
        requestInterval: HEALTH_CHECK_INTERVAL,
        failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
      });
      healthChecks[target.setIdentifier] = healthCheck;
      records[target.setIdentifier] = new route53.CnameRecord(this, target.setIdentifier, {
        zone: props.zone,
        recordName: props.recordName,
        domainName: target.hostname,
        ttl: props.ttl,
        weight: target.weight,
        setIdentifier: target.setIdentifier,
        healthCheck,
      });
    }
    this.healthChecks = healthChecks;
    this.records = records;
  }
}
