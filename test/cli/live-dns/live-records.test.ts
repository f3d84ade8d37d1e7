import { ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { readWeightedRecords } from '../../../cli/live-dns/live-records';

const route53Mock = mockClient(Route53Client);
beforeEach(() => route53Mock.reset());

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
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', ['auth.example.com.br', 'search.example.com.br']);

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
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', ['auth.example.com.br', 'other.example.com.br']);
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
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', ['auth.example.com.br', 'search.example.com.br']);
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
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', ['auth.example.com.br', 'search.example.com.br']);
  expect(records.get('auth.example.com.br')?.map((record) => record.setIdentifier)).toEqual(['beanstalk', 'blue']);
});

test('one name: starts at it and stops at the first record past it', async () => {
  route53Mock.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [weighted('auth.example.com.br.', 'blue', 10), weighted('search.example.com.br.', 'blue', 5)],
    IsTruncated: true,
    NextRecordName: 'zzz.example.com.br.',
    NextRecordType: 'A',
  });
  const records = await readWeightedRecords(new Route53Client({}), 'Z1', ['auth.example.com.br']);
  expect(route53Mock.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(1);
  expect(route53Mock.commandCalls(ListResourceRecordSetsCommand)[0].args[0].input).toMatchObject({
    StartRecordName: 'auth.example.com.br.',
    StartRecordType: 'CNAME',
  });
  expect([...records.keys()]).toEqual(['auth.example.com.br']);
});

test('a listing that does not advance is an error, not an endless loop', async () => {
  route53Mock
    .on(ListResourceRecordSetsCommand)
    .resolves({ ResourceRecordSets: [], IsTruncated: true, NextRecordName: 'a.example.com.br.', NextRecordType: 'CNAME' });
  await expect(readWeightedRecords(new Route53Client({}), 'Z1', ['a.example.com.br', 'b.example.com.br'])).rejects.toThrow(
    'Route 53 pagination of zone Z1 does not advance (next page a.example.com.br.|CNAME| again)',
  );
});
