import { MemoryDeliveryIds } from '../../../cli/delivery/delivery-ids';
import { answerWebhook, onCluster } from '../../../cli/delivery/webhook';
import { signature } from '../../../domain/delivery/webhook-signature';
import { configFrom, edit, minimalDocument } from '../../fixtures';
import { checkSuiteCompleted, pullRequestEvent } from './payloads';

const SECRET = 'webhook secret';
const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const REPOSITORY = 'descomplica/auth';

function config(previewCluster = 'blue') {
  const document = minimalDocument();
  document.clusters.green = structuredClone(document.clusters.blue);
  edit(document, 'services.auth.repository', REPOSITORY);
  return configFrom(
    edit(document, 'delivery', { deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: previewCluster } }),
  );
}

function request(event: string, body: unknown, options: { id?: string; signed?: string | null } = {}) {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const header = options.signed === undefined ? signature(SECRET, raw) : options.signed;
  return {
    headers: {
      'x-github-event': event,
      'x-github-delivery': options.id ?? 'd-1',
      ...(header === null ? {} : { 'x-hub-signature-256': header }),
    },
    body: raw,
  };
}

const context = (overrides: { cluster?: string; previewCluster?: string } = {}) => ({
  secret: SECRET,
  config: config(overrides.previewCluster),
  cluster: overrides.cluster ?? 'blue',
  deliveryIds: new MemoryDeliveryIds(),
});

const green = checkSuiteCompleted(REPOSITORY, { sha: SHA, branch: 'main' });

test('an accepted delivery is 202 and carries its actions for after the answer', async () => {
  const answer = await answerWebhook(request('check_suite', green), context());
  expect(answer).toMatchObject({ status: 202, deliveryId: 'd-1', event: 'check_suite' });
  expect(answer.actions).toEqual([{ kind: 'deploy', service: 'auth', environments: ['staging'], sha: SHA }]);
});

test.each([
  ['no signature', null],
  ['a signature with another secret', signature('guess', JSON.stringify(green))],
  ['a signature of another body', signature(SECRET, '{}')],
])('%s: 401, nothing read, no delivery id spent', async (_name, header) => {
  const ctx = context();
  const answer = await answerWebhook(request('check_suite', green, { signed: header }), ctx);
  expect(answer).toEqual({ status: 401, body: expect.stringContaining('X-Hub-Signature-256'), actions: [] });
  // The same id, properly signed, is still accepted: the forged one did not use it up.
  expect((await answerWebhook(request('check_suite', green), ctx)).status).toBe(202);
});

test('a signed body that is not JSON is 400', async () => {
  expect((await answerWebhook(request('check_suite', '{"action":'), context())).status).toBe(400);
});

test.each([
  ['ping', { zen: 'Keep it logically awesome.' }],
  ['pull_request', pullRequestEvent(REPOSITORY, 'opened', 42, { headSha: SHA })],
  ['check_suite', checkSuiteCompleted(REPOSITORY, { sha: SHA, branch: 'main', conclusion: 'failure' })],
])('%s it does not act on: 204', async (event, body) => {
  expect(await answerWebhook(request(event, body), context())).toMatchObject({ status: 204, actions: [] });
});

test('a repeated delivery id does nothing the second time: 200, no actions', async () => {
  const ctx = context();
  expect((await answerWebhook(request('check_suite', green, { id: 'same' }), ctx)).status).toBe(202);
  const again = await answerWebhook(request('check_suite', green, { id: 'same' }), ctx);
  expect(again).toMatchObject({ status: 200, actions: [] });
  expect(again.body).toContain('already received');
});

test("another cluster's work is not this receiver's: 204 where nothing is left for it", async () => {
  // auth's staging names only blue; previews run on green.
  const closed = pullRequestEvent(REPOSITORY, 'closed', 42, { headSha: SHA, merged: true });
  expect((await answerWebhook(request('check_suite', green), context({ cluster: 'green', previewCluster: 'green' }))).status).toBe(204);
  expect((await answerWebhook(request('pull_request', closed), context({ previewCluster: 'green' }))).status).toBe(204);
  expect(
    (await answerWebhook(request('pull_request', closed, { id: 'd-2' }), context({ cluster: 'green', previewCluster: 'green' }))).status,
  ).toBe(202);
});

test('onCluster keeps only the environments that run on the cluster', () => {
  const document = minimalDocument();
  document.clusters.green = structuredClone(document.clusters.blue);
  document.services.auth.environments.production.weights = { beanstalk: 90, green: 10 };
  edit(document, 'services.auth.repository', REPOSITORY);
  const twoClusters = configFrom(edit(document, 'delivery', { deployOnGreen: ['staging', 'production'] }));
  const deploy = { kind: 'deploy' as const, service: 'auth', environments: ['staging', 'production'], sha: SHA };
  expect(onCluster([deploy], twoClusters, 'green')).toEqual([{ ...deploy, environments: ['production'] }]);
  expect(onCluster([deploy], twoClusters, 'blue')).toEqual([{ ...deploy, environments: ['staging'] }]);
});
