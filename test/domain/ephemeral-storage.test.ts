import {
  CONTAINER_LOG_MEBIBYTES,
  NODE_DISK_GIBIBYTES,
  containerEphemeralStorageMebibytes,
  nodeAllocatableEphemeralMebibytes,
} from '../../domain/ephemeral-storage';

describe('containerEphemeralStorageMebibytes', () => {
  test.each([
    [[], CONTAINER_LOG_MEBIBYTES],
    [[64], 64 + CONTAINER_LOG_MEBIBYTES],
    [[64, 1024], 64 + 1024 + CONTAINER_LOG_MEBIBYTES],
  ])('writable paths %j need %i Mi with the logs', (paths, expected) => {
    expect(containerEphemeralStorageMebibytes(paths)).toBe(expected);
  });

  test("leaves room for the kubelet's default log files (5 of 10Mi)", () => {
    expect(CONTAINER_LOG_MEBIBYTES).toBeGreaterThanOrEqual(5 * 10);
  });
});

describe('nodeAllocatableEphemeralMebibytes', () => {
  test("is the disk less the kubelet's 10% hard eviction threshold", () => {
    expect(nodeAllocatableEphemeralMebibytes(20)).toBe(18432);
    expect(nodeAllocatableEphemeralMebibytes()).toBe(nodeAllocatableEphemeralMebibytes(NODE_DISK_GIBIBYTES));
  });
});
