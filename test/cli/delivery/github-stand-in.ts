import { verify, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the GitHub REST API, on loopback: the endpoints delivery calls, with the
 * documented paths and shapes (https://docs.github.com/en/rest), over state the test sets
 * (pull requests, check suites, the default branch's history) and recording what delivery
 * writes (statuses, comments) so the test can assert it.
 */

export interface RecordedStatus {
  readonly repository: string;
  readonly sha: string;
  readonly state: string;
  readonly context: string;
  readonly description: string;
  readonly target_url?: string;
}

export interface StandInPullRequest {
  state: 'open' | 'closed';
  headSha: string;
  /** Same as the base's unless it comes from a fork. */
  headRepositoryId?: number;
}

export interface StandInComment {
  readonly id: number;
  readonly repository: string;
  readonly issue: number;
  body: string;
  edits: number;
}

export interface StandInCheckSuite {
  readonly status: string;
  readonly conclusion: string | null;
  readonly updated_at: string;
}

/** Every repository of the stand-in has this id; a fork's head has another. */
export const BASE_REPOSITORY_ID = 186853002;
const PER_PAGE_DEFAULT = 30;

export class GitHubStandIn {
  readonly statuses: RecordedStatus[] = [];
  readonly comments: StandInComment[] = [];
  readonly pulls = new Map<string, StandInPullRequest>();
  readonly checkSuites = new Map<string, StandInCheckSuite[]>();
  /** Per repository, its default branch's commits, oldest first (for compare; the last is the head). */
  readonly history = new Map<string, string[]>();
  /** Every call, for asserting what was (not) asked. */
  readonly requests: { readonly method: string; readonly path: string }[] = [];
  /**
   * A GitHub App's public key: POST /app/installations/{id}/access_tokens with a JWT it signed
   * returns the stand-in's token, expiring an hour on.
   */
  appPublicKey?: KeyObject;
  /** What the App's JWTs said, one per token minted. */
  readonly minted: { readonly installationId: string; readonly claims: Record<string, unknown> }[] = [];
  private server?: http.Server;
  private nextCommentId = 1;

  constructor(private readonly token: string) {}

  /** Starts on a free loopback port; resolves with the base URL. */
  async start(): Promise<string> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => this.reply(response, 500, { message: error.message }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  setPull(repository: string, number: number, pull: StandInPullRequest): void {
    this.pulls.set(`${repository}#${number}`, pull);
  }

  /** A commit whose check suites all passed at `at`. */
  green(repository: string, sha: string, at = new Date()): void {
    this.checkSuites.set(`${repository}@${sha}`, [{ status: 'completed', conclusion: 'success', updated_at: at.toISOString() }]);
  }

  /** The states posted for one commit and context, in order. */
  statesOf(repository: string, sha: string, context: string): string[] {
    return this.statuses.filter((s) => s.repository === repository && s.sha === sha && s.context === context).map((s) => s.state);
  }

  /** https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app, on a JWT signed with the App's key. */
  private mint(request: http.IncomingMessage, response: http.ServerResponse, installationId: string): void {
    const [header, payload, signature] = (request.headers.authorization ?? '').replace(/^Bearer /, '').split('.');
    const signed =
      this.appPublicKey !== undefined &&
      signature !== undefined &&
      verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.appPublicKey, Buffer.from(signature, 'base64url'));
    if (!signed) return this.reply(response, 401, { message: 'A JSON web token could not be decoded' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    this.minted.push({ installationId, claims });
    this.reply(response, 201, { token: this.token, expires_at: new Date(Date.now() + 3600_000).toISOString() });
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const method = request.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    const installation = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(url.pathname);
    if (method === 'POST' && installation) return this.mint(request, response, installation[1]);
    if (request.headers.authorization !== `Bearer ${this.token}`) return this.reply(response, 401, { message: 'Bad credentials' });
    const body = await readJson(request);
    const route = (pattern: RegExp) => pattern.exec(url.pathname);
    let match: RegExpExecArray | null;

    if (method === 'POST' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/statuses\/([0-9a-f]{40})$/))) {
      const { state, context = 'default', description = '', target_url } = body as Record<string, string>;
      if (description.length > 140) return this.reply(response, 422, { message: 'description is too long (maximum is 140 characters)' });
      this.statuses.push({ repository: match[1], sha: match[2], state, context, description, target_url });
      return this.reply(response, 201, { state, context });
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/status$/))) {
      // The combined status: the latest status of each context.
      const latest = new Map<string, RecordedStatus>();
      for (const status of this.statuses)
        if (status.repository === match[1] && status.sha === match[2]) latest.set(status.context.toLowerCase(), status);
      return this.reply(response, 200, { sha: match[2], statuses: [...latest.values()].map(({ state, context }) => ({ state, context })) });
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/check-suites$/))) {
      const suites = this.checkSuites.get(`${match[1]}@${match[2]}`) ?? [];
      return this.reply(response, 200, { total_count: suites.length, check_suites: suites });
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/))) {
      const commits = this.history.get(match[1]) ?? [];
      const [base, head] = [commits.indexOf(match[2]), commits.indexOf(match[3])];
      if (base < 0 || head < 0) return this.reply(response, 404, { message: 'Not Found' });
      return this.reply(response, 200, { status: head === base ? 'identical' : head > base ? 'ahead' : 'behind' });
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)$/))) {
      return this.history.has(match[1])
        ? this.reply(response, 200, { full_name: match[1], default_branch: 'main' })
        : this.reply(response, 404, { message: 'Not Found' });
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/branches\/main$/))) {
      const head = this.history.get(match[1])?.at(-1);
      return head
        ? this.reply(response, 200, { name: 'main', commit: { sha: head } })
        : this.reply(response, 404, { message: 'Branch not found' });
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/))) {
      const pull = this.pulls.get(`${match[1]}#${match[2]}`);
      return pull
        ? this.reply(response, 200, this.pullJson(match[1], Number(match[2]), pull))
        : this.reply(response, 404, { message: 'Not Found' });
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/pulls$/))) {
      const repository = match[1];
      const open = [...this.pulls.entries()]
        .filter(([key, pull]) => key.startsWith(`${repository}#`) && pull.state === 'open')
        .map(([key, pull]) => this.pullJson(repository, Number(key.split('#')[1]), pull));
      return this.reply(response, 200, page(open, url));
    }
    if (method === 'GET' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/))) {
      const comments = this.comments.filter((c) => c.repository === match![1] && c.issue === Number(match![2]));
      return this.reply(
        response,
        200,
        page(
          comments.map(({ id, body }) => ({ id, body })),
          url,
        ),
      );
    }
    if (method === 'POST' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/))) {
      const comment = {
        id: this.nextCommentId++,
        repository: match[1],
        issue: Number(match[2]),
        body: String((body as { body: string }).body),
        edits: 0,
      };
      this.comments.push(comment);
      return this.reply(response, 201, { id: comment.id, body: comment.body });
    }
    if (method === 'PATCH' && (match = route(/^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/))) {
      const comment = this.comments.find((c) => c.repository === match![1] && c.id === Number(match![2]));
      if (!comment) return this.reply(response, 404, { message: 'Not Found' });
      comment.body = String((body as { body: string }).body);
      comment.edits++;
      return this.reply(response, 200, { id: comment.id, body: comment.body });
    }
    return this.reply(response, 404, { message: `stand-in has no ${method} ${url.pathname}` });
  }

  private pullJson(repository: string, number: number, pull: StandInPullRequest) {
    const repo = (id: number) => ({ id, full_name: repository, url: `https://api.github.com/repos/${repository}` });
    return {
      number,
      state: pull.state,
      head: { ref: `feature-${number}`, sha: pull.headSha, repo: repo(pull.headRepositoryId ?? BASE_REPOSITORY_ID) },
      base: { ref: 'main', repo: repo(BASE_REPOSITORY_ID) },
    };
  }

  private reply(response: http.ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}

function page<T>(items: readonly T[], url: URL): T[] {
  const perPage = Number(url.searchParams.get('per_page') ?? PER_PAGE_DEFAULT);
  const number = Number(url.searchParams.get('page') ?? 1);
  return items.slice((number - 1) * perPage, number * perPage);
}

function readJson(request: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(text ? JSON.parse(text) : undefined);
    });
    request.on('error', reject);
  });
}
