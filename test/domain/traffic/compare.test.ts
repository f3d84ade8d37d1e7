import { compareGroup, type LiveGroup, type TargetProblem } from '../../../domain/traffic/compare';
import { aliasOf, BLUE_LB, deployedGroup, entryOf, recordOf } from '../../cli/traffic/helpers';

const auth = entryOf('auth', 'production'); // beanstalk 90, blue 10
const search = entryOf('search', 'production'); // beanstalk 100, blue 0
const catalogStaging = entryOf('catalog', 'staging'); // beanstalk 0 without a CNAME, blue 100

const record = recordOf;
const alias = aliasOf;
const deployed = deployedGroup;
const problemsOf = (entry: typeof auth, live: LiveGroup) =>
  Object.fromEntries(compareGroup(entry, live).map((state) => [state.target, state.problems.map((problem) => problem.kind)]));

test('as deployed: no drift, live shares of the group, per-target names and health checks by name', () => {
  const states = compareGroup(auth, deployed(auth));
  expect(states.map((state) => state.problems)).toEqual([[], []]);
  expect(states[1]).toMatchObject({
    target: 'blue',
    liveWeight: 10,
    liveShare: 10,
    configWeight: 10,
    recordExpected: true,
    targetName: 'auth.blue.example.com.br',
    perTargetAlias: 'dualstack.k-blue-prod-1.sa-east-1.elb.amazonaws.com.',
    healthCheckName: 'auth/production/blue',
    healthCheckIds: ['hc-blue'],
    recordHealthCheckId: 'hc-blue',
    drift: false,
  });
  expect(states[0]).toMatchObject({
    target: 'beanstalk',
    targetName: 'auth-prod.sa-east-1.elasticbeanstalk.com',
    healthCheckExpected: true,
  });
});

test('weight 0: not published, no record expected and its absence is no drift; a cluster keeps its health check and alias', () => {
  const states = compareGroup(search, deployed(search));
  expect(states[1]).toMatchObject({
    target: 'blue',
    configWeight: 0,
    liveWeight: null,
    liveShare: null,
    recordExpected: false,
    healthCheckExpected: true,
    drift: false,
  });
});

test('a weight-0 target that still has a record drifts (it would take the traffic once the others fail)', () => {
  const live = deployed(search, { records: [record(search, 'beanstalk', 100), record(search, 'blue', 0)] });
  expect(problemsOf(search, live)).toEqual({ beanstalk: [], blue: ['published-at-zero'] });
});

test('Beanstalk at 0: its record and its health check must be gone', () => {
  const catalog = entryOf('catalog', 'production'); // beanstalk 0 with a CNAME, blue 100
  expect(problemsOf(catalog, deployed(catalog))).toEqual({ beanstalk: [], blue: [] });
  const leftBehind = deployed(catalog, {
    records: [record(catalog, 'beanstalk', 0), record(catalog, 'blue', 100)],
    healthChecks: new Map([
      ['catalog/production/beanstalk', ['hc-old']],
      ['catalog/production/blue', ['hc-blue']],
    ]),
  });
  expect(compareGroup(catalog, leftBehind)[0].problems).toEqual([
    { kind: 'published-at-zero' },
    { kind: 'health-check-remains', name: 'catalog/production/beanstalk', ids: ['hc-old'] },
  ]);
});

test('a Beanstalk target without a CNAME is never published', () => {
  expect(problemsOf(catalogStaging, deployed(catalogStaging))).toEqual({ beanstalk: [], blue: [] });
  const present = deployed(catalogStaging, { records: [{ ...record(auth, 'beanstalk', 0), name: catalogStaging.recordName }] });
  expect(problemsOf(catalogStaging, present).beanstalk).toEqual(['published-at-zero']);
});

test.each<[string, Partial<LiveGroup>, Record<string, TargetProblem['kind'][]>]>([
  ['another weight', { records: [record(auth, 'beanstalk', 80), record(auth, 'blue', 10)] }, { beanstalk: ['weight'], blue: [] }],
  ['a missing record', { records: [record(auth, 'beanstalk', 90)] }, { beanstalk: [], blue: ['record-missing'] }],
  [
    'a stray record',
    { records: [record(auth, 'beanstalk', 90), record(auth, 'blue', 10), record(auth, 'green', 5)] },
    { beanstalk: [], blue: [], green: ['not-in-config'] },
  ],
  [
    'a cluster record to the old load-balancer hostname',
    { records: [record(auth, 'beanstalk', 90), { ...record(auth, 'blue', 10), value: 'k8s-blue-auth-0123.elb.sa-east-1.amazonaws.com' }] },
    { beanstalk: [], blue: ['points-elsewhere'] },
  ],
  [
    'a record without a health check',
    { records: [record(auth, 'beanstalk', 90), { ...record(auth, 'blue', 10), healthCheckId: undefined }] },
    { beanstalk: [], blue: ['no-health-check-attached'] },
  ],
  [
    "a record gated by another target's health check",
    { records: [record(auth, 'beanstalk', 90), record(auth, 'blue', 10, 'hc-beanstalk')] },
    { beanstalk: [], blue: ['health-check-not-named'] },
  ],
  [
    'no health check named for the cluster',
    { healthChecks: new Map([['auth/production/beanstalk', ['hc-beanstalk']]]) },
    { beanstalk: [], blue: ['health-check-missing'] },
  ],
  ['no alias at the per-target name', { aliases: new Map() }, { beanstalk: [], blue: ['per-target-missing'] }],
  [
    'an alias to another load balancer',
    { aliases: new Map([alias('auth.blue.example.com.br', 'dualstack.k-blue-staging-1.sa-east-1.elb.amazonaws.com.')]) },
    { beanstalk: [], blue: ['per-target-elsewhere'] },
  ],
  ['no load balancer tagged for the cluster', { loadBalancers: () => [] }, { beanstalk: [], blue: ['no-load-balancer'] }],
])('drift: %s', (_case, change, expected) => {
  expect(problemsOf(auth, deployed(auth, change))).toEqual(expected);
});

test('alias targets match whatever their case, trailing dot or dualstack prefix', () => {
  for (const dnsName of ['k-blue-prod-1.sa-east-1.elb.amazonaws.com', 'DUALSTACK.K-BLUE-PROD-1.SA-EAST-1.ELB.AMAZONAWS.COM.']) {
    const live = deployed(auth, { aliases: new Map([alias('auth.blue.example.com.br', dnsName)]) });
    expect(compareGroup(auth, live)[1].problems).toEqual([]);
  }
});

test('the load balancer is looked up by the service environment and its load-balancer group', () => {
  const asked: unknown[] = [];
  compareGroup(auth, deployed(auth, { loadBalancers: (...key) => (asked.push(key), [BLUE_LB]) }));
  expect(asked).toEqual([['blue', 'production', 1]]);
});

test('parts not read are not judged: records only', () => {
  const states = compareGroup(auth, { records: deployed(auth).records });
  expect(states.map((state) => [state.problems, state.perTargetAlias, state.healthCheckIds])).toEqual([
    [[], undefined, undefined],
    [[], undefined, undefined],
  ]);
});
