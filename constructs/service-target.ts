import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { ServiceTargetGroup } from '../domain/edge/target-group';

/**
 * How the load balancer checks each pod: on the service's health-check path, every 10 s, in
 * service after 2 passes and out after 2 failures (the AWS Load Balancer Controller's own
 * defaults for the target groups it makes are 15 s, 2 and 2), answering in the range a
 * Kubernetes httpGet probe accepts (200–399). With the readiness gate a rollout waits for these
 * passes. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
 */
export const TARGET_HEALTH_CHECK = {
  interval: Duration.seconds(10),
  timeout: Duration.seconds(5),
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 2,
  healthyHttpCodes: '200-399',
} as const;

export interface ServiceTargetProps {
  /** The cluster's VPC, where the pods' IPs are. */
  readonly vpc: ec2.IVpc;
  /** The environment's load balancer (for the alias record). */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Its HTTPS listener, where the host rule goes. */
  readonly listener: elbv2.IApplicationListener;
  /** Name and port of the target group (domain/edge/target-group.ts). */
  readonly targetGroup: ServiceTargetGroup;
  /** The service's health-check path. */
  readonly healthCheckPath: string;
  /** How long a deregistered pod keeps its in-flight requests (domain/edge/draining.ts). */
  readonly deregistrationDelay: Duration;
  /** The rule's priority, unique on the listener (domain/edge/listener-rules.ts). */
  readonly priority: number;
  /** The host names the rule sends to the target group: the weighted name and the per-target name. */
  readonly hostNames: readonly string[];
  /** The hosted zone of the per-target name. */
  readonly zone: route53.IHostedZone;
  /** The per-target name, `<service>.<cluster>[.<subdomain>].<zone>`: an alias of the load balancer. */
  readonly recordName: string;
}

/**
 * One service in one environment on one cluster, as the load balancer sees it: a target group of
 * pod IPs (the AWS Load Balancer Controller registers them through the chart's
 * TargetGroupBinding), a listener rule on the service's host names, and the per-target name.
 */
export class ServiceTarget extends Construct {
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly record: route53.ARecord;

  constructor(scope: Construct, id: string, props: ServiceTargetProps) {
    super(scope, id);
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      targetGroupName: props.targetGroup.name,
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      protocolVersion: elbv2.ApplicationProtocolVersion.HTTP1,
      port: props.targetGroup.port,
      deregistrationDelay: props.deregistrationDelay,
      // Explicit, though an ALB always balances across zones: the zone spread of the pods is not the traffic's.
      crossZoneEnabled: true,
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath,
        protocol: elbv2.Protocol.HTTP,
        port: 'traffic-port',
        ...TARGET_HEALTH_CHECK,
      },
    });

    new elbv2.ApplicationListenerRule(this, 'Rule', {
      listener: props.listener,
      priority: props.priority,
      conditions: [elbv2.ListenerCondition.hostHeaders([...props.hostNames])],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });

    // From the first deploy, weight 0 included: a warming cluster can be tried and health-checked by name.
    this.record = new route53.ARecord(this, 'Record', {
      zone: props.zone,
      recordName: `${props.recordName}.`,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(props.loadBalancer)),
    });
  }
}
