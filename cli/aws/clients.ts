import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { ROUTE53_REGION } from '../../domain/edge/route53';

/*
 * Credentials and endpoints come from the SDK's standard chain (AWS_PROFILE, AWS_ACCESS_KEY_ID,
 * AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, ...), so every command runs unchanged against an
 * emulator. The region is not taken from AWS_REGION but from where the resources live: the
 * config's region for Beanstalk and the load balancers, us-east-1 for Route 53. A stray
 * AWS_REGION in an operator's shell would otherwise send a decommission check to an empty region
 * and report "no requests".
 */

export function route53Client(): Route53Client {
  return new Route53Client({ region: ROUTE53_REGION });
}

export function cloudWatchClient(region: string): CloudWatchClient {
  return new CloudWatchClient({ region });
}

export function beanstalkClient(region: string): ElasticBeanstalkClient {
  return new ElasticBeanstalkClient({ region });
}

export function elbv2Client(region: string): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ region });
}

/** Access logs sit in a bucket of the load balancer's own region (ELB requires it). */
export function s3Client(region: string): S3Client {
  return new S3Client({ region });
}
