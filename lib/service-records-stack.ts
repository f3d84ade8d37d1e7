import { Duration, NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { BEANSTALK, expectsRecord, type KubeshiftConfig, type ServiceConfig } from '../config';
import { WeightedRecordGroup, type WeightedTarget } from '../constructs';
import { loadBalancerParameterName } from '../domain/naming';

export interface ServiceRecordsStackProps extends NestedStackProps {
  readonly config: KubeshiftConfig;
  readonly service: ServiceConfig;
  readonly zone: route53.IHostedZone;
}

/**
 * One service's weighted record groups, one per environment: a nested stack per service, so a
 * record never moves between templates as the fleet grows.
 */
export class ServiceRecordsStack extends NestedStack {
  /** The record group per environment. */
  readonly groups: ReadonlyMap<string, WeightedRecordGroup>;

  constructor(scope: Construct, id: string, props: ServiceRecordsStackProps) {
    super(scope, id, props);
    const { config, service } = props;
    const groups = new Map<string, WeightedRecordGroup>();
    for (const entry of service.environments) {
      const targets: WeightedTarget[] = Object.entries(entry.weights).flatMap(([target, weight]) => {
        // A Beanstalk environment already deleted (weight 0, no cname) keeps no record.
        if (!expectsRecord(entry, target)) return [];
        if (target !== BEANSTALK) {
          // Resolved at deploy time from what the cluster stack published: no export, no lookup.
          const hostname = ssm.StringParameter.valueForStringParameter(
            this,
            loadBalancerParameterName(config.app, target, entry.environment, service.name),
          );
          return [{ setIdentifier: target, hostname, weight }];
        }
        return [{ setIdentifier: BEANSTALK, hostname: entry.beanstalk!.cname!, weight }];
      });
      groups.set(
        entry.environment,
        new WeightedRecordGroup(this, entry.environment, {
          zone: props.zone,
          recordName: entry.recordName,
          ttl: Duration.seconds(config.dns.ttl),
          healthCheckPath: entry.healthCheckPath,
          targets,
        }),
      );
    }
    this.groups = groups;
  }
}
