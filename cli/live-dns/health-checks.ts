import {
  ListHealthChecksCommand,
  ListTagsForResourcesCommand,
  type ListHealthChecksCommandOutput,
  type Route53Client,
} from '@aws-sdk/client-route-53';

/** ListHealthChecks' largest page. */
const HEALTH_CHECKS_PER_PAGE = 1000;
/** ListTagsForResources takes up to 10 health checks a call (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListTagsForResources.html). */
const TAGGED_PER_CALL = 10;
/** The tag the DNS stack names each health check by: `<service>/<environment>/<target>`. */
const NAME_TAG = 'Name';

/**
 * Every health check of the account by its `Name` tag (a name may carry more than one id while
 * CloudFormation replaces a check). A target's health check is found this way, not through its
 * record, because a cluster at weight 0 has a health check but no record. Route 53 cannot
 * filter health checks by tag: all are listed, and their tags read ten at a time; the default
 * quota of 200 health checks an account makes that 20 calls.
 */
export async function readHealthChecksByName(route53: Route53Client): Promise<Map<string, string[]>> {
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page: ListHealthChecksCommandOutput = await route53.send(
      new ListHealthChecksCommand({ Marker: marker, MaxItems: HEALTH_CHECKS_PER_PAGE }),
    );
    ids.push(...(page.HealthChecks ?? []).flatMap((check) => (check.Id ? [check.Id] : [])));
    marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (marker);

  const byName = new Map<string, string[]>();
  for (let offset = 0; offset < ids.length; offset += TAGGED_PER_CALL) {
    const response = await route53.send(
      new ListTagsForResourcesCommand({ ResourceType: 'healthcheck', ResourceIds: ids.slice(offset, offset + TAGGED_PER_CALL) }),
    );
    for (const set of response.ResourceTagSets ?? []) {
      const name = set.Tags?.find((tag) => tag.Key === NAME_TAG)?.Value;
      if (!name || !set.ResourceId) continue;
      byName.set(name, [...(byName.get(name) ?? []), set.ResourceId]);
    }
  }
  return byName;
}
