import { aliasDnsName, aliasPointsAt } from '../../../domain/traffic/alias';

test.each([
  ['dualstack.k-blue-1.sa-east-1.elb.amazonaws.com.', 'k-blue-1.sa-east-1.elb.amazonaws.com'],
  ['K-Blue-1.SA-EAST-1.elb.amazonaws.com', 'k-blue-1.sa-east-1.elb.amazonaws.com'],
  ['dualstack.dualstack-named.elb.amazonaws.com', 'dualstack-named.elb.amazonaws.com'],
])('%s compares as %s', (stored, compared) => {
  expect(aliasDnsName(stored)).toBe(compared);
});

test('an alias to another load balancer does not match', () => {
  expect(aliasPointsAt('dualstack.k-blue-1.elb.amazonaws.com.', 'K-BLUE-1.elb.amazonaws.com')).toBe(true);
  expect(aliasPointsAt('dualstack.k-blue-2.elb.amazonaws.com.', 'k-blue-1.elb.amazonaws.com')).toBe(false);
});
