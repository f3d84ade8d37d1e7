import { allLoadBalancers, clusterLoadBalancers } from '../../../domain/edge/load-balancers';
import { configFrom, edit, fleetDocument, minimalDocument, variedDocument } from '../../fixtures';

const summary = (slots: ReturnType<typeof clusterLoadBalancers>) =>
  slots.map((slot) => [slot.cluster, slot.group, slot.environment, slot.services.map((entry) => entry.service)]);

test('one load balancer per environment a cluster serves, in group 1 unless set', () => {
  expect(summary(clusterLoadBalancers(configFrom(minimalDocument()), 'blue'))).toEqual([
    ['blue', 1, 'production', ['auth']],
    ['blue', 1, 'staging', ['auth']],
  ]);
});

test('an environment a cluster does not serve gets no load balancer there; a service at weight 0 counts', () => {
  const document = variedDocument({ blue: '1.35', green: '1.35' });
  edit(document, 'services.auth.environments.production.weights', { beanstalk: 100, blue: 0 });
  const config = configFrom(document);
  expect(summary(clusterLoadBalancers(config, 'green'))).toEqual([
    ['green', 1, 'staging', ['worker']],
    ['green', 1, 'preview', ['worker']],
  ]);
  expect(summary(clusterLoadBalancers(config, 'blue'))).toEqual([
    ['blue', 1, 'production', ['auth']],
    ['blue', 1, 'staging', ['auth']],
    ['blue', 1, 'preview', ['worker']],
  ]);
  expect(allLoadBalancers(config)).toHaveLength(5);
});

test('services go to the group their config names, and a new service moves no other one', () => {
  const groupsOf = (count: number) =>
    new Map(
      clusterLoadBalancers(configFrom(fleetDocument(count, 100)), 'blue').flatMap((slot) =>
        slot.services.map((entry) => [`${entry.service}/${entry.environment}`, slot.group]),
      ),
    );
  const before = groupsOf(300);
  const after = groupsOf(301);
  expect(new Set(before.values())).toEqual(new Set([1, 2, 3]));
  for (const [key, group] of before) expect(after.get(key)).toBe(group);
  expect(after.get('service-300/production')).toBe(4);
});
