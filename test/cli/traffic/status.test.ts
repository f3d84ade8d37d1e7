import { EXIT_NO, EXIT_OK } from '../../../cli/cli-error';
import { compareGroup } from '../../../domain/traffic/compare';
import type { TargetStatus } from '../../../cli/live-dns/live-state';
import { driftMarker, formatStatus, statusJson } from '../../../cli/traffic/status';
import { entryOf } from './helpers';

const auth = entryOf('auth', 'production');
const live = (beanstalk: number, blue: number): TargetStatus[] =>
  compareGroup(auth, [
    { name: auth.recordName, setIdentifier: 'beanstalk', weight: beanstalk, healthCheckId: 'hc-1' },
    { name: auth.recordName, setIdentifier: 'blue', weight: blue, healthCheckId: 'hc-2' },
  ]).map((state, index) => ({ ...state, health: index === 0 ? 'healthy' : 'unhealthy' }));

test('in sync: a table with live share, config and health, and exit 0', () => {
  const { output, exitCode } = formatStatus(live(90, 10));
  expect(exitCode).toBe(EXIT_OK);
  expect(output.split('\n')).toEqual([
    'SERVICE  ENVIRONMENT  TARGET     LIVE  SHARE  CONFIG  HEALTH     DRIFT',
    'auth     production   beanstalk    90    90%      90  healthy',
    'auth     production   blue         10    10%      10  unhealthy',
    '',
    'In sync: all 1 record groups match the config.',
  ]);
});

test('drift: marked per target, named in the verdict, exit 2', () => {
  const { output, exitCode } = formatStatus(live(95, 5));
  expect(exitCode).toBe(EXIT_NO);
  expect(output).toContain('✗ live 95 ≠ config 90');
  expect(output).toContain('Drift: 1 of 1 record groups differ from the config: auth · production.');
});

test.each([
  [{ drift: false }, ''],
  [{ drift: true, configWeight: null }, '✗ not in config'],
  [{ drift: true, configWeight: 0, recordExpected: false }, '✗ record not expected'],
  [{ drift: true, configWeight: 10, recordExpected: true, liveWeight: null }, '✗ record missing'],
  [{ drift: true, configWeight: 10, recordExpected: true, liveWeight: 20 }, '✗ live 20 ≠ config 10'],
])('drift marker for %p', (state, marker) => {
  expect(driftMarker(state as TargetStatus)).toBe(marker);
});

test('--json: one object per record with the documented fields', () => {
  const json = JSON.parse(statusJson(live(95, 5)));
  expect(json[0]).toEqual({
    service: 'auth',
    environment: 'production',
    target: 'beanstalk',
    recordName: 'auth.example.com.br',
    liveWeight: 95,
    liveShare: 95,
    configWeight: 90,
    configShare: 90,
    drift: true,
    recordExpected: true,
    healthCheckId: 'hc-1',
    health: 'healthy',
    liveValue: null,
  });
});
