import {
  bareHostedZoneId,
  clusterStackName,
  containerLogGroupName,
  controlPlaneLogGroupName,
  dnsStackName,
  eksClusterName,
  loadBalancerParameterName,
  normalizeDnsName,
  priorityClassName,
  recordName,
} from '../../domain/naming';

test.each([
  ['auth.Example.COM.', 'auth.example.com'],
  ['AUTH.example.com', 'auth.example.com'],
  ['auth.example.com', 'auth.example.com'],
])('normalizeDnsName(%s) is %s: lower case, no trailing dot, as Route 53 lists names', (name, normalized) => {
  expect(normalizeDnsName(name)).toBe(normalized);
});

test('record names join service, subdomain and zone, normalized whatever case the zone was written in', () => {
  expect(recordName('auth', undefined, 'Example.COM.')).toBe('auth.example.com');
  expect(recordName('auth', 'staging', 'example.com')).toBe('auth.staging.example.com');
});

test.each([
  ['/hostedzone/Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'],
  ['hostedzone/Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'],
  ['Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'],
])('bareHostedZoneId(%s) is %s', (id, bare) => {
  expect(bareHostedZoneId(id)).toBe(bare);
});

test('stacks, clusters, PriorityClasses, parameters and log groups are named one way', () => {
  expect(clusterStackName('shop', 'blue')).toBe('shop-cluster-blue');
  expect(dnsStackName('shop')).toBe('shop-dns');
  expect(eksClusterName('shop', 'blue')).toBe('shop-blue');
  expect(priorityClassName('production')).toBe('kubeshift-production');
  expect(loadBalancerParameterName('shop', 'blue', 'production', 'auth')).toBe('/kubeshift/shop/blue/production/auth/load-balancer');
  expect(controlPlaneLogGroupName('shop-blue')).toBe('/aws/eks/shop-blue/cluster');
  expect(containerLogGroupName('shop-blue')).toBe('/aws/eks/shop-blue/containers');
});
