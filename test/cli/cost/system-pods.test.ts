import { coreDnsReplicas } from '../../../cli/cost/system-pods';

describe('coreDnsReplicas (cluster-proportional-autoscaler linear mode)', () => {
  const defaults = { coresPerReplica: 256, nodesPerReplica: 16, min: 2 };

  test.each([
    ['one node: the min', defaults, 2, 1, 2],
    ['nodes decide: ⌈40 / 16⌉', defaults, 80, 40, 3],
    ['cores decide: ⌈600 / 256⌉', defaults, 600, 10, 3],
    ['capped at max', { ...defaults, max: 4 }, 4000, 200, 4],
    ['min 1 still gives 2 on two nodes (no single point of failure)', { ...defaults, min: 1 }, 4, 2, 2],
    ['min 1 on one node stays 1', { ...defaults, min: 1 }, 2, 1, 1],
    ['no nodes yet: the min', defaults, 0, 0, 2],
  ])('%s', (_name, params, cores, nodes, expected) => {
    expect(coreDnsReplicas(params, cores, nodes)).toBe(expected);
  });
});
