import { Annotations, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ROUTE53_REGION } from '../domain/edge/route53';
import type { HealthCheckSpec } from '../domain/edge/weighted-targets';

/** Route 53 checks every 30 s (the standard interval) and calls a target down after 3 misses. */
export const HEALTH_CHECK_INTERVAL = Duration.seconds(30);
export const HEALTH_CHECK_FAILURE_THRESHOLD = 3;
/**
 * Route 53 publishes `HealthCheckStatus` once a minute
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-cloudwatch.html).
 * Its value is already Route 53's verdict after the failure threshold, so one unhealthy minute
 * means the record has left the answers: the alarm fires on it.
 */
export const HEALTH_ALARM_PERIOD = Duration.minutes(1);
export const HEALTH_ALARM_EVALUATION_PERIODS = 1;

export interface TargetHealthCheckProps {
  /** What Route 53 requests, and where. */
  readonly spec: HealthCheckSpec;
  /** The `Name` tag, shown in the Route 53 console's list of health checks. */
  readonly name: string;
  /** The CloudWatch alarm's name, unique in the account and region. */
  readonly alarmName: string;
}

/**
 * A Route 53 health check of one target, named by a `Name` tag, with a CloudWatch alarm on its
 * status. The alarm reads `AWS/Route53 HealthCheckStatus`, which exists in us-east-1 only: the
 * construct must be in a stack there (an error at synth otherwise).
 */
export class TargetHealthCheck extends Construct {
  /** The Route 53 health check, for the target's record. */
  readonly healthCheck: route53.HealthCheck;
  /** In ALARM while Route 53 holds the target unhealthy. */
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: TargetHealthCheckProps) {
    super(scope, id);
    const { spec } = props;
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== ROUTE53_REGION) {
      Annotations.of(this).addError(
        `the alarm of health check ${props.name} must be in ${ROUTE53_REGION}, where Route 53 publishes HealthCheckStatus; its stack is in ${region}`,
      );
    }
    // "Default": the health check takes this construct's place in logical ids, as it had before the alarm came.
    this.healthCheck = new route53.HealthCheck(this, 'Default', {
      type: spec.protocol === 'HTTPS' ? route53.HealthCheckType.HTTPS : route53.HealthCheckType.HTTP,
      fqdn: spec.fqdn,
      port: spec.port,
      resourcePath: spec.path,
      // Sends the host in the TLS client_hello, so the load balancer picks the certificate for it.
      enableSNI: spec.protocol === 'HTTPS' ? true : undefined,
      requestInterval: HEALTH_CHECK_INTERVAL,
      failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
    });
    // Route 53 shows the Name tag in its console's list of health checks
    // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-tagging.html).
    Tags.of(this.healthCheck).add('Name', props.name);
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmName: props.alarmName,
      alarmDescription: `Route 53 health check ${props.name} is unhealthy: ${spec.protocol} ${spec.fqdn}:${spec.port}${spec.path} fails, so Route 53 leaves its record out of the answers`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Route53',
        metricName: 'HealthCheckStatus',
        dimensionsMap: { HealthCheckId: this.healthCheck.healthCheckId },
        statistic: cloudwatch.Stats.MINIMUM,
        period: HEALTH_ALARM_PERIOD,
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      evaluationPeriods: HEALTH_ALARM_EVALUATION_PERIODS,
      // A new check has no data for its first minutes: INSUFFICIENT_DATA, not ALARM.
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
  }
}
