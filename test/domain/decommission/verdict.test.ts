import { reasonsNotSafe, type Evidence, type LoadBalancerEvidence } from '../../../domain/decommission/verdict';
import { requestMetricFor } from '../../../domain/decommission/request-metric';

const metricCount = (requests: number, threshold = 0): LoadBalancerEvidence => ({
  name: 'lb',
  kind: 'classic',
  requests,
  source: { kind: 'metric', metric: requestMetricFor('lb'), threshold },
});
const logCount = (requests: number): LoadBalancerEvidence => ({
  name: 'arn:alb',
  kind: 'application',
  requests,
  source: {
    kind: 'access-logs',
    location: 's3://logs/eb',
    files: 3,
    hosts: ['catalog.example.com.br'],
    healthCheckers: 40,
    otherHosts: [['10.0.0.1', 3]],
  },
});
const safe: Evidence = {
  service: 'catalog',
  environment: 'production',
  recordName: 'catalog.example.com.br',
  configWeight: 0,
  liveWeight: null,
  liveShare: null,
  healthCheckName: 'catalog/production/beanstalk',
  healthCheckIds: [],
  cname: 'catalog-prod.sa-east-1.elasticbeanstalk.com',
  cnameSource: 'config',
  beanstalk: { name: 'catalog-prod', id: 'e-1' },
  loadBalancers: [logCount(0)],
  hours: 24,
  windowStart: new Date('2026-11-24T10:00:00Z'),
  windowEnd: new Date('2026-11-25T10:30:00Z'),
  ttlSeconds: 60,
};

test('weight 0, record and health check gone, no request for the service: no reason against', () => {
  expect(reasonsNotSafe(safe)).toEqual([]);
  // Health checkers and other hosts in the logs are not requests for the service.
  expect(reasonsNotSafe({ ...safe, loadBalancers: [logCount(0), metricCount(3, 5)] })).toEqual([]);
});

test.each<[string, Partial<Evidence>, string]>([
  ['weight in the config', { configWeight: 5 }, 'the config still gives it weight 5: step its traffic onto a cluster first'],
  [
    'a live share',
    { liveWeight: 5, liveShare: 5 },
    'Route 53 still sends it traffic (live weight 5): deploy the config, then run traffic verify',
  ],
  [
    'a record left at weight 0',
    { liveWeight: 0, liveShare: 0 },
    'its record is still published at weight 0, and would take traffic if the other targets failed: deploy the DNS stack, which removes it at weight 0',
  ],
  [
    'its health check left behind',
    { healthCheckIds: ['hc-1'] },
    'its Route 53 health check hc-1 (catalog/production/beanstalk) still exists, and its checkers keep calling the environment: deploy the DNS stack, which deletes it at weight 0',
  ],
  [
    'a record gone too recently for the window',
    { recordGoneAt: new Date('2026-11-24T09:59:30Z') },
    'its record went at 2026-11-24T09:59:30.000Z: 24 h of evidence from 2026-11-24T10:00:30.000Z (that plus the 60 s TTL) are needed; check again after 2026-11-25T10:00:30.000Z',
  ],
  [
    'no load balancer',
    { loadBalancers: [] },
    'it has no load balancer, so its requests cannot be counted: check the instances before deleting',
  ],
  [
    'a request for the service in the access logs',
    { loadBalancers: [logCount(1)] },
    'its load balancer served 1 request for catalog.example.com.br in the last 24 h: find who still calls it (a hard-coded URL, another record?)',
  ],
  [
    'RequestCount above its threshold',
    { loadBalancers: [metricCount(6, 5)] },
    'its load balancer served 6 requests in the last 24 h, above the threshold of 5 (--max-requests): find who still calls it, or enable its access logs so that only requests for the service count',
  ],
])('not safe: %s', (_case, change, reason) => {
  expect(reasonsNotSafe({ ...safe, ...change })).toEqual([reason]);
});

test('a record gone, plus its TTL, before the window starts is fine', () => {
  expect(reasonsNotSafe({ ...safe, recordGoneAt: new Date('2026-11-24T09:59:00Z') })).toEqual([]);
});
