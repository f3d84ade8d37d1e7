import type { NodeGroupConfig } from '../config';

/**
 * Each configured node group runs as one managed node group per availability zone. The Cluster
 * Autoscaler scales an Auto Scaling group without choosing the zone a new node lands in, so a
 * group spanning zones cannot add the node a zone-spread pod waits for; one group per zone can
 * (eksctl user guide, "Zone-aware Auto Scaling": https://docs.aws.amazon.com/eks/latest/eksctl/autoscaling.html),
 * and `--balance-similar-node-groups` keeps the zones level.
 * The config's sizes are the totals over the zones; they are dealt here, the first zones taking
 * the remainder, for the stacks and the cost planner alike.
 */

/** One zone's share of a configured node group. */
export interface ZonalNodeGroup {
  readonly zone: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Only when the config sets `desiredSize`; otherwise the node group starts at `minSize`. */
  readonly desiredSize?: number;
}

/** `total` dealt over `zones` places: ⌊total / zones⌋ each, one more for the first `total mod zones`. */
export function dealOverZones(total: number, zones: number): number[] {
  const base = Math.floor(total / zones);
  const extra = total % zones;
  return Array.from({ length: zones }, (_, i) => base + (i < extra ? 1 : 0));
}

export function zonalNodeGroups(group: NodeGroupConfig, zones: readonly string[]): ZonalNodeGroup[] {
  const minSizes = dealOverZones(group.minSize, zones.length);
  const maxSizes = dealOverZones(group.maxSize, zones.length);
  const desiredSizes = group.desiredSize === undefined ? undefined : dealOverZones(group.desiredSize, zones.length);
  return zones.map((zone, i) => ({ zone, minSize: minSizes[i], maxSize: maxSizes[i], desiredSize: desiredSizes?.[i] }));
}
