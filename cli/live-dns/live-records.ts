import {
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { normalizeDnsName } from '../../domain/naming';
import type { LiveAlias, LiveRecord } from '../../domain/traffic/live-record';

/** The record type of every weighted record the DNS stack writes. */
const WEIGHTED_TYPE = 'CNAME';
/** The record types of a per-target alias (A for IPv4; AAAA may sit beside it). */
const ALIAS_TYPES = new Set(['A', 'AAAA']);
/**
 * Up to this many names, each is listed from its own position (one call each, usually); past it,
 * the whole zone is listed once, 300 records a call, which costs less for a fleet.
 */
const MAX_NAMES_LISTED_ONE_BY_ONE = 8;

/** What a zone serves at the names asked for. */
export interface ZoneRecords {
  /** Weighted CNAMEs by name. */
  readonly weighted: Map<string, LiveRecord[]>;
  /** Alias records (A, else AAAA) by name. */
  readonly aliases: Map<string, LiveAlias>;
}

/**
 * The weighted CNAME records and alias records of the zone, by name, for the names asked for.
 *
 * ListResourceRecordSets has no paginator in the SDK: each page names where the next one starts
 * (NextRecordName, NextRecordType and, inside a weighted group, NextRecordIdentifier). Records
 * are keyed by name and set identifier so that a page that starts again inside a group (as
 * emulators without NextRecordIdentifier do) adds nothing twice. A few names are each listed
 * from their own position and the listing stops once past the name, since Route 53 lists a
 * name's records together (in reverse label order,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html).
 */
export async function readZoneRecords(
  route53: Route53Client,
  hostedZoneId: string,
  names: readonly string[],
  pageSize?: number,
): Promise<ZoneRecords> {
  const wanted = [...new Set(names.map(normalizeDnsName))];
  const result: ZoneRecords = { weighted: new Map(), aliases: new Map() };
  const groups = new Map<string, Map<string, LiveRecord>>();
  const take = (record: ResourceRecordSet) => collect(record, wanted, groups, result.aliases);
  if (wanted.length <= MAX_NAMES_LISTED_ONE_BY_ONE) {
    for (const name of wanted) await listFrom(route53, hostedZoneId, pageSize, name, take);
  } else {
    await listFrom(route53, hostedZoneId, pageSize, undefined, take);
  }
  for (const [name, group] of groups) result.weighted.set(name, [...group.values()]);
  return result;
}

function collect(
  record: ResourceRecordSet,
  wanted: readonly string[],
  groups: Map<string, Map<string, LiveRecord>>,
  aliases: Map<string, LiveAlias>,
): void {
  const name = normalizeDnsName(record.Name ?? '');
  if (!wanted.includes(name)) return;
  if (record.Type === WEIGHTED_TYPE && record.SetIdentifier !== undefined && record.Weight !== undefined) {
    const group = groups.get(name) ?? new Map<string, LiveRecord>();
    groups.set(name, group);
    group.set(record.SetIdentifier, {
      name,
      setIdentifier: record.SetIdentifier,
      weight: record.Weight,
      value: record.ResourceRecords?.[0]?.Value,
      healthCheckId: record.HealthCheckId,
    });
  } else if (ALIAS_TYPES.has(record.Type ?? '') && record.AliasTarget?.DNSName && record.SetIdentifier === undefined) {
    // An A record wins over its AAAA sibling; both name the same load balancer.
    if (record.Type === 'A' || !aliases.has(name)) {
      aliases.set(name, { name, dnsName: record.AliasTarget.DNSName, hostedZoneId: record.AliasTarget.HostedZoneId });
    }
  }
}

/** Lists the zone from `start` (or its beginning), page by page; from a name, only that name. */
async function listFrom(
  route53: Route53Client,
  hostedZoneId: string,
  pageSize: number | undefined,
  start: string | undefined,
  take: (record: ResourceRecordSet) => void,
): Promise<void> {
  let request: ListResourceRecordSetsCommandInput = {
    HostedZoneId: hostedZoneId,
    MaxItems: pageSize,
    ...(start && { StartRecordName: `${start}.` }),
  };
  const seenPages = new Set<string>();
  for (;;) {
    const page = await route53.send(new ListResourceRecordSetsCommand(request));
    for (const record of page.ResourceRecordSets ?? []) {
      if (start && normalizeDnsName(record.Name ?? '') !== start) return;
      take(record);
    }
    if (!page.IsTruncated) return;
    const next = `${page.NextRecordName}|${page.NextRecordType}|${page.NextRecordIdentifier ?? ''}`;
    if (seenPages.has(next)) {
      throw new Error(`Route 53 pagination of zone ${hostedZoneId} does not advance (next page ${next} again)`);
    }
    seenPages.add(next);
    request = {
      ...request,
      StartRecordName: page.NextRecordName,
      StartRecordType: page.NextRecordType,
      StartRecordIdentifier: page.NextRecordIdentifier,
    };
  }
}
