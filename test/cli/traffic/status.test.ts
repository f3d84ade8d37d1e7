import { EXIT_NO, EXIT_OK } from '../../../cli/cli-error';
import { compareGroup, type TargetProblem } from '../../../domain/traffic/compare';
import type { TargetStatus } from '../../../cli/live-dns/live-state';
import { describeProblem, driftMarker, formatStatus, statusJson } from '../../../cli/traffic/status';
import { deployedGroup, entryOf, recordOf } from './helpers';

const auth = entryOf('auth', 'production');
const search = entryOf('search', 'production');
const withHealth = (states: TargetStatus[]) =>
  states.map(
    (state, index) => ({ ...state, health: index === 0 ? 'healthy' : 'unhealthy', healthCheckId: `hc-${state.target}` }) as TargetStatus,
  );
const live = (beanstalk: number, blue: number): TargetStatus[] =>
  withHealth(compareGroup(auth, deployedGroup(auth, { records: [recordOf(auth, 'beanstalk', beanstalk), recordOf(auth, 'blue', blue)] })));

test('in sync: per target its name, live weight and share, config and health; exit 0', () => {
  const { output, exitCode } = formatStatus(live(90, 10));
  expect(exitCode).toBe(EXIT_OK);
  expect(output.split('\n')).toEqual([
    'SERVICE  ENVIRONMENT  TARGET     NAME                                      LIVE  SHARE  CONFIG  HEALTH     DRIFT',
    'auth     production   beanstalk  auth-prod.sa-east-1.elasticbeanstalk.com    90    90%      90  healthy',
    'auth     production   blue       auth.blue.example.com.br                    10    10%      10  unhealthy',
    '',
    'In sync: all 1 record groups match the config.',
  ]);
});

test('a weight-0 target reads "not published", and its absence is no drift', () => {
  const { output, exitCode } = formatStatus(withHealth(compareGroup(search, deployedGroup(search))));
  expect(exitCode).toBe(EXIT_OK);
  expect(output).toMatch(/^search\s+production\s+blue\s+search\.blue\.example\.com\.br\s+not published\s+0\s+unhealthy$/m);
});

test('drift: marked per target, named in the verdict, exit 2', () => {
  const { output, exitCode } = formatStatus(live(95, 5));
  expect(exitCode).toBe(EXIT_NO);
  expect(output).toContain('✗ live 95 ≠ config 90');
  expect(output).toContain('Drift: 1 of 1 record groups differ from the config: auth · production.');
});

test.each<[TargetProblem, string]>([
  [{ kind: 'not-in-config' }, 'not in config'],
  [{ kind: 'published-at-zero' }, 'published at weight 0'],
  [{ kind: 'record-missing' }, 'record missing'],
  [{ kind: 'weight', live: 20, config: 10 }, 'live 20 ≠ config 10'],
  [
    { kind: 'points-elsewhere', live: 'old.elb.amazonaws.com', expected: 'auth.blue.x' },
    'points at old.elb.amazonaws.com, not auth.blue.x',
  ],
  [{ kind: 'no-health-check-attached' }, 'record has no health check'],
  [{ kind: 'health-check-not-named', live: 'hc-9', name: 'a/p/blue' }, "record's health check hc-9 is not a/p/blue"],
  [{ kind: 'health-check-missing', name: 'a/p/blue' }, 'no health check named a/p/blue'],
  [{ kind: 'health-check-remains', name: 'a/p/beanstalk', ids: ['hc-1'] }, 'health check a/p/beanstalk remains'],
  [{ kind: 'per-target-missing', name: 'auth.blue.x' }, 'no alias record at auth.blue.x'],
  [{ kind: 'per-target-elsewhere', name: 'auth.blue.x', live: 'lb-2', expected: ['lb-1'] }, 'auth.blue.x → lb-2, not lb-1'],
  [
    { kind: 'no-load-balancer', cluster: 'blue', environment: 'production', group: 1 },
    'no load balancer tagged for blue · production · group 1',
  ],
])('problem %p reads "%s"', (problem, text) => {
  expect(describeProblem(problem)).toBe(text);
});

test('several problems share one marker', () => {
  expect(driftMarker({ problems: [{ kind: 'record-missing' }, { kind: 'per-target-missing', name: 'n' }] })).toBe(
    '✗ record missing; no alias record at n',
  );
  expect(driftMarker({ problems: [] })).toBe('');
});

test('--json: one object per target with the documented fields', () => {
  const json = JSON.parse(statusJson(live(95, 5)));
  expect(json[0]).toEqual({
    service: 'auth',
    environment: 'production',
    target: 'beanstalk',
    recordName: 'auth.example.com.br',
    targetName: 'auth-prod.sa-east-1.elasticbeanstalk.com',
    published: true,
    liveWeight: 95,
    liveShare: 95,
    configWeight: 90,
    configShare: 90,
    drift: true,
    problems: [{ kind: 'weight', live: 95, config: 90, message: 'live 95 ≠ config 90' }],
    perTargetAlias: null,
    healthCheckName: 'auth/production/beanstalk',
    healthCheckId: 'hc-beanstalk',
    health: 'healthy',
    liveValue: 'auth-prod.sa-east-1.elasticbeanstalk.com',
  });
  expect(json[1].perTargetAlias).toBe('dualstack.k-blue-prod-1.sa-east-1.elb.amazonaws.com.');
});
