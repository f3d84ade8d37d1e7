import type { ServiceEnvironment } from '../../config';
import { targetGroupName } from '../naming';

/**
 * The target group of one service in one environment on one cluster, as both the stack (which
 * creates it) and the chart's TargetGroupBinding (which names it) see it.
 */

/** Plain HTTP to the pods: TLS ends at the load balancer. */
export const TARGET_PROTOCOL = 'HTTP';
/** HTTP/1.1 to the pods, what every Beanstalk app speaks. */
export const TARGET_PROTOCOL_VERSION = 'HTTP1';
/** Pod IPs are the targets (the VPC CNI gives every pod a VPC address): no NodePort hop. */
export const TARGET_TYPE = 'ip';

export interface ServiceTargetGroup {
  /** The target group's name, also its TargetGroupBinding's. */
  readonly name: string;
  /** The pods' port: targets are registered on it and health-checked there. */
  readonly port: number;
  /** The VPC the target group lives in (the cluster's). */
  readonly vpcId: string;
}

/**
 * The target group of a service environment on a cluster. Its name hashes every property whose
 * change makes CloudFormation replace the target group (port, protocol, protocol version, target
 * type, VPC: "Update requires: Replacement" in
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-targetgroup.html),
 * and the load-balancer group, whose change moves it to another stack. A replacement is thus a new
 * name, never one ELB still holds (CreateTargetGroup with the settings of an existing group
 * "succeeds" by returning it: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html),
 * and a new TargetGroupBinding, whose target group the controller's webhook does not let change.
 */
export function serviceTargetGroup(app: string, vpcId: string, cluster: string, entry: ServiceEnvironment): ServiceTargetGroup {
  const name = targetGroupName({ app, cluster, environment: entry.environment, service: entry.service }, [
    entry.port,
    TARGET_PROTOCOL,
    TARGET_PROTOCOL_VERSION,
    TARGET_TYPE,
    vpcId,
    entry.loadBalancerGroup,
  ]);
  return { name, port: entry.port, vpcId };
}
