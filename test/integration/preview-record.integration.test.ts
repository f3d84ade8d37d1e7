import { ListResourceRecordSetsCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { PREVIEW_RECORD_TTL_SECONDS, Route53PreviewRecord } from '../../cli/delivery/preview-record';
import { previewWildcardName } from '../../domain/naming';
import { startMoto, type Moto } from './moto';
import { clients, createZone } from './seed';

/**
 * The previews' wildcard record written through the AWS SDK against Route 53's API (moto_server):
 * created, left alone when the address holds, replaced when the load balancer changes.
 */

/** The zone createZone makes. */
const ZONE = 'example.com.br';
let moto: Moto;
let route53: Route53Client;

beforeAll(async () => {
  moto = await startMoto();
  route53 = clients(moto.endpoint).route53;
});
afterAll(() => moto.stop());

async function previewRecords(zoneId: string) {
  const { ResourceRecordSets } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  return (ResourceRecordSets ?? [])
    .filter((record) => record.Type === 'CNAME')
    .map((record) => ({ name: record.Name, ttl: record.TTL, values: record.ResourceRecords?.map((value) => value.Value) }));
}

test('points *.preview.<zone> at the load balancer, once per address, and follows a new one', async () => {
  const zoneId = await createZone(route53);
  const record = new Route53PreviewRecord(route53, zoneId, previewWildcardName(ZONE));
  const first = 'k8s-kubeshiftpreviews-0123456789.sa-east-1.elb.amazonaws.com';

  await record.point(first);
  await record.point(first);
  const records = await previewRecords(zoneId);
  expect(records).toHaveLength(1);
  // Route 53 lists a wildcard's asterisk as \052 (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html).
  expect(records[0].name?.replace('\\052', '*')).toBe(`*.preview.${ZONE}.`);
  expect(records[0]).toMatchObject({ ttl: PREVIEW_RECORD_TTL_SECONDS, values: [first] });

  const second = 'k8s-kubeshiftpreviews-9876543210.sa-east-1.elb.amazonaws.com';
  await record.point(second);
  expect((await previewRecords(zoneId)).map((found) => found.values)).toEqual([[second]]);
});

test('deleted once no preview is left, whatever address it held; nothing to delete is no error', async () => {
  const zoneId = await createZone(route53);
  const written = new Route53PreviewRecord(route53, zoneId, previewWildcardName(ZONE));
  await written.point('k8s-kubeshiftpreviews-0123456789.sa-east-1.elb.amazonaws.com');
  // Another process (the next Lambda container) knows nothing of what this one wrote.
  const record = new Route53PreviewRecord(route53, zoneId, previewWildcardName(ZONE));
  expect(await record.remove()).toBe(true);
  expect(await previewRecords(zoneId)).toEqual([]);
  expect(await record.remove()).toBe(false);
});

test('a zone the record cannot be written in is an error naming it, not a silent skip', async () => {
  const record = new Route53PreviewRecord(route53, 'Z0000000000000000NONE', previewWildcardName(ZONE));
  await expect(record.point('k8s-kubeshiftpreviews-0123456789.sa-east-1.elb.amazonaws.com')).rejects.toThrow(
    /^write \*\.preview\.example\.com\.br in hosted zone Z0000000000000000NONE: NoSuchHostedZone: /,
  );
});
