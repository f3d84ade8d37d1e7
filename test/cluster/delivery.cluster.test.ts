import { setTimeout as sleep } from 'node:timers/promises';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { commitImage } from '../../domain/delivery/image';
import { rolloutState, type DeploymentRollout } from '../../domain/delivery/rollout-state';
import { previewNamespace } from '../../domain/naming';
import { GitHubStandIn } from '../cli/delivery/github-stand-in';
import { checkSuiteCompleted, pullRequestEvent, sendWebhook, type SentWebhook } from '../cli/delivery/payloads';
import { START_TIMEOUT_MS, ClusterUnderTest } from './cluster-under-test';
import { runKubeshift, startReceiver, type Receiver } from './delivery-receiver';
import type { KubeObject, ObjectRef } from './kube-client';
import { kubectlApply } from './kubectl';
import { addNodesUntilNothingPending } from './node-search';
import { example, exampleInZone, targetsOf } from './test-configs';
import { startMoto } from '../integration/moto';
import { clients, createZone } from '../integration/seed';

/**
 * Done-when of issue 11, bullet 1: `kubeshift delivery serve` for the example config, as a child
 * process, against the real control plane (kwok nodes, so rollouts complete) and a GitHub API
 * stand-in, fed signed webhooks shaped like GitHub's documented check_suite and pull_request
 * events. Each test builds on the cluster the previous one left, in file order.
 */

const SECRET = 'It is a secret to everybody';
const TOKEN = 'ghs_stand-in-installation-token';
const AUTH = 'descomplica/auth';
const CATALOG = 'descomplica/catalog';
const CLUSTER = 'blue';
const STAGING = 'kubeshift/blue/staging';
const PREVIEW = 'kubeshift/blue/preview';
const sha = (digit: string) => digit.repeat(40);
const MAIN_1 = sha('1');
const MAIN_2 = sha('2');
const PR_1 = sha('a');
const PR_2 = sha('b');
const STUCK = sha('c');
const MAIN_3 = sha('3');
const LOST_PR = sha('d');
const MISSED_PR = sha('e');
const PULL = 42;
const NODE_SEARCH_LIMIT = 30;
/** The receiver answers before any work: far below GitHub's 10 s on a busy 2-core machine. */
const ANSWER_BUDGET_MS = 2_000;
const WAIT_MS = 90_000;
/** Short enough for a test; the Deployment controller then reports ProgressDeadlineExceeded. */
const STUCK_PROGRESS_DEADLINE_SECONDS = 10;

const testConfig = example();
const [target] = targetsOf(testConfig).filter((candidate) => candidate.cluster.name === CLUSTER);
const imageOf = (service: string, commit: string) => commitImage(testConfig.config.services.find((s) => s.name === service)!.image, commit);

let cluster: ClusterUnderTest;
let github: GitHubStandIn;
let receiver: Receiver;
let githubUrl: string;

type Deployment = KubeObject & DeploymentRollout & { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
const deploymentRef = (namespace: string, name: string): ObjectRef => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });
const namespaceRef = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Namespace', name });

beforeAll(async () => {
  github = new GitHubStandIn(TOKEN);
  const [started, url] = await Promise.all([ClusterUnderTest.start(target), github.start()]);
  cluster = started;
  githubUrl = url;
  await cluster.changeAndSettle(() => cluster.deploy(() => cluster.addNodes(cluster.zones.length)));
  await addNodesUntilNothingPending(cluster, NODE_SEARCH_LIMIT);
  await cluster.addNodes(target.testConfig.config.vpc.availabilityZones.length); // room for the preview
  for (const service of ['auth', 'catalog']) await waitForRollout(deploymentRef('staging', service));
  github.history.set(AUTH, [MAIN_1, MAIN_2]);
  receiver = await startReceiver(
    [
      '--config',
      testConfig.file,
      '--cluster',
      CLUSTER,
      '--kubeconfig',
      cluster.cp.kubeconfigPath,
      '--github-api',
      githubUrl,
      '--poll-seconds',
      '1',
    ],
    { KUBESHIFT_WEBHOOK_SECRET: SECRET, GITHUB_TOKEN: TOKEN },
  );
}, START_TIMEOUT_MS * 4);

afterAll(async () => {
  await receiver?.stop();
  await github?.stop();
  await cluster?.stop();
});

/** Sends a signed delivery and checks it was answered at once. */
async function deliver(
  event: string,
  body: unknown,
  options: { deliveryId?: string; signatureHeader?: string | null } = {},
): Promise<SentWebhook> {
  const sent = await sendWebhook(receiver.webhookUrl, event, body, { secret: SECRET, ...options });
  expect(sent.ms).toBeLessThan(ANSWER_BUDGET_MS);
  return sent;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${timeoutMs} ms\nstatuses: ${JSON.stringify(github.statuses)}\nreceiver log:\n${receiver.log()}`,
      );
    await sleep(250);
  }
}

async function waitForRollout(ref: ObjectRef): Promise<Deployment> {
  return cluster.cp.client.waitFor<Deployment>(ref, (deployment) => rolloutState(deployment) === 'success', { timeoutMs: WAIT_MS });
}

const configImageOf = (service: string) => testConfig.config.services.find((s) => s.name === service)!.image;
const runningImage = async (namespace: string, service: string) =>
  (
    (await cluster.cp.client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name: `kubeshift-image-${service}` })).data as Record<
      string,
      string
    >
  ).image;
const imageIn = async (ref: ObjectRef) => (await cluster.cp.client.find<Deployment>(ref))?.spec.template.spec.containers[0].image;

test('a missing or wrong signature is 401 and creates nothing', async () => {
  const body = checkSuiteCompleted(AUTH, { sha: PR_1, branch: `feature-${PULL}`, pullRequests: [{ number: PULL, headSha: PR_1 }] });
  github.setPull(AUTH, PULL, { state: 'open', headSha: PR_1 });
  expect((await deliver('check_suite', body, { signatureHeader: null })).status).toBe(401);
  expect((await deliver('check_suite', body, { signatureHeader: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
  await sleep(3_000); // time enough for any work it wrongly started
  expect(await cluster.cp.client.find(namespaceRef(previewNamespace(PULL, 'auth')))).toBeUndefined();
  expect(github.requests).toEqual([]);
});

test('malformed JSON is 400; an event it does not act on is 204', async () => {
  expect((await deliver('check_suite', '{"action": "completed",')).status).toBe(400);
  expect((await deliver('ping', { zen: 'Design for failure.', hook_id: 292430182 })).status).toBe(204);
  // Opening a pull request creates nothing: previews wait for green CI.
  expect((await deliver('pull_request', pullRequestEvent(AUTH, 'opened', PULL, { headSha: PR_1 }))).status).toBe(204);
  expect((await deliver('check_suite', checkSuiteCompleted(AUTH, { sha: MAIN_1, branch: 'main', conclusion: 'failure' }))).status).toBe(
    204,
  );
});

test('a green default-branch check suite: staging runs the commit, its status goes pending then success', async () => {
  // The first deploy ran the config's image and recorded it as the running one.
  expect(await runningImage('staging', 'auth')).toBe(configImageOf('auth'));
  const sent = await deliver('check_suite', checkSuiteCompleted(AUTH, { sha: MAIN_1, branch: 'main' }));
  expect(sent.status).toBe(202);
  await until('success on staging', () => github.statesOf(AUTH, MAIN_1, STAGING).includes('success'));
  expect(github.statesOf(AUTH, MAIN_1, STAGING)).toEqual(['pending', 'success']);
  const live = await waitForRollout(deploymentRef('staging', 'auth'));
  expect(live.spec.template.spec.containers[0].image).toBe(imageOf('auth', MAIN_1));
  expect(github.statuses.find((s) => s.sha === MAIN_1)?.target_url).toBe('https://auth.staging.example.com.br');
  // Production does not follow the default branch; catalog is another repository.
  expect(await imageIn(deploymentRef('production', 'auth'))).toBe(testConfig.config.services.find((s) => s.name === 'auth')!.image);
  expect(await imageIn(deploymentRef('staging', 'catalog'))).not.toContain(MAIN_1);
});

test('the same delivery id twice: one action', async () => {
  const deliveryId = 'e2f8d5c0-cbbe-11f0-8e9b-2a3b4c5d6e7f';
  expect((await deliver('check_suite', checkSuiteCompleted(AUTH, { sha: MAIN_2, branch: 'main' }), { deliveryId })).status).toBe(202);
  await until('success of the first', () => github.statesOf(AUTH, MAIN_2, STAGING).includes('success'));
  // Redelivered: the same id, the same body; then a forged second use of the id with another commit.
  const again = await deliver('check_suite', checkSuiteCompleted(AUTH, { sha: MAIN_2, branch: 'main' }), { deliveryId });
  const reused = await deliver('check_suite', checkSuiteCompleted(AUTH, { sha: MAIN_1, branch: 'main' }), { deliveryId });
  expect([again.status, reused.status]).toEqual([200, 200]);
  await sleep(3_000);
  expect(github.statesOf(AUTH, MAIN_2, STAGING)).toEqual(['pending', 'success']);
  expect(github.statesOf(AUTH, MAIN_1, STAGING)).toEqual(['pending', 'success']);
  expect(await imageIn(deploymentRef('staging', 'auth'))).toBe(imageOf('auth', MAIN_2));
});

test('a late event for an older commit does not roll staging back', async () => {
  expect((await deliver('check_suite', checkSuiteCompleted(AUTH, { sha: MAIN_1, branch: 'main' }))).status).toBe(202);
  await until('the compare call', () => github.requests.some((r) => r.path.includes(`/compare/${MAIN_2}...${MAIN_1}`)));
  await sleep(2_000);
  expect(await imageIn(deploymentRef('staging', 'auth'))).toBe(imageOf('auth', MAIN_2));
});

test('a green check suite on a pull request: its preview namespace runs that commit, with a preview status and one comment', async () => {
  const namespace = previewNamespace(PULL, 'auth');
  github.setPull(AUTH, PULL, { state: 'open', headSha: PR_1 });
  const body = checkSuiteCompleted(AUTH, { sha: PR_1, branch: `feature-${PULL}`, pullRequests: [{ number: PULL, headSha: PR_1 }] });
  expect((await deliver('check_suite', body)).status).toBe(202);
  await until('preview success', () => github.statesOf(AUTH, PR_1, PREVIEW).includes('success'));
  expect(github.statesOf(AUTH, PR_1, PREVIEW)).toEqual(['pending', 'success']);

  const live = await cluster.cp.client.get(namespaceRef(namespace));
  expect(live.metadata.labels).toMatchObject({
    'kubeshift.io/preview': 'true',
    'kubeshift.io/service': 'auth',
    'kubeshift.io/pull-request': String(PULL),
    'kubeshift.io/repository': 'descomplica.auth',
    'pod-security.kubernetes.io/enforce': 'restricted',
  });
  expect(Number(live.metadata.labels!['kubeshift.io/expires'])).toBeGreaterThan(Date.now() / 1000 + 71 * 3600);
  const deployment = await waitForRollout(deploymentRef(namespace, 'auth'));
  expect(deployment.spec.template.spec.containers[0].image).toBe(imageOf('auth', PR_1));
  expect(deployment.status?.availableReplicas).toBe(1);
  for (const kind of ['ResourceQuota', 'NetworkPolicy', 'Ingress']) {
    const list = await cluster.cp.client.list({ apiVersion: kind === 'ResourceQuota' ? 'v1' : 'networking.k8s.io/v1', kind, namespace });
    expect({ kind, count: list.items.length > 0 }).toEqual({ kind, count: true });
  }
  expect(github.statuses.find((s) => s.context === PREVIEW)?.target_url).toBe('https://auth-pr-42.preview.example.com.br');
  const comments = github.comments.filter((c) => c.issue === PULL);
  expect(comments).toHaveLength(1);
  expect(comments[0].body).toContain('https://auth-pr-42.preview.example.com.br');
  expect(comments[0].body).toContain(PR_1);
});

test('a new green push: the same preview is updated, and the same comment edited', async () => {
  const namespace = previewNamespace(PULL, 'auth');
  const before = await cluster.cp.client.get(namespaceRef(namespace));
  github.setPull(AUTH, PULL, { state: 'open', headSha: PR_2 });
  const body = checkSuiteCompleted(AUTH, { sha: PR_2, branch: `feature-${PULL}`, pullRequests: [{ number: PULL, headSha: PR_2 }] });
  expect((await deliver('check_suite', body)).status).toBe(202);
  await until('preview success', () => github.statesOf(AUTH, PR_2, PREVIEW).includes('success'));
  expect(github.statesOf(AUTH, PR_2, PREVIEW)).toEqual(['pending', 'success']);
  expect((await cluster.cp.client.get(namespaceRef(namespace))).metadata.uid).toBe(before.metadata.uid);
  expect(await imageIn(deploymentRef(namespace, 'auth'))).toBe(imageOf('auth', PR_2));
  const comments = github.comments.filter((c) => c.issue === PULL);
  expect(comments).toHaveLength(1);
  expect(comments[0].body).toContain(PR_2);
  expect(comments[0].edits).toBe(1);
});

test('the pull request closed: its preview namespace is gone', async () => {
  const namespace = previewNamespace(PULL, 'auth');
  github.setPull(AUTH, PULL, { state: 'closed', headSha: PR_2 });
  expect((await deliver('pull_request', pullRequestEvent(AUTH, 'closed', PULL, { headSha: PR_2, merged: true }))).status).toBe(202);
  await until('namespace gone', async () => (await cluster.cp.client.find(namespaceRef(namespace))) === undefined);
  expect(github.comments.filter((c) => c.issue === PULL)[0].body).toContain('deleted');
});

test('an image whose rollout never completes: failure, once its progress deadline has passed', async () => {
  // The fault: catalog's pods in staging fit no node, and the Deployment gives up after 10 s.
  const ref = deploymentRef('staging', 'catalog');
  await cluster.cp.client.patch(
    ref,
    {
      spec: {
        progressDeadlineSeconds: STUCK_PROGRESS_DEADLINE_SECONDS,
        template: { spec: { nodeSelector: { 'kubeshift.io/no-such-node': 'true' } } },
      },
    },
    'strategic',
  );
  expect((await deliver('check_suite', checkSuiteCompleted(CATALOG, { sha: STUCK, branch: 'main' }))).status).toBe(202);
  await until('failure', () => github.statesOf(CATALOG, STUCK, STAGING).includes('failure'));
  expect(github.statesOf(CATALOG, STUCK, STAGING)).toEqual(['pending', 'failure']);
  expect(github.statuses.find((s) => s.sha === STUCK && s.state === 'failure')?.description).toContain('progress deadline');
  expect(await imageIn(ref)).toBe(imageOf('catalog', STUCK));
});

describe('the sweeper does what lost webhooks would have', () => {
  const LOST = 43; // closed while nobody listened
  const MISSED = 44; // went green while nobody listened
  const OLD = 45; // a preview whose expiry passed
  const sweepArgs = () => [
    'delivery',
    'sweep',
    '--config',
    testConfig.file,
    '--cluster',
    CLUSTER,
    '--kubeconfig',
    cluster.cp.kubeconfigPath,
    '--github-api',
    githubUrl,
  ];

  test('closed and expired previews deleted, a missing one created, the green default branch deployed; a failing repository stops nothing', async () => {
    // A preview made while the receiver listened, for a pull request later closed without a webhook.
    github.setPull(AUTH, LOST, { state: 'open', headSha: LOST_PR });
    const body = checkSuiteCompleted(AUTH, { sha: LOST_PR, branch: `feature-${LOST}`, pullRequests: [{ number: LOST, headSha: LOST_PR }] });
    expect((await deliver('check_suite', body)).status).toBe(202);
    await until('preview success', () => github.statesOf(AUTH, LOST_PR, PREVIEW).includes('success'));
    github.setPull(AUTH, LOST, { state: 'closed', headSha: LOST_PR });
    // A green pull request whose webhook never came; a preview left from long ago; a green merge missed.
    github.setPull(AUTH, MISSED, { state: 'open', headSha: MISSED_PR });
    github.green(AUTH, MISSED_PR);
    await cluster.cp.client.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: previewNamespace(OLD, 'auth'),
        labels: {
          'kubeshift.io/preview': 'true',
          'kubeshift.io/service': 'auth',
          'kubeshift.io/pull-request': String(OLD),
          'kubeshift.io/expires': String(Math.floor(Date.now() / 1000) - 60),
        },
        annotations: { 'kubeshift.io/repository': AUTH },
      },
    });
    github.history.set(AUTH, [MAIN_1, MAIN_2, MAIN_3]);
    github.green(AUTH, MAIN_3);
    // catalog's repository is unknown to the stand-in: its lookups fail (404).

    const run = await runKubeshift(sweepArgs(), { GITHUB_TOKEN: TOKEN });
    expect(run.stderr.split('\n').filter((line) => line.startsWith('kubeshift:'))).toEqual([]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/failed: default branch of descomplica\/catalog: GitHub GET \/repos\/descomplica\/catalog: 404/);
    expect(run.stdout).toContain(`deleted ${previewNamespace(LOST, 'auth')} (pull request closed)`);
    expect(run.stdout).toContain(`deleted ${previewNamespace(OLD, 'auth')} (expired)`);

    await until('closed and expired gone', async () =>
      (await cluster.cp.client.find(namespaceRef(previewNamespace(LOST, 'auth')))) === undefined &&
      (await cluster.cp.client.find(namespaceRef(previewNamespace(OLD, 'auth')))) === undefined
        ? true
        : undefined,
    );
    expect(await imageIn(deploymentRef(previewNamespace(MISSED, 'auth'), 'auth'))).toBe(imageOf('auth', MISSED_PR));
    expect(await imageIn(deploymentRef('staging', 'auth'))).toBe(imageOf('auth', MAIN_3));
    // Pending when applied; a rollout that finished before the sweep's last step is already success.
    expect(['pending', 'pending,success']).toContain(github.statesOf(AUTH, MISSED_PR, PREVIEW).join());
    expect(['pending', 'pending,success']).toContain(github.statesOf(AUTH, MAIN_3, STAGING).join());
    expect(github.comments.filter((c) => c.issue === MISSED)).toHaveLength(1);
  });

  test('the next sweep reports the rollouts nobody followed, and nothing twice', async () => {
    await waitForRollout(deploymentRef(previewNamespace(MISSED, 'auth'), 'auth'));
    await waitForRollout(deploymentRef('staging', 'auth'));
    const run = await runKubeshift(sweepArgs(), { GITHUB_TOKEN: TOKEN });
    expect(run.status).toBe(1); // catalog's repository still fails
    expect(github.statesOf(AUTH, MISSED_PR, PREVIEW)).toEqual(['pending', 'success']);
    expect(github.statesOf(AUTH, MAIN_3, STAGING)).toEqual(['pending', 'success']);
    // catalog's stuck rollout was reported by the receiver already: not again.
    expect(github.statesOf(CATALOG, STUCK, STAGING)).toEqual(['pending', 'failure']);
  });

  test("once the previews' Ingress has an address, `sweep --preview-record` points *.preview.<zone> at it in Route 53", async () => {
    const moto = await startMoto();
    try {
      const route53 = clients(moto.endpoint).route53;
      const zoneId = await createZone(route53); // example.com.br, as the example's
      // What the AWS Load Balancer Controller writes once the shared preview ALB exists.
      const hostname = 'k8s-kubeshiftpreviews-0123456789.sa-east-1.elb.amazonaws.com';
      await cluster.cp.client.patchStatus(
        { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: previewNamespace(MISSED, 'auth'), name: 'auth' },
        { loadBalancer: { ingress: [{ hostname }] } },
      );
      const args = sweepArgs();
      args[args.indexOf('--config') + 1] = exampleInZone(zoneId).file;
      const run = await runKubeshift([...args, '--preview-record'], {
        GITHUB_TOKEN: TOKEN,
        // The SDK's per-service endpoint variable: Route 53's API is moto's here.
        AWS_ENDPOINT_URL_ROUTE_53: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      });
      expect(run.stdout).not.toContain('failed: the preview record');
      const { ResourceRecordSets } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
      const cnames = (ResourceRecordSets ?? []).filter((record) => record.Type === 'CNAME');
      expect(cnames.map((record) => [record.Name?.replace('\\052', '*'), record.ResourceRecords?.map((value) => value.Value)])).toEqual([
        [`*.preview.${testConfig.config.dns.zoneName}.`, [hostname]],
      ]);
    } finally {
      await moto.stop();
    }
  });

  test('status: per service and environment, the running tag, who put it there, its rollout and when', async () => {
    const run = await runKubeshift(
      ['delivery', 'status', '--config', testConfig.file, '--cluster', CLUSTER, '--kubeconfig', cluster.cp.kubeconfigPath, '--json'],
      {},
    );
    expect(run.status).toBe(2); // catalog's rollout failed
    const rows = JSON.parse(run.stdout) as {
      service: string;
      environment: string;
      tag?: string;
      source?: string;
      rollout: string;
      deployedAt?: string;
    }[];
    const row = (service: string, environment: string) => rows.find((r) => r.service === service && r.environment === environment);
    expect(row('auth', 'staging')).toMatchObject({ tag: MAIN_3, source: 'delivery', rollout: 'success' });
    expect(row('auth', 'production')).toMatchObject({ tag: '1.0.0', source: 'config', rollout: 'success' });
    expect(row('catalog', 'staging')).toMatchObject({ tag: STUCK, source: 'delivery', rollout: 'failure' });
    expect(row('auth', `pr-${MISSED}`)).toMatchObject({ tag: MISSED_PR, source: 'delivery', rollout: 'success' });
    for (const r of rows) expect(Number.isNaN(Date.parse(r.deployedAt ?? ''))).toBe(false);
    expect(rows.filter((r) => r.environment.startsWith('pr-'))).toHaveLength(1);
    const table = await runKubeshift(
      ['delivery', 'status', '--config', testConfig.file, '--cluster', CLUSTER, '--kubeconfig', cluster.cp.kubeconfigPath],
      {},
    );
    expect(table.stdout.split('\n')[0]).toMatch(/^SERVICE\s+ENVIRONMENT\s+CLUSTER\s+TAG\s+BY\s+ROLLOUT\s+DEPLOYED$/);
    expect(table.stdout).toMatch(/auth\s+staging\s+blue\s+3333333\s+delivery\s+success/);
  });
});

describe('one source of truth for the running image', () => {
  /**
   * A later `cdk deploy` as aws-eks-v2 runs it for a changed service: its kubectl handler reads the
   * running-image ConfigMap (KubernetesObjectValue, `kubectl get -o jsonpath`), CloudFormation puts
   * the value into the manifest, the handler runs `kubectl apply`. Here the test reads the
   * ConfigMap and the harness applies as kubectl does (test/cluster/kubectl.ts).
   */
  const laterDeploy = (chart: string, change: (objects: KubeObject[]) => void, image?: string) => {
    const objects = structuredClone(cluster.manifests.find((manifest) => manifest.chart === chart)!.objects) as KubeObject[];
    change(objects);
    for (const object of objects.filter((o) => o.kind === 'Deployment') as Deployment[]) {
      if (image) object.spec.template.spec.containers[0].image = image;
    }
    return { chart, objects };
  };
  const moreMemory = (objects: KubeObject[]) => {
    const deployment = objects.find((o) => o.kind === 'Deployment') as any;
    deployment.spec.template.spec.containers[0].resources.limits.memory = '528Mi';
  };

  test('a deploy of the cluster stack for another change keeps the delivered image, where the config image would have rolled it back', async () => {
    const ref = deploymentRef('staging', 'auth');
    const delivered = imageOf('auth', MAIN_3);
    expect(await imageIn(ref)).toBe(delivered);
    expect(await runningImage('staging', 'auth')).toBe(delivered);

    // Without the running image, the same change applied with the config's image rolls back.
    const naive = laterDeploy('service-auth-staging', moreMemory).objects.find((o) => o.kind === 'Deployment')!;
    const { object: wouldBe } = await cluster.cp.client.patch<Deployment>(ref, naive, 'strategic', { dryRun: true });
    expect(wouldBe.spec.template.spec.containers[0].image).toBe(configImageOf('auth'));

    const outcomes = await kubectlApply(
      cluster.cp.client,
      laterDeploy('service-auth-staging', moreMemory, await runningImage('staging', 'auth')),
    );
    expect(outcomes.find((o) => o.ref.kind === 'Deployment')?.changed).toContain('.spec.template.spec.containers');
    const live = await waitForRollout(ref);
    expect(live.spec.template.spec.containers[0]).toMatchObject({ image: delivered, resources: { limits: { memory: '528Mi' } } });
  });

  test("an edit of the config's image is a deliberate deploy of that image", async () => {
    const pinned = `${configImageOf('auth').split(':')[0]}:1.1.0`;
    const source = laterDeploy('service-auth-staging-running-image', (objects) => {
      (objects[0].data as Record<string, string>).image = pinned;
    });
    await kubectlApply(cluster.cp.client, source);
    expect(await runningImage('staging', 'auth')).toBe(pinned);
    await kubectlApply(cluster.cp.client, laterDeploy('service-auth-staging', moreMemory, await runningImage('staging', 'auth')));
    expect((await waitForRollout(deploymentRef('staging', 'auth'))).spec.template.spec.containers[0].image).toBe(pinned);
  });
});
