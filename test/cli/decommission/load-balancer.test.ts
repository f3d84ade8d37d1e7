import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { describeAlb } from '../../../cli/decommission/load-balancer';

const elbMock = mockClient(ElasticLoadBalancingV2Client);
const ARN = 'arn:aws:elasticloadbalancing:sa-east-1:123456789012:loadbalancer/app/awseb-AWSEB-1/50dc6c495c0c9188';

beforeEach(() => {
  elbMock.reset();
  elbMock
    .on(DescribeLoadBalancersCommand)
    .resolves({ LoadBalancers: [{ LoadBalancerArn: ARN, DNSName: 'awseb-1.sa-east-1.elb.amazonaws.com' }] });
});

test('access logs on: where they go, with the account, region and id from the ARN', async () => {
  elbMock.on(DescribeLoadBalancerAttributesCommand).resolves({
    Attributes: [
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'access_logs.s3.bucket', Value: 'eb-logs' },
      { Key: 'access_logs.s3.prefix', Value: '' },
    ],
  });
  expect(await describeAlb(new ElasticLoadBalancingV2Client({}), ARN)).toEqual({
    dnsName: 'awseb-1.sa-east-1.elb.amazonaws.com',
    accessLogs: {
      bucket: 'eb-logs',
      prefix: undefined,
      account: '123456789012',
      region: 'sa-east-1',
      loadBalancerId: 'app/awseb-AWSEB-1/50dc6c495c0c9188',
    },
  });
});

test.each([
  [
    [
      { Key: 'access_logs.s3.enabled', Value: 'false' },
      { Key: 'access_logs.s3.bucket', Value: 'eb-logs' },
    ],
  ],
  [[{ Key: 'access_logs.s3.enabled', Value: 'true' }]],
  [[]],
])('access logs off, or on without a bucket: none (%#)', async (attributes) => {
  elbMock.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: attributes });
  expect((await describeAlb(new ElasticLoadBalancingV2Client({}), ARN)).accessLogs).toBeUndefined();
});
