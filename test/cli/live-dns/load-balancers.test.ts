import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { readClusterLoadBalancers } from '../../../cli/live-dns/load-balancers';
import { loadBalancerTags } from '../../../domain/naming';

const elbMock = mockClient(ElasticLoadBalancingV2Client);
beforeEach(() => elbMock.reset());

const loadBalancer = (index: number): LoadBalancer => ({
  LoadBalancerArn: `arn:aws:elasticloadbalancing:sa-east-1:123456789012:loadbalancer/app/lb-${index}/${index}`,
  DNSName: `lb-${index}.sa-east-1.elb.amazonaws.com`,
  CanonicalHostedZoneId: 'Z2P70J7HTTTPLU',
});

test('pages through the load balancers, reads tags 20 at a time and finds one by app, cluster, environment and group', async () => {
  // given: 25 load balancers, of which lb-3 serves descomplica/blue/production group 1 and lb-21 group 2;
  // lb-4 carries the same cluster tags for another app
  const all = Array.from({ length: 25 }, (_, index) => loadBalancer(index));
  elbMock
    .on(DescribeLoadBalancersCommand, { Marker: undefined })
    .resolves({ LoadBalancers: all.slice(0, 22), NextMarker: 'm2' })
    .on(DescribeLoadBalancersCommand, { Marker: 'm2' })
    .resolves({ LoadBalancers: all.slice(22) });
  const tagsOf = (arn: string) => {
    const index = Number(arn.split('/').pop());
    const tags =
      index === 3
        ? loadBalancerTags('descomplica', 'blue', 'production', 1)
        : index === 21
          ? loadBalancerTags('descomplica', 'blue', 'production', 2)
          : index === 4
            ? loadBalancerTags('other-app', 'blue', 'production', 1)
            : { team: 'web' };
    return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  };
  elbMock.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
    TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: tagsOf(arn) })),
  }));

  // when
  const lookup = await readClusterLoadBalancers(new ElasticLoadBalancingV2Client({}), 'descomplica');

  // then
  expect(elbMock.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns?.length)).toEqual([20, 5]);
  expect(lookup('blue', 'production', 1)).toEqual([
    { arn: all[3].LoadBalancerArn, dnsName: 'lb-3.sa-east-1.elb.amazonaws.com', canonicalHostedZoneId: 'Z2P70J7HTTTPLU' },
  ]);
  expect(lookup('blue', 'production', 2).map((ref) => ref.dnsName)).toEqual(['lb-21.sa-east-1.elb.amazonaws.com']);
  expect(lookup('blue', 'staging', 1)).toEqual([]);
  expect(lookup('green', 'production', 1)).toEqual([]);
});
