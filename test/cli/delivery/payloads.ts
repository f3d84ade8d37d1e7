import { randomUUID } from 'node:crypto';
import { signature } from '../../../domain/delivery/webhook-signature';
import { BASE_REPOSITORY_ID } from './github-stand-in';

/**
 * Webhook bodies in the shape GitHub documents them
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#check_suite and #pull_request),
 * trimmed to the fields a receiver could read, and a sender that signs them as GitHub does.
 */

const repositoryJson = (repository: string) => ({
  id: BASE_REPOSITORY_ID,
  node_id: 'R_kgDOCyMJig',
  name: repository.split('/')[1],
  full_name: repository,
  private: true,
  owner: { login: repository.split('/')[0], id: 21031067, type: 'Organization' },
  html_url: `https://github.com/${repository}`,
  url: `https://api.github.com/repos/${repository}`,
  default_branch: 'main',
});

/** A pull request as a check suite lists it: repositories are `{ id, url, name }` only. */
export interface SuitePullRequest {
  readonly number: number;
  readonly headSha: string;
  readonly headRepositoryId?: number;
}

export function checkSuiteCompleted(
  repository: string,
  options: {
    readonly sha: string;
    readonly branch: string | null;
    readonly conclusion?: string;
    readonly pullRequests?: readonly SuitePullRequest[];
  },
) {
  const ref = (id: number, sha: string, branch: string) => ({
    ref: branch,
    sha,
    repo: { id, url: `https://api.github.com/repos/${repository}`, name: repository.split('/')[1] },
  });
  return {
    action: 'completed',
    check_suite: {
      id: 5_871_235_009,
      node_id: 'CS_kwDOCyMJis8AAAABXe8pwQ',
      head_branch: options.branch,
      head_sha: options.sha,
      status: 'completed',
      conclusion: options.conclusion ?? 'success',
      url: `https://api.github.com/repos/${repository}/check-suites/5871235009`,
      before: '0'.repeat(40),
      after: options.sha,
      pull_requests: (options.pullRequests ?? []).map((pull) => ({
        url: `https://api.github.com/repos/${repository}/pulls/${pull.number}`,
        id: 1_000_000 + pull.number,
        number: pull.number,
        head: ref(pull.headRepositoryId ?? BASE_REPOSITORY_ID, pull.headSha, `feature-${pull.number}`),
        base: ref(BASE_REPOSITORY_ID, 'f'.repeat(40), 'main'),
      })),
      app: { id: 15368, slug: 'github-actions', name: 'GitHub Actions' },
      created_at: '2026-11-26T17:00:00Z',
      updated_at: '2026-11-26T17:04:00Z',
      latest_check_runs_count: 3,
      head_commit: { id: options.sha, message: 'change', timestamp: '2026-11-26T16:59:00Z' },
    },
    repository: repositoryJson(repository),
    sender: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
  };
}

export function pullRequestEvent(
  repository: string,
  action: string,
  number: number,
  options: { readonly headSha: string; readonly merged?: boolean },
) {
  return {
    action,
    number,
    pull_request: {
      url: `https://api.github.com/repos/${repository}/pulls/${number}`,
      id: 1_000_000 + number,
      number,
      state: action === 'closed' ? 'closed' : 'open',
      merged: options.merged ?? false,
      head: { ref: `feature-${number}`, sha: options.headSha, repo: repositoryJson(repository) },
      base: { ref: 'main', sha: 'f'.repeat(40), repo: repositoryJson(repository) },
    },
    repository: repositoryJson(repository),
    sender: { login: 'octocat', id: 1, type: 'User' },
  };
}

export interface SentWebhook {
  readonly status: number;
  readonly body: string;
  /** How long the receiver took to answer. */
  readonly ms: number;
}

/** POSTs a delivery as GitHub does: the event and delivery id in headers, the body signed with the secret. */
export async function sendWebhook(
  url: string,
  event: string,
  body: unknown,
  options: { readonly secret: string; readonly deliveryId?: string; readonly signatureHeader?: string | null },
): Promise<SentWebhook> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'GitHub-Hookshot/044aadd',
    'X-GitHub-Event': event,
    'X-GitHub-Delivery': options.deliveryId ?? randomUUID(),
    'X-GitHub-Hook-ID': '292430182',
  };
  const header = options.signatureHeader === undefined ? signature(options.secret, raw) : options.signatureHeader;
  if (header !== null) headers['X-Hub-Signature-256'] = header;
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  return { status: response.status, body: await response.text(), ms: Date.now() - started };
}
