import {
  DescribeEnvironmentResourcesCommand,
  DescribeEnvironmentsCommand,
  type DescribeEnvironmentsCommandOutput,
  type ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import type { BeanstalkEnvironment } from '../../domain/decommission/verdict';
import { normalizeDnsName } from '../../domain/naming';

/** DescribeEnvironments' largest page. */
const PAGE_SIZE = 1000;

/**
 * The live environment whose CNAME is `cname`, or undefined. The config knows an environment by
 * the CNAME its record points at, not by name, and DescribeEnvironments cannot filter on it:
 * the account's environments are listed, page by page, and matched here.
 */
export async function findEnvironmentByCname(beanstalk: ElasticBeanstalkClient, cname: string): Promise<BeanstalkEnvironment | undefined> {
  let nextToken: string | undefined;
  do {
    const page: DescribeEnvironmentsCommandOutput = await beanstalk.send(
      new DescribeEnvironmentsCommand({ IncludeDeleted: false, MaxRecords: PAGE_SIZE, NextToken: nextToken }),
    );
    const match = page.Environments?.find(
      (environment) => environment.CNAME && normalizeDnsName(environment.CNAME) === normalizeDnsName(cname),
    );
    if (match) {
      return { name: match.EnvironmentName!, id: match.EnvironmentId!, status: match.Status, application: match.ApplicationName };
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

/**
 * The environment's load balancers: a name for a Classic Load Balancer, an ARN for an
 * Application or Network Load Balancer. Empty for a single-instance environment.
 */
export async function loadBalancersOf(beanstalk: ElasticBeanstalkClient, environmentId: string): Promise<string[]> {
  const response = await beanstalk.send(new DescribeEnvironmentResourcesCommand({ EnvironmentId: environmentId }));
  return (response.EnvironmentResources?.LoadBalancers ?? []).flatMap((loadBalancer) => (loadBalancer.Name ? [loadBalancer.Name] : []));
}
