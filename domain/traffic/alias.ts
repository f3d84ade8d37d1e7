import { normalizeDnsName } from '../naming';

/**
 * An alias target's DNS name as compared with a load balancer's: lower case, no trailing dot,
 * and without the `dualstack.` prefix that Route 53 alias records to an ELB load balancer carry
 * (CDK's LoadBalancerTarget adds it, "all alias records in Route 53 that point to an Elastic
 * Load Balancer will always include dualstack",
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_route53_targets-readme.html;
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html).
 */
export function aliasDnsName(name: string): string {
  return normalizeDnsName(name).replace(/^dualstack\./, '');
}

/** Whether an alias target names this load balancer. */
export function aliasPointsAt(aliasTarget: string, loadBalancerDnsName: string): boolean {
  return aliasDnsName(aliasTarget) === aliasDnsName(loadBalancerDnsName);
}
