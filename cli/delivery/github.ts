import type { GitHubToken } from './github-credential';

/**
 * The GitHub REST calls delivery makes, over fetch. `apiUrl` is https://api.github.com, or a
 * stand-in in tests; every path and field is from https://docs.github.com/en/rest.
 */

export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatus {
  readonly state: CommitState;
  readonly context: string;
  /** GitHub cuts nothing: a description over 140 characters is refused, so it is cut here. */
  readonly description: string;
  readonly target_url?: string;
}

export interface PullRequest {
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly head: { readonly sha: string; readonly repo: { readonly id: number; readonly full_name: string } | null };
  readonly base: { readonly repo: { readonly id: number; readonly full_name: string } };
}

export interface IssueComment {
  readonly id: number;
  readonly body?: string;
}

export interface CheckSuite {
  readonly status?: string | null;
  readonly conclusion?: string | null;
  readonly updated_at?: string | null;
}

/** GitHub's refusal of a call: its status and message. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

/** https://docs.github.com/en/rest/commits/statuses#create-a-commit-status: `description` is a short one. */
const MAX_DESCRIPTION = 140;
/** The largest page GitHub serves on the list endpoints used here. */
const PER_PAGE = 100;
const API_VERSION = '2022-11-28';
const REQUEST_TIMEOUT_MS = 15_000;

export class GitHubApi {
  constructor(
    private readonly apiUrl: string,
    /** A token, or where the next one comes from (a GitHub App's installation tokens: github-credential.ts). */
    private readonly token: string | GitHubToken,
  ) {}

  /** https://docs.github.com/en/rest/commits/statuses#create-a-commit-status */
  async createStatus(repository: string, sha: string, status: CommitStatus): Promise<void> {
    const description =
      status.description.length > MAX_DESCRIPTION ? `${status.description.slice(0, MAX_DESCRIPTION - 1)}…` : status.description;
    await this.call('POST', `/repos/${repository}/statuses/${sha}`, { ...status, description });
  }

  /**
   * The latest status of each context on a commit (the combined status lists one per context):
   * https://docs.github.com/en/rest/commits/statuses#get-the-combined-status-for-a-specific-reference
   */
  async latestStatuses(repository: string, sha: string): Promise<{ readonly context: string; readonly state: CommitState }[]> {
    const combined = (await this.call('GET', `/repos/${repository}/commits/${sha}/status?per_page=${PER_PAGE}`)) as {
      statuses?: { context: string; state: CommitState }[];
    };
    return combined.statuses ?? [];
  }

  /** https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request */
  async pullRequest(repository: string, number: number): Promise<PullRequest> {
    return (await this.call('GET', `/repos/${repository}/pulls/${number}`)) as PullRequest;
  }

  /** https://docs.github.com/en/rest/pulls/pulls#list-pull-requests */
  async openPullRequests(repository: string): Promise<PullRequest[]> {
    return this.pages<PullRequest>(`/repos/${repository}/pulls?state=open`);
  }

  /** https://docs.github.com/en/rest/checks/suites#list-check-suites-for-a-git-reference */
  async checkSuites(repository: string, ref: string): Promise<CheckSuite[]> {
    const page = (await this.call('GET', `/repos/${repository}/commits/${ref}/check-suites?per_page=${PER_PAGE}`)) as {
      check_suites?: CheckSuite[];
    };
    return page.check_suites ?? [];
  }

  /**
   * How `head` relates to `base`: `ahead`, `behind`, `identical` or `diverged`.
   * https://docs.github.com/en/rest/commits/commits#compare-two-commits
   */
  async compare(repository: string, base: string, head: string): Promise<string> {
    const comparison = (await this.call('GET', `/repos/${repository}/compare/${base}...${head}?per_page=1`)) as { status: string };
    return comparison.status;
  }

  /**
   * The head commit of a repository's default branch: https://docs.github.com/en/rest/repos/repos#get-a-repository
   * for its name, https://docs.github.com/en/rest/branches/branches#get-a-branch for its commit.
   */
  async defaultBranchHead(repository: string): Promise<{ readonly branch: string; readonly sha: string }> {
    const { default_branch: branch } = (await this.call('GET', `/repos/${repository}`)) as { default_branch: string };
    const { commit } = (await this.call('GET', `/repos/${repository}/branches/${encodeURIComponent(branch)}`)) as {
      commit: { sha: string };
    };
    return { branch, sha: commit.sha };
  }

  /** https://docs.github.com/en/rest/issues/comments#list-issue-comments (a pull request is an issue) */
  async comments(repository: string, issue: number): Promise<IssueComment[]> {
    return this.pages<IssueComment>(`/repos/${repository}/issues/${issue}/comments`);
  }

  /** https://docs.github.com/en/rest/issues/comments#create-an-issue-comment */
  async createComment(repository: string, issue: number, body: string): Promise<void> {
    await this.call('POST', `/repos/${repository}/issues/${issue}/comments`, { body });
  }

  /** https://docs.github.com/en/rest/issues/comments#update-an-issue-comment */
  async updateComment(repository: string, id: number, body: string): Promise<void> {
    await this.call('PATCH', `/repos/${repository}/issues/comments/${id}`, { body });
  }

  /** Every page of a list, following `page=` until a short page (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api). */
  private async pages<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    const separator = path.includes('?') ? '&' : '?';
    for (let page = 1; ; page++) {
      const batch = (await this.call('GET', `${path}${separator}per_page=${PER_PAGE}&page=${page}`)) as T[];
      items.push(...batch);
      if (batch.length < PER_PAGE) return items;
    }
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.apiUrl.replace(/\/+$/, '')}${path}`;
    const token = typeof this.token === 'string' ? this.token : await this.token();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${token}`,
          'X-GitHub-Api-Version': API_VERSION,
          'User-Agent': 'kubeshift-delivery',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new GitHubApiError(0, `${method} ${path}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 200);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // Not JSON: the text says it.
      }
      throw new GitHubApiError(response.status, `GitHub ${method} ${path}: ${response.status} ${message}`);
    }
    return text ? JSON.parse(text) : undefined;
  }
}
