import { bundledCatalog } from '../../../domain/cost/catalog';
import {
  EVICTION_HARD_MEMORY_MEBIBYTES,
  fitsNode,
  kubeReservedCpuMillis,
  kubeReservedMemoryMebibytes,
  maxPods,
  nodeShape,
} from '../../../domain/cost/node-capacity';
import { DAEMON_SETS } from '../../../domain/cost/system-pods';

const facts = (type: string) => bundledCatalog().instances[type];

describe('maxPods', () => {
  // Expected values: awslabs/amazon-eks-ami files/eni-max-pods.txt.
  test.each([
    ['t3.micro', 4],
    ['t3.small', 11],
    ['t3.medium', 17],
    ['t2.medium', 17],
    ['t3.large', 35],
    ['m5.large', 29],
    ['c5.large', 29],
    ['c4.large', 29],
    ['r5.large', 29],
    ['m5.xlarge', 58],
    ['c5.2xlarge', 58],
    ['m5.4xlarge', 234],
    ['c5.4xlarge', 234],
  ])('%s runs at most %i pods (ENIs × (IPs per ENI − 1) + 2)', (type, expected) => {
    expect(maxPods(facts(type))).toBe(expected);
  });
});

describe('kube-reserved', () => {
  test.each([
    [1, 60],
    [2, 70],
    [4, 80],
    [8, 90],
    [16, 110],
    [96, 310],
  ])('CPU for %i vCPUs is %im (6 %% / 1 %% / 0.5 %% / 0.25 %% bands)', (vCpus, millis) => {
    expect(kubeReservedCpuMillis(vCpus)).toBe(millis);
  });

  test.each([
    [29, 574],
    [58, 893],
    [110, 1465],
  ])('memory for %i pods is %i MiB (255 + 11 per pod)', (pods, mebibytes) => {
    expect(kubeReservedMemoryMebibytes(pods)).toBe(mebibytes);
  });
});

describe('nodeShape', () => {
  test('an m5.large leaves what the AMI and the DaemonSets do not take', () => {
    // given an m5.large: 2 vCPUs, 8 GiB, 29 pods
    const shape = nodeShape('m5.large', facts('m5.large'));

    // then allocatable = capacity − kube-reserved − eviction threshold, capacity less the VM overhead
    expect(shape.allocatable).toEqual({
      cpuMillis: 2000 - 70,
      memoryMebibytes: Math.floor(8192 * 0.925) - 574 - EVICTION_HARD_MEMORY_MEBIBYTES,
      pods: 29,
    });
    // and the DaemonSets (kube-proxy 100m, aws-node 25m, fluent-bit 50m/50Mi, pod identity,
    // secrets-store driver 70m/140Mi and its AWS provider 50m/100Mi) come off it
    expect(shape.free).toEqual({
      cpuMillis: 1930 - 295,
      memoryMebibytes: shape.allocatable.memoryMebibytes - 290,
      pods: 29 - DAEMON_SETS.length,
    });
  });

  test('a t3.micro has no pod slot left once the DaemonSets run (none, not fewer than none)', () => {
    const shape = nodeShape('t3.micro', facts('t3.micro'));
    expect(shape.free.pods).toBe(0);
    expect(fitsNode({ cpuMillis: 0, memoryMebibytes: 0 }, shape)).toBe(false);
  });

  test('a pod fits when its requests are within the free room, not beyond', () => {
    const shape = nodeShape('m5.large', facts('m5.large'));
    expect(fitsNode({ cpuMillis: shape.free.cpuMillis, memoryMebibytes: shape.free.memoryMebibytes }, shape)).toBe(true);
    expect(fitsNode({ cpuMillis: shape.free.cpuMillis + 1, memoryMebibytes: 1 }, shape)).toBe(false);
    expect(fitsNode({ cpuMillis: 1, memoryMebibytes: shape.free.memoryMebibytes + 1 }, shape)).toBe(false);
  });
});
