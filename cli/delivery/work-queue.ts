import { ConfigError } from '../../config';
import type { DeliveryAction } from '../../domain/delivery/webhook-event';
import { CliError } from '../cli-error';
import { GitHubApiError } from './github';
import { KubeApiError } from './kube-api';
import type { DeliveryWorker, Rollout, WatchOptions } from './worker';

/**
 * The work accepted webhooks ask for, after their answer: actions converge one at a time, in the
 * order they came (a close after a push deletes what the push made), while the rollouts they
 * start are followed side by side. A failed action is one line in the log; the next goes on.
 */
export class WorkQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly following = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly worker: DeliveryWorker,
    private readonly watch: Omit<WatchOptions, 'signal'>,
    private readonly log: (line: string) => void,
  ) {}

  enqueue(label: string, actions: readonly DeliveryAction[]): void {
    this.tail = this.tail.then(() => this.run(label, actions));
  }

  /** Resolves once every queued action has converged and every rollout is done being followed. */
  async idle(): Promise<void> {
    for (;;) {
      const tail = this.tail;
      await tail;
      await Promise.all([...this.following]);
      if (tail === this.tail && this.following.size === 0) return;
    }
  }

  /** Stops following rollouts (their statuses stay as they are) and waits for the current action. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private async run(label: string, actions: readonly DeliveryAction[]): Promise<void> {
    await convergeActions(this.worker, label, actions, this.log, {
      stopped: () => this.stopping.signal.aborted,
      started: (rollout) => this.follow(label, rollout),
    });
  }

  private follow(label: string, rollout: Rollout): void {
    const following: Promise<void> = this.worker
      .watch(rollout, { ...this.watch, signal: this.stopping.signal })
      .then((outcome) => {
        if (outcome === 'pending' && !this.stopping.signal.aborted)
          this.log(`${label}: ${rollout.where} still rolling out: stopped following (the sweeper reports it)`);
      })
      .catch((error: unknown) => this.log(`${label}: following ${rollout.where} failed: ${describeFailure(error)}`))
      .finally(() => this.following.delete(following));
    this.following.add(following);
  }
}

/**
 * Converges a delivery's actions one at a time, in order, as `delivery serve` does after its
 * answer and the Lambda does before its own: a failed action is one line in the log, and the
 * next goes on. Returns the rollouts started or found running.
 */
export async function convergeActions(
  worker: Pick<DeliveryWorker, 'converge'>,
  label: string,
  actions: readonly DeliveryAction[],
  log: (line: string) => void,
  hooks: { readonly stopped?: () => boolean; readonly started?: (rollout: Rollout) => void } = {},
): Promise<Rollout[]> {
  const all: Rollout[] = [];
  for (const action of actions) {
    if (hooks.stopped?.()) break;
    let rollouts: Rollout[];
    try {
      rollouts = await worker.converge(action);
    } catch (error) {
      log(`${label}: ${describeAction(action)} failed: ${describeFailure(error)}`);
      continue;
    }
    for (const rollout of rollouts) hooks.started?.(rollout);
    all.push(...rollouts);
  }
  return all;
}

export function describeAction(action: DeliveryAction): string {
  switch (action.kind) {
    case 'deploy':
      return `deploy ${action.service} ${action.sha.slice(0, 7)} to ${action.environments.join(', ')}`;
    case 'preview':
      return `preview ${action.service} #${action.pullRequest} at ${action.sha.slice(0, 7)}`;
    case 'delete-preview':
      return `delete preview ${action.service} #${action.pullRequest}`;
  }
}

/**
 * One line for a failure the operator can act on (an API refused, a Deployment missing); a
 * stack trace for anything else, which is a bug and must not read like an answer.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof KubeApiError || error instanceof GitHubApiError || error instanceof CliError || error instanceof ConfigError)
    return error.message;
  return `bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
