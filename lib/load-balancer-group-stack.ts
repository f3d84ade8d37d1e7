import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { KubeshiftConfig } from '../config';
import { EnvironmentLoadBalancer, type ClusterEdge } from '../constructs';
import type { LoadBalancerSlot } from '../domain/edge/load-balancers';
import { loadBalancerCertificateNames, loadBalancerLogPrefix, loadBalancerTags } from '../domain/naming';
import type { Construct } from 'constructs';

export interface LoadBalancerGroupStackProps extends NestedStackProps {
  readonly config: KubeshiftConfig;
  /** Cluster name in the config (`blue`). */
  readonly cluster: string;
  /** `services.<svc>.loadBalancerGroup` of the services this group serves. */
  readonly group: number;
  /** The group's load balancers, one per environment it serves (domain/edge/load-balancers.ts). */
  readonly slots: readonly LoadBalancerSlot[];
  /** Whether the load balancers refuse deletion (`clusters.<name>.deletionProtection`). */
  readonly deletionProtection: boolean;
  readonly vpc: ec2.IVpc;
  readonly zone: route53.IHostedZone;
  /** The cluster's shared security group and log bucket. */
  readonly edge: ClusterEdge;
}

/**
 * One load-balancer group of a cluster: per environment it serves, one Application Load Balancer
 * (constructs/environment-load-balancer.ts). The services of groups 2 and up are nested stacks
 * of this one, so a cluster stack stays within CloudFormation's 500 resources however many
 * groups a fleet needs; those of group 1 stay nested stacks of the cluster stack, where every
 * service was before groups existed, so that no deployed service's stack moves (a moved stack
 * would create its manifests anew, which kubectl refuses for objects that already exist, and
 * delete the old ones, which deletes the very objects by name).
 */
export class LoadBalancerGroupStack extends NestedStack {
  /** The load balancer of each environment this group serves. */
  readonly loadBalancers: ReadonlyMap<string, EnvironmentLoadBalancer>;

  constructor(scope: Construct, id: string, props: LoadBalancerGroupStackProps) {
    super(scope, id, props);
    const { config } = props;
    const loadBalancers = new Map<string, EnvironmentLoadBalancer>();
    for (const slot of props.slots) {
      const environment = config.environments.find((candidate) => candidate.name === slot.environment)!;
      loadBalancers.set(
        slot.environment,
        new EnvironmentLoadBalancer(this, slot.environment, {
          vpc: props.vpc,
          securityGroup: props.edge.securityGroup,
          zone: props.zone,
          certificateNames: loadBalancerCertificateNames(props.cluster, environment.subdomain, config.dns.zoneName),
          certificateArn: config.dns.certificateArn,
          accessLogs: { bucket: props.edge.logBucket, prefix: loadBalancerLogPrefix(slot.environment) },
          deletionProtection: props.deletionProtection,
          webAclArn: environment.webAclArn,
          tags: loadBalancerTags(config.app, props.cluster, slot.environment, props.group),
        }),
      );
    }
    this.loadBalancers = loadBalancers;
  }
}
