import { reasonsNotSafe, type Evidence } from '../../../domain/decommission/verdict';
import { requestMetricFor } from '../../../domain/decommission/request-metric';

const safe: Evidence = {
  service: 'catalog',
  environment: 'production',
  recordName: 'catalog.example.com.br',
  configWeight: 0,
  liveWeight: 0,
  liveShare: 0,
  beanstalk: { name: 'catalog-prod', id: 'e-1' },
  loadBalancers: [{ name: 'lb', metric: requestMetricFor('lb'), requests: 0 }],
  hours: 24,
  windowStart: new Date(0),
};

test('all zero: no reason against', () => {
  expect(reasonsNotSafe(safe)).toEqual([]);
});

test('weight 0 still takes traffic when the whole live group is at 0', () => {
  expect(reasonsNotSafe({ ...safe, liveShare: 50 })).toEqual([
    'Route 53 still sends it traffic (live weight 0): deploy the config, then run traffic verify',
  ]);
});

test('no load balancer: requests cannot be counted, so not safe', () => {
  expect(reasonsNotSafe({ ...safe, loadBalancers: [] })).toEqual([
    'it has no load balancer, so its requests cannot be counted: check the instances before deleting',
  ]);
});
