import { Duration, NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { KubeshiftConfig, ServiceConfig } from '../config';
import { WeightedRecordGroup } from '../constructs';
import { weightedTargets } from '../domain/edge/weighted-targets';
import { healthCheckAlarmName } from '../domain/naming';

export interface ServiceRecordsStackProps extends NestedStackProps {
  readonly config: KubeshiftConfig;
  readonly service: ServiceConfig;
  readonly zone: route53.IHostedZone;
}

/**
 * One service's weighted record groups, one per environment: a nested stack per service, so a
 * record never moves between templates as the fleet grows. Everything it needs is in the config:
 * a cluster's record points at the cluster's per-target name, which the cluster stack owns, so
 * nothing is read from another stack.
 */
export class ServiceRecordsStack extends NestedStack {
  /** The record group per environment. */
  readonly groups: ReadonlyMap<string, WeightedRecordGroup>;

  constructor(scope: Construct, id: string, props: ServiceRecordsStackProps) {
    super(scope, id, props);
    const { config, service } = props;
    const groups = new Map<string, WeightedRecordGroup>();
    for (const entry of service.environments) {
      const group = new WeightedRecordGroup(this, entry.environment, {
        zone: props.zone,
        recordName: entry.recordName,
        ttl: Duration.seconds(config.dns.ttl),
        targets: weightedTargets(entry).map((target) => ({
          setIdentifier: target.target,
          hostname: target.recordValue,
          weight: target.weight,
          healthCheck: {
            spec: target.healthCheck,
            name: target.healthCheckName,
            alarmName: healthCheckAlarmName(config.app, entry.service, entry.environment, target.target),
          },
        })),
      });
      groups.set(entry.environment, group);
    }
    this.groups = groups;
  }
}
