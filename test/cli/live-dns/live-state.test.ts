import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ListHealthChecksCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
  type HealthCheck,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { readLiveState } from '../../../cli/live-dns/live-state';
import { loadBalancerTags } from '../../../domain/naming';
import { EXAMPLE, entryOf } from '../traffic/helpers';

const route53Mock = mockClient(Route53Client);
const cloudWatchMock = mockClient(CloudWatchClient);
const elbMock = mockClient(ElasticLoadBalancingV2Client);
const search = entryOf('search', 'production'); // beanstalk 100, blue 0

beforeEach(() => {
  for (const mock of [route53Mock, cloudWatchMock, elbMock]) mock.reset();
  route53Mock
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'search.example.com.br.' })
    .resolves({
      ResourceRecordSets: [
        {
          Name: 'search.example.com.br.',
          Type: 'CNAME',
          SetIdentifier: 'beanstalk',
          Weight: 100,
          HealthCheckId: 'hc-b',
          ResourceRecords: [{ Value: 'search-prod.sa-east-1.elasticbeanstalk.com' }],
        },
      ],
      IsTruncated: false,
    })
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'search.blue.example.com.br.' })
    .resolves({
      ResourceRecordSets: [
        {
          Name: 'search.blue.example.com.br.',
          Type: 'A',
          AliasTarget: { DNSName: 'dualstack.k-blue-1.elb.amazonaws.com.', HostedZoneId: 'Z', EvaluateTargetHealth: true },
        },
      ],
      IsTruncated: false,
    })
    .on(ListHealthChecksCommand)
    .resolves({
      HealthChecks: [{ Id: 'hc-b' }, { Id: 'hc-new' }, { Id: 'hc-old' }] as HealthCheck[],
      IsTruncated: false,
      Marker: '',
      MaxItems: 1000,
    })
    .on(ListTagsForResourcesCommand)
    .resolves({
      ResourceTagSets: [
        { ResourceType: 'healthcheck', ResourceId: 'hc-b', Tags: [{ Key: 'Name', Value: 'search/production/beanstalk' }] },
        { ResourceType: 'healthcheck', ResourceId: 'hc-new', Tags: [{ Key: 'Name', Value: 'search/production/blue' }] },
        { ResourceType: 'healthcheck', ResourceId: 'hc-old', Tags: [{ Key: 'Name', Value: 'search/production/blue' }] },
      ],
    });
  // hc-b healthy; of blue's two checks (a replacement in flight), hc-new has no data yet and hc-old is healthy.
  cloudWatchMock.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'h0', Timestamps: [new Date()], Values: [1] },
      { Id: 'h1', Timestamps: [], Values: [] },
      { Id: 'h2', Timestamps: [new Date()], Values: [1] },
    ],
  });
});

test("a weight-0 cluster's health comes from the check named for it, the worst of several deciding", async () => {
  const states = await readLiveState(EXAMPLE, [search], { health: true });
  expect(states.map(({ target, health, healthCheckId, drift }) => ({ target, health, healthCheckId, drift }))).toEqual([
    { target: 'beanstalk', health: 'healthy', healthCheckId: 'hc-b', drift: false },
    { target: 'blue', health: 'no data', healthCheckId: 'hc-new', drift: false },
  ]);
  expect(elbMock.calls()).toHaveLength(0);
});

test('without health: no CloudWatch call; with load balancers: the alias matched with the tagged ALB', async () => {
  elbMock
    .on(DescribeLoadBalancersCommand)
    .resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb-2', DNSName: 'k-blue-2.elb.amazonaws.com' }] })
    .on(DescribeTagsCommand)
    .resolves({
      TagDescriptions: [
        {
          ResourceArn: 'arn:lb-2',
          Tags: Object.entries(loadBalancerTags('descomplica', 'blue', 'production', 1)).map(([Key, Value]) => ({ Key, Value })),
        },
      ],
    });
  const states = await readLiveState(EXAMPLE, [search], { health: false, loadBalancers: true });
  expect(cloudWatchMock.calls()).toHaveLength(0);
  expect(states[1].problems).toEqual([
    {
      kind: 'per-target-elsewhere',
      name: 'search.blue.example.com.br',
      live: 'dualstack.k-blue-1.elb.amazonaws.com.',
      expected: ['k-blue-2.elb.amazonaws.com'],
    },
  ]);
});
