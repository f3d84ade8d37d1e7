import { MAX_WEIGHT } from '../../config';

/**
 * The arithmetic of a weighted record group, free of AWS and files.
 *
 * A target's share is its weight over the sum of the group's weights. When every weight is 0,
 * Route 53 splits traffic equally, so each target then has an equal share.
 */

/** Weight per target, in config order. */
export type Weights = Readonly<Record<string, number>>;

/** The group total that makes weights read as percentages. */
const PERCENT_TOTAL = 100;

/** Each target's share of the group, in percent (0–100). */
export function sharesOf(weights: Weights): Record<string, number> {
  const targets = Object.keys(weights);
  const total = targets.reduce((sum, target) => sum + weights[target], 0);
  return Object.fromEntries(targets.map((target) => [target, total === 0 ? 100 / targets.length : (100 * weights[target]) / total]));
}

/** The first share of the schedule above the current one, or undefined once the schedule is done. */
export function nextScheduledShare(currentShare: number, schedule: readonly number[]): number | undefined {
  // A share computed as 100 * 1 / 10 may come out a hair below 10: compare with a tolerance.
  return schedule.find((share) => share > currentShare + 1e-9);
}

/** How close to the asked share the weights must come before a larger total is tried. */
const SHARE_TOLERANCE = 0.5;

/**
 * New weights that give `target` the share `percent` while the other targets keep their relative
 * proportions.
 *
 * The group is scaled to a total of 100 so that weights are percentages. Every other target that
 * has traffic keeps a weight of at least 1: a step never switches a target off by rounding. When
 * a total of 100 cannot do both (99 % with two others), the smallest total up to 255 that lands
 * within half a point of the share is used; failing that, the total that comes closest. Rounding
 * of the others uses the largest-remainder method, so the weights add up exactly to the total.
 *
 * Precondition: the target is in `weights`, some other target has a weight above 0, and
 * 0 < percent <= 100.
 */
export function weightsForShare(weights: Weights, target: string, percent: number): Record<string, number> {
  const others = Object.keys(weights).filter((name) => name !== target);
  const othersTotal = others.reduce((sum, name) => sum + weights[name], 0);
  const othersWithTraffic = percent < 100 ? others.filter((name) => weights[name] > 0).length : 0;
  let best: { own: number; total: number; error: number } | undefined;
  for (let total = PERCENT_TOTAL; total <= MAX_WEIGHT; total++) {
    const own = Math.min(Math.round((percent * total) / 100), total - othersWithTraffic);
    const error = Math.abs((100 * own) / total - percent);
    if (!best || error < best.error - 1e-9) best = { own, total, error };
    if (error <= SHARE_TOLERANCE + 1e-9) break;
  }
  const { own, total } = best!;
  const distributed = distribute(
    total - own,
    others.map((name) => weights[name]),
    othersTotal,
  );
  return Object.fromEntries(Object.keys(weights).map((name) => [name, name === target ? own : distributed[others.indexOf(name)]]));
}

/**
 * Splits `amount` in proportion to `weights` into integers that add up to `amount`, giving every
 * positive weight at least 1 when `amount` allows: a target that took traffic keeps some.
 */
function distribute(amount: number, weights: readonly number[], weightsTotal: number): number[] {
  if (amount === 0 || weightsTotal === 0) return weights.map(() => 0);
  const quotas = weights.map((weight) => (amount * weight) / weightsTotal);
  const result = quotas.map(Math.floor);
  let left = amount - result.reduce((sum, value) => sum + value, 0);
  const byRemainder = quotas
    .map((quota, index) => ({ index, remainder: quota - Math.floor(quota) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    result[index]++;
    left--;
  }
  for (let index = 0; index < weights.length; index++) {
    if (weights[index] > 0 && result[index] === 0) {
      const donor = result.indexOf(Math.max(...result));
      if (result[donor] <= 1) break;
      result[donor]--;
      result[index] = 1;
    }
  }
  return result;
}

/** A share as the operator reads it: `25%`, `33.3%`, never `33.333333%`. */
export function formatPercent(share: number): string {
  return `${Math.round(share * 10) / 10}%`;
}
