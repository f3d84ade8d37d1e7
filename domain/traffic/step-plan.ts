import { DomainError } from '../domain-error';
import { formatPercent, nextScheduledShare, sharesOf, weightsForShare, type Weights } from './shares';

/** Shares a service moves through by default: a canary, a quarter, half, everything. */
export const DEFAULT_SCHEDULE: readonly number[] = [10, 25, 50, 100];

/** Either add percentage points to the target's share, or go to the schedule's next share. */
export type StepRequest = { readonly by: number } | { readonly schedule: readonly number[] };

export type StepPlan =
  | {
      readonly kind: 'step';
      readonly target: string;
      /** The share the target reaches, in percent, as asked (the weights may round it). */
      readonly percent: number;
      readonly before: Weights;
      readonly after: Weights;
    }
  | { readonly kind: 'nothing-to-do'; readonly reason: string };

/**
 * The next step of a group toward `target`. A `--by` that would take the target past 100 % is an
 * error; a target that already has everything, or is past the schedule's last share, has nothing
 * to do (the caller reports that as a "no").
 */
export function planStep(label: string, weights: Weights, target: string, request: StepRequest): StepPlan {
  const current = sharesOf(weights)[target];
  const othersHaveTraffic = Object.keys(weights).some((name) => name !== target && weights[name] > 0);
  if (!othersHaveTraffic) {
    return { kind: 'nothing-to-do', reason: `${target} already takes 100% of ${label}` };
  }
  let percent: number;
  if ('by' in request) {
    percent = current + request.by;
    if (percent > 100 + 1e-9) {
      throw new DomainError(
        `--by ${request.by} overshoots: ${target} has ${formatPercent(current)} of ${label}, so --by can add at most ${formatPercent(100 - current)}`,
      );
    }
    percent = Math.min(percent, 100);
  } else {
    const next = nextScheduledShare(current, request.schedule);
    if (next === undefined) {
      const last = request.schedule[request.schedule.length - 1];
      return {
        kind: 'nothing-to-do',
        reason: `${target} has ${formatPercent(current)} of ${label}, past the schedule's last step (${last}%)`,
      };
    }
    percent = next;
  }
  const after = weightsForShare(weights, target, percent);
  if (sharesOf(after)[target] <= current + 1e-9) {
    const others = Object.keys(weights).filter((name) => name !== target && weights[name] > 0);
    return {
      kind: 'nothing-to-do',
      reason: `${target} has ${formatPercent(current)} of ${label}: weights of at most 255 cannot give it more while ${others.join(', ')} keep some traffic`,
    };
  }
  return { kind: 'step', target, percent, before: weights, after };
}
