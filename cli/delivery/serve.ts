import * as http from 'node:http';
import type { KubeshiftConfig } from '../../config';
import type { DeliveryIds } from './delivery-ids';
import { answerWebhook, type WebhookAnswer } from './webhook';
import type { WorkQueue } from './work-queue';

/**
 * `kubeshift delivery serve`: GitHub's webhooks on `POST /webhook` at 127.0.0.1 (put a TLS
 * proxy or tunnel in front to receive them from GitHub), answered at once, worked after.
 */

/** GitHub caps webhook payloads at 25 MB (https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap). */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;
export const WEBHOOK_PATH = '/webhook';
const LOOPBACK = '127.0.0.1';

export interface ServeContext {
  readonly config: KubeshiftConfig;
  readonly cluster: string;
  readonly secret: string;
  readonly deliveryIds: DeliveryIds;
  readonly queue: WorkQueue;
  readonly log: (line: string) => void;
}

/** Starts listening; resolves with the server once it listens (port 0 picks a free port). */
export async function startWebhookServer(port: number, context: ServeContext): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    handle(request, response, context).catch((error: unknown) => {
      context.log(`webhook: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  return server;
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, context: ServeContext): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz' && request.method === 'GET') return reply(response, 200, 'ok');
  if (path !== WEBHOOK_PATH) return reply(response, 404, 'not found');
  if (request.method !== 'POST') return reply(response, 405, 'POST only');
  const body = await readBody(request);
  if (!body) return reply(response, 413, `over ${MAX_BODY_BYTES} bytes`);
  const answer: WebhookAnswer = await answerWebhook({ headers: request.headers, body }, context);
  reply(response, answer.status, answer.body);
  const label = `delivery ${answer.deliveryId ?? '-'} (${answer.event || 'no event'})`;
  context.log(`${label}: ${answer.status}${answer.body ? ` ${answer.body}` : ''}`);
  // After the answer: the rollout may take minutes, GitHub waits 10 seconds.
  if (answer.actions.length > 0) context.queue.enqueue(label, answer.actions);
}

function reply(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(status === 204 ? undefined : body);
}

/** The raw body, or undefined past the size cap. */
function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
