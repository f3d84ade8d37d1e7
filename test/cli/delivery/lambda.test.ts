import { MemoryDeliveryIds } from '../../../cli/delivery/delivery-ids';
import { handleSchedule, handleWebhook, isFunctionUrlEvent, isScheduledEvent, type LambdaContext } from '../../../cli/delivery/lambda';
import type { DeliveryAction } from '../../../domain/delivery/webhook-event';
import { signature } from '../../../domain/delivery/webhook-signature';
import { configFrom, edit, minimalDocument } from '../../fixtures';
import { checkSuiteCompleted } from './payloads';

const SECRET = 'webhook secret';
const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const green = JSON.stringify(checkSuiteCompleted('acme/auth', { sha: SHA, branch: 'main' }));

function config() {
  const document = minimalDocument();
  document.clusters.green = structuredClone(document.clusters.blue);
  document.services.auth.environments.staging.weights = { blue: 50, green: 50 };
  edit(document, 'services.auth.repository', 'acme/auth');
  return configFrom(edit(document, 'delivery', { deployOnGreen: ['staging'] }));
}

function urlEvent(body: string, options: { method?: string; id?: string; signed?: string } = {}) {
  return {
    headers: {
      'x-github-event': 'check_suite',
      'x-github-delivery': options.id ?? 'd-1',
      'x-hub-signature-256': options.signed ?? signature(SECRET, Buffer.from(body)),
    },
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: options.method ?? 'POST' } },
  };
}

/** A context whose clusters converge through `converge` (by cluster), recording every action. */
function context(converge: (cluster: string, action: DeliveryAction) => Promise<void>, budgetMs = 5_000) {
  const log: string[] = [];
  const connected: string[] = [];
  const value: LambdaContext = {
    config: config(),
    clusters: ['blue', 'green'],
    webhookSecret: async () => SECRET,
    deliveryIds: new MemoryDeliveryIds(),
    log: (line) => log.push(line),
    budgetMs,
    connect: async (cluster) => {
      connected.push(cluster);
      return {
        worker: { converge: async (action: DeliveryAction) => (await converge(cluster, action), []) } as never,
        github: {} as never,
        close: () => undefined,
      };
    },
  };
  return { value, log, connected };
}

test('tells a Function URL request from a scheduled event, and from anything else', () => {
  expect(isFunctionUrlEvent(urlEvent('{}'))).toBe(true);
  expect(isScheduledEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event' })).toBe(true);
  for (const other of [undefined, null, {}, { source: 'aws.events', 'detail-type': 'Object Created' }, { requestContext: {} }]) {
    expect(isFunctionUrlEvent(other)).toBe(false);
    expect(isScheduledEvent(other)).toBe(false);
  }
});

test('only POST: anything else is 405 before the secret is even read', async () => {
  const { value } = context(async () => undefined);
  const result = await handleWebhook(urlEvent(green, { method: 'GET' }), {
    ...value,
    webhookSecret: () => Promise.reject(new Error('read')),
  });
  expect(result.statusCode).toBe(405);
});

test('a bad signature is 401 and no cluster is connected to', async () => {
  const { value, connected } = context(async () => undefined);
  const result = await handleWebhook(urlEvent(green, { signed: signature('wrong', Buffer.from(green)) }), value);
  expect(result.statusCode).toBe(401);
  expect(connected).toEqual([]);
});

test('one delivery acts once on every cluster it concerns, and a repeat acts on none', async () => {
  const acted: string[] = [];
  const { value } = context(async (cluster, action) => void acted.push(`${cluster}:${action.kind}`));
  expect((await handleWebhook(urlEvent(green), value)).statusCode).toBe(202);
  expect(acted.sort()).toEqual(['blue:deploy', 'green:deploy']);
  const again = await handleWebhook(urlEvent(green), value);
  expect(again.statusCode).toBe(200);
  expect(acted).toHaveLength(2);
});

test('work that does not fit in the budget is still answered 202 in time, and left to the sweep', async () => {
  const { value, log } = context(() => new Promise(() => undefined), 50);
  const started = Date.now();
  const result = await handleWebhook(urlEvent(green), value);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(result.statusCode).toBe(202);
  expect(result.body).toContain('the scheduled sweep finishes');
  expect(log.join('\n')).toContain('not converged within 50 ms');
});

test('a cluster that cannot be reached is logged, and the others still converge', async () => {
  const acted: string[] = [];
  const { value, log } = context(async (cluster) => void acted.push(cluster));
  const result = await handleWebhook(urlEvent(green), {
    ...value,
    connect: (cluster) => (cluster === 'blue' ? Promise.reject(new Error('connect ETIMEDOUT')) : value.connect(cluster)),
  });
  expect(result.statusCode).toBe(202);
  expect(acted).toEqual(['green']);
  expect(log.join('\n')).toMatch(/cannot reach cluster blue: bug: Error: connect ETIMEDOUT/);
});

test('the scheduled sweep goes on to the next cluster when one cannot be reached, and counts it', async () => {
  const { value, log } = context(async () => undefined);
  const outcome = await handleSchedule({ ...value, connect: () => Promise.reject(new Error('no route')) });
  expect(outcome).toEqual({ failures: 2 });
  expect(log.filter((line) => line.startsWith('sweep of cluster'))).toHaveLength(2);
});
