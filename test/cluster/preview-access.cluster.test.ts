import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Testing } from 'cdk8s';
import { PreviewPolicyChart } from '../../charts/preview-chart';
import { DELIVERY_PREVIEW_GROUP } from '../../domain/naming';
import { startControlPlane, type ControlPlane } from './control-plane';
import { KubeApiError, KubeClient, type KubeObject } from './kube-client';
import { CertificateAuthority } from './pki';

/**
 * How the delivery handler's preview rights are enforced, on the real API server: its access
 * entry's Kubernetes group (here a client certificate's O) gets namespace, quota and limit-range
 * writes from the preview cluster's RBAC, and the ValidatingAdmissionPolicy beside it turns away
 * each such write outside a `pr-*` namespace labelled kubeshift.io/preview=true.
 */

const START_TIMEOUT_MS = 120_000;
/** The API server compiles and starts enforcing a new policy within about a second. */
const POLICY_READY_MS = 30_000;

let controlPlane: ControlPlane;
let delivery: KubeClient;

const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const quota = (ns: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'preview-quota', namespace: ns },
    spec: { hard: { pods: '3' } },
  }) as KubeObject;
const PREVIEW = { 'kubeshift.io/preview': 'true' };
/** The ValidatingAdmissionPolicy's message (charts/preview-chart.ts). */
const POLICY_REFUSAL = /^403 .*may only write preview namespaces/;

async function refusal(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (error) {
    if (error instanceof KubeApiError) return `${error.status} ${error.message}`;
    throw error;
  }
  return 'allowed';
}

beforeAll(async () => {
  controlPlane = await startControlPlane();
  const admin = controlPlane.client;
  for (const object of Testing.synth(new PreviewPolicyChart(Testing.app(), 'preview-policy')) as KubeObject[]) await admin.create(object);
  // The harness's CA, reopened to issue one more client certificate: the handler as EKS maps it.
  const pki = path.join(controlPlane.dir, 'pki');
  const Ca = CertificateAuthority as unknown as new (dir: string, config: string, cert: string, key: string) => CertificateAuthority;
  const ca = new Ca(pki, path.join(pki, 'openssl.cnf'), path.join(pki, 'ca.crt'), path.join(pki, 'ca.key'));
  const files = await ca.client('delivery', {
    user: 'kubeshift-delivery-handler',
    groups: [DELIVERY_PREVIEW_GROUP],
  });
  delivery = new KubeClient({
    server: controlPlane.server,
    ca: readFileSync(ca.cert),
    cert: readFileSync(files.cert),
    key: readFileSync(files.key),
  });
  await admin.create(namespace('staging'));
  // Until the policy is enforced, a wrong write would pass: wait for the policy's own refusal (an
  // RBAC 403 while the new binding is not yet in the authorizer's cache says nothing of it).
  const deadline = Date.now() + POLICY_READY_MS;
  for (;;) {
    const answer = await refusal(delivery.create(namespace('probe-not-a-preview', PREVIEW)));
    if (POLICY_REFUSAL.test(answer)) break;
    if (answer === 'allowed') await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'probe-not-a-preview' });
    if (Date.now() > deadline) throw new Error(`the admission policy was not enforced in time; last answer: ${answer}`);
    await sleep(500);
  }
}, START_TIMEOUT_MS + POLICY_READY_MS);

afterAll(async () => {
  await controlPlane?.stop();
});

test('creates and labels a preview namespace, and its quota', async () => {
  expect(await refusal(delivery.create(namespace('pr-42-auth', PREVIEW)))).toBe('allowed');
  expect(await refusal(delivery.create(quota('pr-42-auth')))).toBe('allowed');
});

test('no namespace outside the pattern, nor one inside it without the preview label', async () => {
  expect(await refusal(delivery.create(namespace('production-2', PREVIEW)))).toMatch(POLICY_REFUSAL);
  expect(await refusal(delivery.create(namespace('pr-43-auth')))).toMatch(POLICY_REFUSAL);
});

test('no quota in an environment namespace, and no deleting one', async () => {
  expect(await refusal(delivery.create(quota('staging')))).toMatch(POLICY_REFUSAL);
  expect(await refusal(delivery.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'staging' }))).toMatch(/^403 /);
  expect(await controlPlane.client.find({ apiVersion: 'v1', kind: 'Namespace', name: 'staging' })).toBeDefined();
});

test('no taking a namespace over by labelling it a preview', async () => {
  const patch = delivery.patch({ apiVersion: 'v1', kind: 'Namespace', name: 'staging' }, { metadata: { labels: PREVIEW } }, 'merge');
  expect(await refusal(patch)).toMatch(/^403 /);
});

test('deletes a preview namespace; the admin is not confined at all', async () => {
  expect(await refusal(delivery.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'pr-42-auth' }))).toBe('allowed');
  expect(await refusal(controlPlane.client.create(namespace('anything-goes')))).toBe('allowed');
});
