import {
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  type Route53Client,
  type RRType,
} from '@aws-sdk/client-route-53';
import { normalizeDnsName } from '../../domain/naming';
import type { LiveRecord } from '../../domain/traffic/live-record';

/** The record type of every weighted record the CDK app writes. */
const RECORD_TYPE: RRType = 'CNAME';

/**
 * The weighted CNAME records of the zone, by record name, for the names asked for.
 *
 * ListResourceRecordSets has no paginator in the SDK: each page names where the next one starts
 * (NextRecordName, NextRecordType and, inside a weighted group, NextRecordIdentifier). Records
 * are keyed by name and set identifier so that a page that starts again inside a group (as
 * emulators without NextRecordIdentifier do) adds nothing twice. For a single name the listing
 * starts at that name and stops once past it, since Route 53 lists a name's records together.
 */
export async function readWeightedRecords(
  route53: Route53Client,
  hostedZoneId: string,
  names: readonly string[],
  pageSize?: number,
): Promise<Map<string, LiveRecord[]>> {
  const wanted = new Set(names.map(normalizeDnsName));
  const byName = new Map<string, Map<string, LiveRecord>>();
  const only = wanted.size === 1 ? [...wanted][0] : undefined;
  let request: ListResourceRecordSetsCommandInput = {
    HostedZoneId: hostedZoneId,
    MaxItems: pageSize,
    ...(only && { StartRecordName: `${only}.`, StartRecordType: RECORD_TYPE }),
  };
  const seenPages = new Set<string>();
  for (;;) {
    const page = await route53.send(new ListResourceRecordSetsCommand(request));
    let pastTheName = false;
    for (const record of page.ResourceRecordSets ?? []) {
      const name = normalizeDnsName(record.Name ?? '');
      if (only && name !== only) {
        pastTheName = true;
        break;
      }
      if (!wanted.has(name) || record.Type !== RECORD_TYPE || record.SetIdentifier === undefined || record.Weight === undefined) continue;
      const group = byName.get(name) ?? new Map<string, LiveRecord>();
      byName.set(name, group);
      group.set(record.SetIdentifier, {
        name,
        setIdentifier: record.SetIdentifier,
        weight: record.Weight,
        value: record.ResourceRecords?.[0]?.Value,
        healthCheckId: record.HealthCheckId,
      });
    }
    if (pastTheName || !page.IsTruncated) break;
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
  return new Map([...byName].map(([name, group]) => [name, [...group.values()]]));
}
