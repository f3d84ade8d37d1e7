import { compareGroup } from '../../../domain/traffic/compare';
import type { LiveRecord } from '../../../domain/traffic/live-record';
import { entryOf } from '../../cli/traffic/helpers';

const record = (name: string, target: string, weight: number): LiveRecord => ({
  name,
  setIdentifier: target,
  weight,
  value: `${target}.example.net`,
  healthCheckId: `hc-${target}`,
});
const auth = entryOf('auth', 'production');

test('live equals config: no drift, shares of the live group', () => {
  const states = compareGroup(auth, [record(auth.recordName, 'beanstalk', 90), record(auth.recordName, 'blue', 10)]);
  expect(
    states.map(({ target, liveWeight, liveShare, configWeight, drift, healthCheckId }) => ({
      target,
      liveWeight,
      liveShare,
      configWeight,
      drift,
      healthCheckId,
    })),
  ).toEqual([
    { target: 'beanstalk', liveWeight: 90, liveShare: 90, configWeight: 90, drift: false, healthCheckId: 'hc-beanstalk' },
    { target: 'blue', liveWeight: 10, liveShare: 10, configWeight: 10, drift: false, healthCheckId: 'hc-blue' },
  ]);
});

test('another weight, a missing record and a stray record all drift', () => {
  const states = compareGroup(auth, [record(auth.recordName, 'beanstalk', 80), record(auth.recordName, 'green', 5)]);
  expect(states.map(({ target, liveWeight, configWeight, drift }) => ({ target, liveWeight, configWeight, drift }))).toEqual([
    { target: 'beanstalk', liveWeight: 80, configWeight: 90, drift: true },
    { target: 'blue', liveWeight: null, configWeight: 10, drift: true },
    { target: 'green', liveWeight: 5, configWeight: null, drift: true },
  ]);
});

test('a Beanstalk target without a CNAME expects no record: absent is in sync, present drifts', () => {
  const catalog = entryOf('catalog', 'staging');
  const absent = compareGroup(catalog, [record(catalog.recordName, 'blue', 100)]);
  expect(absent[0]).toMatchObject({ target: 'beanstalk', recordExpected: false, liveWeight: null, drift: false });
  const present = compareGroup(catalog, [record(catalog.recordName, 'beanstalk', 0), record(catalog.recordName, 'blue', 100)]);
  expect(present[0]).toMatchObject({ target: 'beanstalk', liveWeight: 0, drift: true });
});
