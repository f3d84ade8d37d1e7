import { deliveryStatus, statusResult } from '../../../cli/delivery/status';
import { configFrom, minimalDocument } from '../../fixtures';
import { deployment, FakeKube } from './fake-kube';

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';

test('one row per service environment on the cluster: tag, who put it there, rollout, when; a missing Deployment is exit 2', async () => {
  const config = configFrom(minimalDocument());
  const kube = new FakeKube();
  const delivered = deployment('staging', 'auth', `registry.example.com/auth:${SHA}`, {
    'kubeshift.io/commit': SHA,
    'kubeshift.io/deployed-at': '2026-11-26T12:00:00.000Z',
  });
  kube.put(delivered);
  const rows = await deliveryStatus(config, 'blue', kube.asApi());
  expect(rows).toEqual([
    { service: 'auth', environment: 'production', cluster: 'blue', rollout: 'missing' },
    {
      service: 'auth',
      environment: 'staging',
      cluster: 'blue',
      image: `registry.example.com/auth:${SHA}`,
      tag: SHA,
      rollout: 'success',
      deployedAt: '2026-11-26T12:00:00.000Z',
      source: 'delivery',
    },
  ]);
  const result = statusResult(rows, false);
  expect(result.exitCode).toBe(2);
  expect(result.output.split('\n')).toEqual([
    'SERVICE  ENVIRONMENT  CLUSTER  TAG      BY        ROLLOUT  DEPLOYED',
    'auth     production   blue     —                  missing',
    'auth     staging      blue     6dcb09b  delivery  success  2026-11-26T12:00:00.000Z',
  ]);
});

test("the config's own image is said to come from the config", async () => {
  const config = configFrom(minimalDocument());
  const kube = new FakeKube();
  for (const environment of ['production', 'staging']) kube.put(deployment(environment, 'auth', 'registry.example.com/auth:1.0.0'));
  const rows = await deliveryStatus(config, 'blue', kube.asApi());
  expect(rows.map((row) => [row.environment, row.source, row.tag])).toEqual([
    ['production', 'config', '1.0.0'],
    ['staging', 'config', '1.0.0'],
  ]);
  expect(statusResult(rows, true).exitCode).toBe(0);
});
