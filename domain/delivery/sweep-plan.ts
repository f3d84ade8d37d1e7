import type { KubeshiftConfig } from '../../config';
import { previewExpiry, type LivePreview } from './preview';
import type { DeliveryAction } from './webhook-event';

/**
 * What the sweeper does on a schedule, so that nothing depends on one webhook arriving: GitHub
 * never redelivers a failed delivery by itself
 * (https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries).
 * Previews whose pull request closed or whose expiry passed go; open green pull requests that
 * have none (or an older commit) get theirs.
 */

/** An open pull request of a delivered repository, as the sweeper read it from GitHub. */
export interface OpenPullRequest {
  readonly repository: string;
  readonly number: number;
  readonly headSha: string;
  /** Head and base are the same repository: forks get no preview. */
  readonly sameRepository: boolean;
  /** When its head commit went green (see `greenAt`); undefined while it is not. */
  readonly greenAt?: Date;
}

/** A check suite of a commit, as GET /repos/{owner}/{repo}/commits/{ref}/check-suites lists it. */
export interface CheckSuiteSummary {
  readonly status?: string | null;
  readonly conclusion?: string | null;
  readonly updated_at?: string | null;
}

/** Conclusions that let a commit through: a suite that did not need to run blocks nothing. */
const PASSING = new Set(['success', 'neutral', 'skipped']);

/**
 * When a commit went green: every check suite completed with a passing conclusion, at least one
 * of them `success`; the last suite's completion time. Undefined while any suite runs or failed
 * (https://docs.github.com/en/rest/checks/suites#list-check-suites-for-a-git-reference).
 */
export function greenAt(suites: readonly CheckSuiteSummary[]): Date | undefined {
  if (!suites.some((suite) => suite.conclusion === 'success')) return undefined;
  if (suites.some((suite) => suite.status !== 'completed' || !PASSING.has(suite.conclusion ?? ''))) return undefined;
  const times = suites.map((suite) => Date.parse(suite.updated_at ?? '')).filter(Number.isFinite);
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

export interface PreviewDeletion {
  readonly preview: LivePreview;
  readonly reason: 'expired' | 'pull request closed';
}

export type PreviewAction = Extract<DeliveryAction, { kind: 'preview' }>;

export interface SweepPlan {
  readonly deletions: readonly PreviewDeletion[];
  readonly previews: readonly PreviewAction[];
}

export interface SweepInput {
  /** The preview namespaces on the cluster. */
  readonly live: readonly LivePreview[];
  /** Every open pull request of the repositories in `polled`. */
  readonly open: readonly OpenPullRequest[];
  /** The repositories whose open pull requests were read: a preview of any other is judged by its expiry only. */
  readonly polled: readonly string[];
  readonly now: Date;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function sweepPlan(config: KubeshiftConfig, input: SweepInput): SweepPlan {
  const previews = config.delivery?.previews;
  const deletions: PreviewDeletion[] = [];
  for (const preview of input.live) {
    if (preview.expiresAt && preview.expiresAt.getTime() <= input.now.getTime()) {
      deletions.push({ preview, reason: 'expired' });
      continue;
    }
    const polled = input.polled.some((repository) => same(repository, preview.repository));
    const open = input.open.some((pull) => same(pull.repository, preview.repository) && pull.number === preview.pullRequest);
    if (polled && !open) deletions.push({ preview, reason: 'pull request closed' });
  }
  if (!previews) return { deletions, previews: [] };

  const actions: PreviewAction[] = [];
  for (const pull of input.open) {
    // A preview that went green longer ago than its time to live has expired: not made again.
    if (!pull.sameRepository || !pull.greenAt || previewExpiry(pull.greenAt, previews.ttlHours).getTime() <= input.now.getTime()) continue;
    for (const service of config.services) {
      if (!service.repository || !same(service.repository, pull.repository)) continue;
      // Current: running the head commit. An expired preview of the head commit is not made
      // again either: it comes back with the next green push.
      const current = input.live.some(
        (preview) => preview.service === service.name && preview.pullRequest === pull.number && preview.sha === pull.headSha,
      );
      if (!current) actions.push({ kind: 'preview', service: service.name, pullRequest: pull.number, sha: pull.headSha });
    }
  }
  return { deletions, previews: actions };
}
