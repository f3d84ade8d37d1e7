import { dealOverZones, zonalNodeGroups } from '../../domain/zonal-node-groups';

const ZONES = ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'];

test('deals a total over the zones, the first zones taking the remainder, and keeps the total', () => {
  expect(dealOverZones(7, 3)).toEqual([3, 2, 2]);
  expect(dealOverZones(6, 3)).toEqual([2, 2, 2]);
  expect(dealOverZones(2, 3)).toEqual([1, 1, 0]);
  for (let total = 0; total < 20; total++) expect(dealOverZones(total, 3).reduce((a, b) => a + b, 0)).toBe(total);
});

test('one node group per zone, sizes dealt, desired size only when the config sets one', () => {
  expect(zonalNodeGroups({ name: 'general', instanceType: 'm5.large', minSize: 2, maxSize: 7 }, ZONES)).toEqual([
    { zone: 'sa-east-1a', minSize: 1, maxSize: 3, desiredSize: undefined },
    { zone: 'sa-east-1b', minSize: 1, maxSize: 2, desiredSize: undefined },
    { zone: 'sa-east-1c', minSize: 0, maxSize: 2, desiredSize: undefined },
  ]);
  const withDesired = zonalNodeGroups({ name: 'general', instanceType: 'm5.large', minSize: 3, maxSize: 9, desiredSize: 4 }, ZONES);
  expect(withDesired.map((group) => group.desiredSize)).toEqual([2, 1, 1]);
});
