import { eksSeedObjects } from '../cluster/eks-seed';
import { configFrom, exampleConfig, synthStacks, variedDocument } from '../fixtures';

/**
 * aws-eks-v2 creates each manifest on its first deploy; an object that an EKS add-on already made
 * fails it (AlreadyExists), and one applied over it would take it from the add-on. So no chart may
 * name an object the add-ons own: those test/cluster/eks-seed.ts seeds, as EKS ships them.
 */
const identity = (object: { kind: string; metadata: { name: string; namespace?: string } }) =>
  `${object.kind} ${object.metadata.namespace ?? '(cluster)'}/${object.metadata.name}`;
const owned = new Set(eksSeedObjects().map(identity));

describe.each([
  ['the example', exampleConfig()],
  ['the varied config', configFrom(variedDocument({ blue: '1.34', green: '1.35' }))],
])('%s', (_label, config) => {
  const { clusters } = synthStacks(config);

  test('no manifest of any cluster names an object an EKS add-on owns', () => {
    const applied = clusters.flatMap((stack) => stack.charts.flatMap((chart) => chart.toJson().map(identity)));
    expect(applied.length).toBeGreaterThan(10);
    expect(applied.filter((object) => owned.has(object))).toEqual([]);
  });
});

test('the check sees a collision: the add-ons own the CoreDNS disruption budget', () => {
  expect(owned.has('PodDisruptionBudget kube-system/coredns')).toBe(true);
});
