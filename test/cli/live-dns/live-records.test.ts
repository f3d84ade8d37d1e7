import { ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { readZoneRecords } from '../../../cli/live-dns/live-records';

const readWeightedRecords = async (...args: Parameters<typeof readZoneRecords>) => (await readZoneRecords(...args)).weighted;

const route53Mock = mockClient(Route53Client);
beforeEach(() => route53Mock.reset());

/** Enough names that the whole zone is listed once rather than name by name. */
const MANY = ['auth', 'search', 'catalog', 'checkout', 'payments', 'content', 'progress', 'web-bff', 'live-classes'].map(
  (service) => `${service}.example.com.br`,
);

const weighted = (name: string, target: string, weight: number, healthCheckId?: string): ResourceRecordSet => ({
  Name: name,
  Type: 'CNAME',
  SetIdentifier: target,
  Weight: weight,
  TTL: 60,
  ResourceRecords: [{ Value: `${target}.example.net` }],
  HealthCheckId: healthCheckId,
});

test('pages with NextRecordName/Type/Identifier until the listing is complete', async () => {
  // given: a weighted group split across two pages
  route53Mock
    .on(ListResourceRecordSetsCommand, { StartRecordName: undefined })
    .resolves({
      ResourceRecordSets: [
        { Name: 'example.com.br.', Type: 'NS', ResourceRecords: [] },
        weighted('auth.example.com.br.', 'beanstalk', 90, 'hc-1'),
      ],
      IsTruncated: true,
      NextRecordName: 'auth.example.com.br.',
      NextRecordType: 'CNAME',
      NextRecordIdentifier: 'blue',
      MaxItems: 2,
    })
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'auth.example.com.br.', StartRecordType: 'CNAME', StartRecordIdentifier: 'blue' })
    .resolves({
      ResourceRecordSets: [weighted('auth.example.com.br.', 'blue', 10), weighted('search.example.com.br.', 'blue', 0)],
      IsTruncated: false,
      MaxItems: 2,
    });

  // when
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', MANY);

  // then
  expect(route53Mock.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(2);
  expect(records.get('auth.example.com.br')).toEqual([
    { name: 'auth.example.com.br', setIdentifier: 'beanstalk', weight: 90, value: 'beanstalk.example.net', healthCheckId: 'hc-1' },
    { name: 'auth.example.com.br', setIdentifier: 'blue', weight: 10, value: 'blue.example.net', healthCheckId: undefined },
  ]);
  expect(records.get('search.example.com.br')).toHaveLength(1);
});

test('compares names with and without the trailing dot, in any case', async () => {
  route53Mock
    .on(ListResourceRecordSetsCommand)
    .resolves({ ResourceRecordSets: [weighted('Auth.Example.com.br.', 'blue', 10)], IsTruncated: false });
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', MANY);
  expect(records.get('auth.example.com.br')?.[0].weight).toBe(10);
});

test('ignores records of other names, other types and without a weight', async () => {
  route53Mock.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      weighted('other.example.com.br.', 'blue', 10),
      { Name: 'auth.example.com.br.', Type: 'TXT', SetIdentifier: 'blue', Weight: 5, ResourceRecords: [] },
      { Name: 'auth.example.com.br.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x' }] },
    ],
    IsTruncated: false,
  });
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', MANY);
  expect(records.size).toBe(0);
});

test('a page that starts again inside a group (no NextRecordIdentifier) adds nothing twice', async () => {
  route53Mock
    .on(ListResourceRecordSetsCommand, { StartRecordName: undefined })
    .resolves({
      ResourceRecordSets: [weighted('auth.example.com.br.', 'beanstalk', 90)],
      IsTruncated: true,
      NextRecordName: 'auth.example.com.br.',
      NextRecordType: 'CNAME',
    })
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'auth.example.com.br.' })
    .resolves({
      ResourceRecordSets: [weighted('auth.example.com.br.', 'beanstalk', 90), weighted('auth.example.com.br.', 'blue', 10)],
      IsTruncated: false,
    });
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', MANY);
  expect(records.get('auth.example.com.br')?.map((record) => record.setIdentifier)).toEqual(['beanstalk', 'blue']);
});

test('a few names: each listed from its own position, stopping at the first record past it', async () => {
  route53Mock
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'auth.example.com.br.' })
    .resolves({
      ResourceRecordSets: [weighted('auth.example.com.br.', 'blue', 10), weighted('search.example.com.br.', 'blue', 5)],
      IsTruncated: true,
      NextRecordName: 'zzz.example.com.br.',
      NextRecordType: 'A',
    })
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'auth.blue.example.com.br.' })
    .resolves({
      ResourceRecordSets: [
        {
          Name: 'auth.blue.example.com.br.',
          Type: 'A',
          AliasTarget: { DNSName: 'dualstack.k-blue.elb.amazonaws.com.', HostedZoneId: 'ZELB', EvaluateTargetHealth: true },
        },
        {
          Name: 'auth.blue.example.com.br.',
          Type: 'AAAA',
          AliasTarget: { DNSName: 'dualstack.k-other.elb.amazonaws.com.', HostedZoneId: 'ZELB', EvaluateTargetHealth: true },
        },
      ],
      IsTruncated: false,
    });
  const zone = await readZoneRecords(new Route53Client({}), 'Z1', ['auth.example.com.br', 'Auth.Blue.example.com.br.']);
  expect(route53Mock.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input.StartRecordName)).toEqual([
    'auth.example.com.br.',
    'auth.blue.example.com.br.',
  ]);
  expect([...zone.weighted.keys()]).toEqual(['auth.example.com.br']);
  expect(zone.aliases.get('auth.blue.example.com.br')).toEqual({
    name: 'auth.blue.example.com.br',
    dnsName: 'dualstack.k-blue.elb.amazonaws.com.',
    hostedZoneId: 'ZELB',
  });
});

test('a weighted or plain record at a per-target name is not an alias', async () => {
  route53Mock.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      { Name: 'auth.blue.example.com.br.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'k-blue.elb.amazonaws.com' }] },
    ],
    IsTruncated: false,
  });
  const zone = await readZoneRecords(new Route53Client({}), 'Z1', ['auth.blue.example.com.br']);
  expect(zone.aliases.size).toBe(0);
});

test('a listing that does not advance is an error, not an endless loop', async () => {
  route53Mock
    .on(ListResourceRecordSetsCommand)
    .resolves({ ResourceRecordSets: [], IsTruncated: true, NextRecordName: 'a.example.com.br.', NextRecordType: 'CNAME' });
  await expect(readWeightedRecords(new Route53Client({}), 'Z1', ['a.example.com.br', ...MANY])).rejects.toThrow(
    'Route 53 pagination of zone Z1 does not advance (next page a.example.com.br.|CNAME| again)',
  );
});
