import type { KubeshiftConfig } from '../../config';
import { actionsFor, type DeliveryAction } from '../../domain/delivery/webhook-event';
import { validSignature } from '../../domain/delivery/webhook-signature';
import type { DeliveryIds } from './delivery-ids';

/**
 * One webhook delivery in, one answer out, before any work: GitHub gives a receiver 10 seconds
 * (https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds),
 * so the actions an accepted delivery asks for run after the answer.
 */

export interface WebhookRequest {
  /** Header names in lower case, as node:http and Lambda Function URLs give them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body: the signature is over these bytes, not over parsed JSON. */
  readonly body: Buffer;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly body: string;
  /** What to do after answering (202 only). */
  readonly actions: readonly DeliveryAction[];
  readonly deliveryId?: string;
  readonly event?: string;
}

export interface WebhookContext {
  readonly secret: string;
  readonly config: KubeshiftConfig;
  /** Only actions on this cluster are accepted; the others are another receiver's. */
  readonly cluster: string;
  readonly deliveryIds: DeliveryIds;
}

const HTTP = { accepted: 202, ok: 200, noContent: 204, badRequest: 400, unauthorized: 401 } as const;

function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

export async function answerWebhook(request: WebhookRequest, context: WebhookContext): Promise<WebhookAnswer> {
  // Nothing is read from an unsigned body, not even whether it is JSON.
  if (!validSignature(context.secret, request.body, header(request, 'x-hub-signature-256'))) {
    return { status: HTTP.unauthorized, body: 'invalid or missing X-Hub-Signature-256', actions: [] };
  }
  const event = header(request, 'x-github-event') ?? '';
  const deliveryId = header(request, 'x-github-delivery');
  let payload: unknown;
  try {
    payload = JSON.parse(request.body.toString('utf8'));
  } catch {
    return { status: HTTP.badRequest, body: 'the body is not JSON', actions: [], deliveryId, event };
  }
  const actions = onCluster(actionsFor(event, payload, context.config), context.config, context.cluster);
  if (actions.length === 0) return { status: HTTP.noContent, body: '', actions: [], deliveryId, event };
  if (!deliveryId) return { status: HTTP.badRequest, body: 'missing X-GitHub-Delivery', actions: [], event };
  if (!(await context.deliveryIds.firstTime(deliveryId))) {
    return { status: HTTP.ok, body: `delivery ${deliveryId} was already received: nothing done`, actions: [], deliveryId, event };
  }
  return { status: HTTP.accepted, body: `accepted: ${actions.length} action(s)`, actions, deliveryId, event };
}

/** The actions, or the part of them, that concern one cluster. */
export function onCluster(actions: readonly DeliveryAction[], config: KubeshiftConfig, cluster: string): DeliveryAction[] {
  const previewsHere = config.delivery?.previews?.cluster === cluster;
  return actions.flatMap((action): DeliveryAction[] => {
    if (action.kind !== 'deploy') return previewsHere ? [action] : [];
    const service = config.services.find((candidate) => candidate.name === action.service);
    const environments = action.environments.filter((environment) =>
      service?.environments.some((entry) => entry.environment === environment && cluster in entry.weights),
    );
    return environments.length > 0 ? [{ ...action, environments }] : [];
  });
}
