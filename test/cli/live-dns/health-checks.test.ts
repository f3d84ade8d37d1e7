import { ListHealthChecksCommand, ListTagsForResourcesCommand, Route53Client, type HealthCheck } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { readHealthChecksByName } from '../../../cli/live-dns/health-checks';

const route53Mock = mockClient(Route53Client);
beforeEach(() => route53Mock.reset());

const check = (id: string) => ({ Id: id }) as HealthCheck;

test('lists every page of health checks, reads their tags ten at a time, and keys them by Name', async () => {
  // given: 12 checks over two pages, two of them carrying the same name (a replacement in flight)
  const ids = Array.from({ length: 12 }, (_, index) => `hc-${index}`);
  route53Mock
    .on(ListHealthChecksCommand, { Marker: undefined })
    .resolves({ HealthChecks: ids.slice(0, 7).map(check), IsTruncated: true, NextMarker: 'hc-7', Marker: '', MaxItems: 7 })
    .on(ListHealthChecksCommand, { Marker: 'hc-7' })
    .resolves({ HealthChecks: ids.slice(7).map(check), IsTruncated: false, Marker: 'hc-7', MaxItems: 7 });
  route53Mock.on(ListTagsForResourcesCommand).callsFake((input: { ResourceIds: string[] }) => ({
    ResourceTagSets: input.ResourceIds.map((id) => ({
      ResourceType: 'healthcheck',
      ResourceId: id,
      Tags:
        id === 'hc-3' || id === 'hc-11'
          ? [{ Key: 'Name', Value: 'auth/production/blue' }]
          : id === 'hc-5'
            ? [{ Key: 'team', Value: 'web' }]
            : [{ Key: 'Name', Value: `other/${id}` }],
    })),
  }));

  // when
  const byName = await readHealthChecksByName(new Route53Client({}));

  // then
  expect(route53Mock.commandCalls(ListTagsForResourcesCommand).map((call) => call.args[0].input.ResourceIds)).toEqual([
    ids.slice(0, 10),
    ids.slice(10),
  ]);
  expect(byName.get('auth/production/blue')).toEqual(['hc-3', 'hc-11']);
  expect(byName.has('hc-5')).toBe(false);
  expect(byName.size).toBe(10);
});

test('no health checks at all: no tag call', async () => {
  route53Mock.on(ListHealthChecksCommand).resolves({ HealthChecks: [], IsTruncated: false, Marker: '', MaxItems: 1000 });
  expect((await readHealthChecksByName(new Route53Client({}))).size).toBe(0);
  expect(route53Mock.commandCalls(ListTagsForResourcesCommand)).toHaveLength(0);
});
