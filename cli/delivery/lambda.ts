import type { KubeshiftConfig } from '../../config';
import type { DeliveryAction } from '../../domain/delivery/webhook-event';
import { perCluster, type DeliveryIds } from './delivery-ids';
import type { GitHubApi } from './github';
import { sweep } from './sweep';
import { answerWebhook, type WebhookAnswer } from './webhook';
import { convergeActions, describeFailure } from './work-queue';
import type { DeliveryWorker } from './worker';

/**
 * The delivery handler as a Lambda behind a Function URL, and on a schedule: the same webhook
 * answer (answerWebhook) and the same convergence (convergeActions, sweep) as `delivery serve`
 * and `delivery sweep`, for every cluster delivery acts on. A Lambda cannot work after its answer
 * (the container is frozen), so it converges first, within a budget under GitHub's 10 seconds,
 * and leaves following rollouts to the scheduled run, which reports each as a commit status.
 */

/** The Function URL request, payload format 2.0 (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads). */
export interface FunctionUrlEvent {
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly rawPath?: string;
  readonly requestContext: { readonly http: { readonly method: string } };
}

/** What EventBridge sends on a schedule (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html). */
export interface ScheduledEvent {
  readonly source: 'aws.events';
  readonly 'detail-type': 'Scheduled Event';
}

export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A cluster's worker and the GitHub client it posts with. */
export interface ClusterConnection {
  readonly worker: DeliveryWorker;
  readonly github: GitHubApi;
  /** Frees its connections. */
  close(): void;
}

export interface LambdaContext {
  readonly config: KubeshiftConfig;
  /** The clusters delivery acts on (domain/delivery/access-scope.ts). */
  readonly clusters: readonly string[];
  /** The webhook secret, read once per container. */
  readonly webhookSecret: () => Promise<string>;
  readonly deliveryIds: DeliveryIds;
  /** Connects to one cluster (endpoint, token) with the GitHub credential. */
  readonly connect: (cluster: string) => Promise<ClusterConnection>;
  readonly log: (line: string) => void;
  /** How long a webhook may converge before it is answered anyway. */
  readonly budgetMs: number;
}

/**
 * GitHub closes a delivery it has no answer to after 10 seconds and never retries it
 * (https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds);
 * 8 leaves room for a cold start's secret and cluster reads and the network on both sides.
 */
export const WEBHOOK_BUDGET_MS = 8_000;

const HTTP = { accepted: 202, ok: 200, noContent: 204, methodNotAllowed: 405 } as const;

export function isFunctionUrlEvent(event: unknown): event is FunctionUrlEvent {
  return typeof (event as FunctionUrlEvent | undefined)?.requestContext?.http?.method === 'string';
}

export function isScheduledEvent(event: unknown): event is ScheduledEvent {
  const candidate = event as Partial<ScheduledEvent> | undefined;
  return candidate?.source === 'aws.events' && candidate['detail-type'] === 'Scheduled Event';
}

/** Answers one webhook delivery: verified and deduplicated per cluster, converged within the budget. */
export async function handleWebhook(event: FunctionUrlEvent, context: LambdaContext): Promise<FunctionUrlResult> {
  if (event.requestContext.http.method !== 'POST') return result(HTTP.methodNotAllowed, 'POST only');
  const started = Date.now();
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const request = { headers: event.headers ?? {}, body };
  const secret = await context.webhookSecret();
  const accepted: { cluster: string; actions: readonly DeliveryAction[] }[] = [];
  let answer: WebhookAnswer | undefined;
  let duplicate = false;
  for (const cluster of context.clusters) {
    answer = await answerWebhook(request, {
      secret,
      config: context.config,
      cluster,
      deliveryIds: perCluster(context.deliveryIds, cluster),
    });
    // A bad signature or body is the same for every cluster: answered at once, nothing done.
    if (answer.status >= 400) return result(answer.status, answer.body);
    if (answer.status === HTTP.accepted) accepted.push({ cluster, actions: answer.actions });
    if (answer.status === HTTP.ok) duplicate = true;
  }
  const label = `delivery ${answer?.deliveryId ?? '-'} (${answer?.event || 'no event'})`;
  if (accepted.length === 0) {
    const status = duplicate ? HTTP.ok : HTTP.noContent;
    context.log(`${label}: ${status}`);
    return result(status, duplicate ? `delivery ${answer?.deliveryId} was already received: nothing done` : '');
  }
  const work = Promise.all(accepted.map(({ cluster, actions }) => converge(context, cluster, `${label} on ${cluster}`, actions)));
  const left = Math.max(0, context.budgetMs - (Date.now() - started));
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), left)));
  const outcome = await Promise.race([work.then(() => 'done' as const), outOfTime]);
  clearTimeout(timer);
  const actions = accepted.reduce((sum, entry) => sum + entry.actions.length, 0);
  if (outcome === 'late') {
    context.log(`${label}: not converged within ${context.budgetMs} ms: answered, the scheduled sweep finishes it`);
    return result(HTTP.accepted, `accepted: ${actions} action(s); the scheduled sweep finishes what did not fit in the answer`);
  }
  context.log(`${label}: 202`);
  return result(HTTP.accepted, `accepted: ${actions} action(s) applied; rollouts are reported by the scheduled sweep`);
}

/** The scheduled run: `delivery sweep` on every cluster, each on its own; one cluster's failure stops no other. */
export async function handleSchedule(context: LambdaContext): Promise<{ readonly failures: number }> {
  let failures = 0;
  for (const cluster of context.clusters) {
    let connection: ClusterConnection | undefined;
    try {
      connection = await context.connect(cluster);
      const outcome = await sweep({
        config: context.config,
        cluster,
        github: connection.github,
        worker: connection.worker,
        now: new Date(),
      });
      context.log(outcome.output);
      if (outcome.exitCode !== 0) failures += 1;
    } catch (error) {
      failures += 1;
      context.log(`sweep of cluster ${cluster} failed: ${describeFailure(error)}`);
    } finally {
      connection?.close();
    }
  }
  return { failures };
}

async function converge(context: LambdaContext, cluster: string, label: string, actions: readonly DeliveryAction[]): Promise<void> {
  let connection: ClusterConnection | undefined;
  try {
    connection = await context.connect(cluster);
    const rollouts = await convergeActions(connection.worker, label, actions, context.log);
    for (const rollout of rollouts) context.log(`${label}: ${rollout.where} rolling out ${rollout.sha.slice(0, 7)}`);
  } catch (error) {
    context.log(`${label}: cannot reach cluster ${cluster}: ${describeFailure(error)}`);
  } finally {
    connection?.close();
  }
}

function result(statusCode: number, body: string): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: statusCode === HTTP.noContent ? '' : body };
}
