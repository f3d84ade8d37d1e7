import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type DescribeLoadBalancersCommandOutput,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { LOAD_BALANCER_TAGS, loadBalancerTags } from '../../domain/naming';
import type { LoadBalancerRef } from '../../domain/traffic/live-record';

/** DescribeLoadBalancers' largest page. */
const LOAD_BALANCERS_PER_PAGE = 400;
/** DescribeTags takes up to 20 ARNs a call (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTags.html). */
const TAGGED_PER_CALL = 20;

/** Finds the load balancers tagged for a cluster, environment and load-balancer group. */
export type LoadBalancerLookup = (cluster: string, environment: string, group: number) => LoadBalancerRef[];

/**
 * The app's cluster load balancers in the region, found by the tags every one carries
 * (LOAD_BALANCER_TAGS): no stack output is read, so a load balancer the cluster stack replaced
 * is found as it is now.
 */
export async function readClusterLoadBalancers(elbv2: ElasticLoadBalancingV2Client, app: string): Promise<LoadBalancerLookup> {
  const all: LoadBalancer[] = [];
  let marker: string | undefined;
  do {
    const page: DescribeLoadBalancersCommandOutput = await elbv2.send(
      new DescribeLoadBalancersCommand({ Marker: marker, PageSize: LOAD_BALANCERS_PER_PAGE }),
    );
    all.push(...(page.LoadBalancers ?? []));
    marker = page.NextMarker;
  } while (marker);

  const tagged: { ref: LoadBalancerRef; tags: Map<string, string> }[] = [];
  for (let offset = 0; offset < all.length; offset += TAGGED_PER_CALL) {
    const batch = all.slice(offset, offset + TAGGED_PER_CALL);
    const response = await elbv2.send(
      new DescribeTagsCommand({ ResourceArns: batch.map((loadBalancer) => loadBalancer.LoadBalancerArn!) }),
    );
    for (const description of response.TagDescriptions ?? []) {
      const tags = new Map((description.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
      if (tags.get(LOAD_BALANCER_TAGS.app) !== app) continue;
      const loadBalancer = batch.find((candidate) => candidate.LoadBalancerArn === description.ResourceArn);
      if (!loadBalancer?.DNSName) continue;
      tagged.push({
        ref: {
          arn: loadBalancer.LoadBalancerArn!,
          dnsName: loadBalancer.DNSName,
          canonicalHostedZoneId: loadBalancer.CanonicalHostedZoneId,
        },
        tags,
      });
    }
  }
  return (cluster, environment, group) => {
    const wanted = Object.entries(loadBalancerTags(app, cluster, environment, group));
    return tagged.filter(({ tags }) => wanted.every(([key, value]) => tags.get(key) === value)).map(({ ref }) => ref);
  };
}
