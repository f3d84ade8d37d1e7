import { requestMetricFor } from '../../../domain/decommission/request-metric';

test.each([
  [
    'arn:aws:elasticloadbalancing:sa-east-1:123456789012:loadbalancer/app/awseb-AWSEB-1A2B3C/0123456789abcdef',
    {
      kind: 'application',
      namespace: 'AWS/ApplicationELB',
      metricName: 'RequestCount',
      dimensions: [{ Name: 'LoadBalancer', Value: 'app/awseb-AWSEB-1A2B3C/0123456789abcdef' }],
    },
  ],
  [
    'arn:aws:elasticloadbalancing:sa-east-1:123456789012:loadbalancer/net/awseb-AWSEB-9Z/fedcba9876543210',
    {
      kind: 'network',
      namespace: 'AWS/NetworkELB',
      metricName: 'NewFlowCount',
      dimensions: [{ Name: 'LoadBalancer', Value: 'net/awseb-AWSEB-9Z/fedcba9876543210' }],
    },
  ],
  [
    'awseb-e-a-AWSEBLoa-1ABCDEF',
    {
      kind: 'classic',
      namespace: 'AWS/ELB',
      metricName: 'RequestCount',
      dimensions: [{ Name: 'LoadBalancerName', Value: 'awseb-e-a-AWSEBLoa-1ABCDEF' }],
    },
  ],
])('%s is counted by %p', (name, metric) => {
  expect(requestMetricFor(name)).toEqual(metric);
});
