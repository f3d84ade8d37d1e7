import { Annotations, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { DEFAULT_LOAD_BALANCER_GROUP, type KubeshiftConfig } from '../config';
import { healthCheckQuotaFindings } from '../domain/edge/health-check-quota';
import { ServiceRecordsStack } from './service-records-stack';

export interface DnsStackProps extends StackProps {
  readonly config: KubeshiftConfig;
}

/**
 * Every service's one DNS name, split by weight between its Beanstalk environment and the
 * clusters' per-target names, in the existing hosted zone, with a health check and an alarm per
 * target. Traffic moves when a weight in the config changes and this stack is deployed. It reads
 * nothing from the cluster stacks, so it deploys, diffs and is destroyed on its own.
 */
export class DnsStack extends Stack {
  /** Per-service nested stacks, by service name. */
  readonly services: ReadonlyMap<string, ServiceRecordsStack>;

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: config.dns.hostedZoneId,
      zoneName: config.dns.zoneName,
    });
    // As in the cluster stack: a service's records stack sits in the DNS stack for group 1 (where
    // every service was before groups existed, so no record moves) and in its group's nested stack
    // past it, so the DNS stack holds at most ~100 service stacks plus one per further group,
    // within CloudFormation's 500 resources for fleets of 1,000 services and more.
    const groups = new Map<number, NestedStack>();
    const scopeOf = (group: number): Construct => {
      if (group === DEFAULT_LOAD_BALANCER_GROUP) return this;
      if (!groups.has(group)) {
        groups.set(
          group,
          new NestedStack(this, `RecordsGroup-${group}`, { description: `kubeshift: weighted records of load-balancer group ${group}` }),
        );
      }
      return groups.get(group)!;
    };
    const services = new Map<string, ServiceRecordsStack>();
    for (const service of config.services) {
      services.set(
        service.name,
        new ServiceRecordsStack(scopeOf(service.loadBalancerGroup), `Service-${service.name}`, {
          config,
          service,
          zone,
          description: `kubeshift: weighted records of ${service.name}`,
        }),
      );
    }
    this.services = services;
    for (const finding of healthCheckQuotaFindings(config)) Annotations.of(this).addWarningV2(finding.id, finding.message);
  }
}
