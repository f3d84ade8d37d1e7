import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AccessLogLocation } from '../../domain/decommission/access-log';

/** An Application Load Balancer's DNS name and, when its access logs are on, where they go. */
export interface AlbFacts {
  readonly dnsName?: string;
  /** @default - access logs off */
  readonly accessLogs?: AccessLogLocation;
}

const ARN = /^arn:[^:]+:elasticloadbalancing:([^:]+):(\d+):loadbalancer\/(app\/[^/]+\/[^/]+)$/;

/**
 * Reads the load balancer's own attributes (`access_logs.s3.enabled`, `.bucket`, `.prefix`,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html)
 * rather than the environment's option settings (`aws:elbv2:loadbalancer` AccessLogsS3Enabled,
 * AccessLogsS3Bucket, AccessLogsS3Prefix,
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html#command-options-general-elbv2):
 * Beanstalk writes those options into these attributes of its own load balancer, and a shared
 * load balancer has only the attributes. What the load balancer does is what counts.
 */
export async function describeAlb(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<AlbFacts> {
  const parts = ARN.exec(arn);
  const [described, attributes] = await Promise.all([
    elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })),
    elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })),
  ]);
  const attribute = (key: string) => attributes.Attributes?.find((candidate) => candidate.Key === key)?.Value;
  const bucket = attribute('access_logs.s3.bucket');
  const enabled = attribute('access_logs.s3.enabled') === 'true' && bucket && parts;
  return {
    dnsName: described.LoadBalancers?.[0]?.DNSName,
    accessLogs: enabled
      ? { bucket, prefix: attribute('access_logs.s3.prefix') || undefined, region: parts[1], account: parts[2], loadBalancerId: parts[3] }
      : undefined,
  };
}
