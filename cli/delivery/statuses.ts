import { statusToPost } from '../../domain/delivery/rollout-state';
import type { CommitState, GitHubApi } from './github';

/** One deployment of one commit, as a status on that commit. */
export interface StatusTarget {
  readonly repository: string;
  readonly sha: string;
  /** `kubeshift/<cluster>/<environment>` or `kubeshift/<cluster>/preview` */
  readonly context: string;
  /** The service's URL there. */
  readonly targetUrl: string;
}

/**
 * Posts a commit status only when its state changes: GitHub keeps at most 1,000 statuses per
 * commit and context (https://docs.github.com/en/rest/commits/statuses#create-a-commit-status).
 * What was posted is remembered; what this process never posted is read from the commit's
 * combined status first, so a restart, a second replica or the sweeper does not post it again.
 */
export class CommitStatuses {
  private readonly posted = new Map<string, CommitState>();

  constructor(private readonly github: GitHubApi) {}

  /** True when a status was posted. */
  async post(target: StatusTarget, state: CommitState, description: string): Promise<boolean> {
    // Contexts are case-insensitive on GitHub.
    const key = `${target.repository}@${target.sha}#${target.context}`.toLowerCase();
    let previous = this.posted.get(key);
    if (previous === undefined) {
      const latest = await this.github.latestStatuses(target.repository, target.sha);
      previous = latest.find((status) => status.context.toLowerCase() === target.context.toLowerCase())?.state;
    }
    const next = statusToPost<CommitState>(previous, state);
    if (next)
      await this.github.createStatus(target.repository, target.sha, {
        state: next,
        context: target.context,
        description,
        target_url: target.targetUrl,
      });
    this.posted.set(key, state);
    return next !== undefined;
  }
}
