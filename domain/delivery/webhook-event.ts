import type { KubeshiftConfig } from '../../config';

/** What a webhook asks for, once read; each is a hint to converge, never a step to replay. */
export type DeliveryAction =
  | {
      /** The default branch went green: these environments follow it. */
      readonly kind: 'deploy';
      readonly service: string;
      readonly environments: readonly string[];
      readonly sha: string;
    }
  | {
      /** A same-repository pull request went green: its preview runs that commit. */
      readonly kind: 'preview';
      readonly service: string;
      readonly pullRequest: number;
      readonly sha: string;
    }
  | {
      /** A pull request was merged or closed: its preview goes. */
      readonly kind: 'delete-preview';
      readonly service: string;
      readonly pullRequest: number;
    };

/** The parts of GitHub's webhook payloads this reads (docs.github.com, "Webhook events and payloads"). */
interface RepositoryPayload {
  readonly full_name?: string;
  readonly default_branch?: string;
}
/**
 * A pull request as a check suite lists it: its repositories are `{ id, url, name }` only, with no
 * `full_name` (the "Check Run Pull Request" object of
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#check_suite).
 */
interface RepositoryRef {
  readonly id?: number;
  readonly url?: string;
}
interface PullRequestRef {
  readonly number?: number;
  readonly head?: { readonly sha?: string; readonly repo?: RepositoryRef | null };
  readonly base?: { readonly repo?: RepositoryRef | null };
}
interface CheckSuitePayload {
  readonly action?: string;
  readonly repository?: RepositoryPayload;
  readonly check_suite?: {
    readonly conclusion?: string | null;
    readonly head_branch?: string | null;
    readonly head_sha?: string;
    readonly pull_requests?: readonly PullRequestRef[];
  };
}
interface PullRequestPayload {
  readonly action?: string;
  readonly number?: number;
  readonly repository?: RepositoryPayload;
}

/**
 * The actions an event asks for; none for an event kubeshift does not act on (204). Only green
 * check suites deploy: opening a pull request creates nothing until its CI passes. A pull request
 * from a fork never gets a preview here: GitHub lists no pull requests on a fork's check suite,
 * and one whose head repository differs from its base is skipped too.
 */
export function actionsFor(event: string, payload: unknown, config: KubeshiftConfig): DeliveryAction[] {
  if (!config.delivery || typeof payload !== 'object' || payload === null) return [];
  if (event === 'check_suite') return checkSuiteActions(payload as CheckSuitePayload, config);
  if (event === 'pull_request') return pullRequestActions(payload as PullRequestPayload, config);
  return [];
}

function checkSuiteActions(payload: CheckSuitePayload, config: KubeshiftConfig): DeliveryAction[] {
  const suite = payload.check_suite;
  const repository = payload.repository?.full_name;
  if (payload.action !== 'completed' || suite?.conclusion !== 'success' || !suite.head_sha || !repository) return [];
  const sha = suite.head_sha;
  const services = servicesOf(config, repository);
  const actions: DeliveryAction[] = [];
  const deployOnGreen = config.delivery?.deployOnGreen ?? [];
  if (suite.head_branch && suite.head_branch === payload.repository?.default_branch && deployOnGreen.length > 0) {
    for (const service of services) {
      const environments = deployOnGreen.filter((environment) => runsIn(config, service, environment));
      if (environments.length > 0) actions.push({ kind: 'deploy', service, environments, sha });
    }
  }
  if (config.delivery?.previews) {
    for (const pullRequest of suite.pull_requests ?? []) {
      if (!pullRequest.number || !sameRepository(pullRequest) || pullRequest.head?.sha !== sha) continue;
      for (const service of services) actions.push({ kind: 'preview', service, pullRequest: pullRequest.number, sha });
    }
  }
  return actions;
}

/**
 * Head and base are one repository: same id (or, without ids, same API URL). Both must be known:
 * a check suite's pull requests carry no `full_name`, so comparing names would match two absent
 * values and let a fork through.
 */
function sameRepository(pullRequest: PullRequestRef): boolean {
  const head = pullRequest.head?.repo;
  const base = pullRequest.base?.repo;
  if (head?.id !== undefined && base?.id !== undefined) return head.id === base.id;
  return head?.url !== undefined && base?.url !== undefined && head.url.toLowerCase() === base.url.toLowerCase();
}

function pullRequestActions(payload: PullRequestPayload, config: KubeshiftConfig): DeliveryAction[] {
  const repository = payload.repository?.full_name;
  if (payload.action !== 'closed' || !payload.number || !repository || !config.delivery?.previews) return [];
  return servicesOf(config, repository).map((service) => ({ kind: 'delete-preview', service, pullRequest: payload.number! }));
}

/** The services built from a repository; GitHub compares owner and name without case. */
function servicesOf(config: KubeshiftConfig, repository: string): string[] {
  return config.services.filter((service) => service.repository?.toLowerCase() === repository.toLowerCase()).map((service) => service.name);
}

function runsIn(config: KubeshiftConfig, service: string, environment: string): boolean {
  return config.services.some(
    (candidate) => candidate.name === service && candidate.environments.some((entry) => entry.environment === environment),
  );
}
