import { CommitStatuses } from '../../../cli/delivery/statuses';
import { DeliveryWorker } from '../../../cli/delivery/worker';
import type { PreviewRequest } from '../../../domain/delivery/preview';
import { GitHubApi } from '../../../cli/delivery/github';
import type { KubeObject } from '../../../cli/delivery/kube-api';
import type { PreviewRecord } from '../../../cli/delivery/preview-record';
import { configFrom, edit, minimalDocument } from '../../fixtures';
import { deployment, FakeKube, rolledOut } from './fake-kube';
import { GitHubStandIn } from './github-stand-in';

const REPOSITORY = 'descomplica/auth';
const TOKEN = 'token';
const OLD = '1'.repeat(40);
const NEW = '2'.repeat(40);
const NOW = new Date('2026-11-26T12:00:00Z');
const IMAGE = (sha: string) => `registry.example.com/auth:${sha}`;

let github: GitHubStandIn;
let url: string;
beforeAll(async () => {
  github = new GitHubStandIn(TOKEN);
  url = await github.start();
});
afterAll(() => github.stop());
beforeEach(() => {
  github.statuses.length = 0;
  github.comments.length = 0;
  github.requests.length = 0;
  github.pulls.clear();
  github.history.set(REPOSITORY, [OLD, NEW]);
});

function setUp(previewCluster = 'blue', listNamespaces = true, previewRecord?: PreviewRecord) {
  const document = minimalDocument();
  document.clusters.green = structuredClone(document.clusters.blue);
  edit(document, 'services.auth.repository', REPOSITORY);
  const config = configFrom(
    edit(document, 'delivery', { deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: previewCluster, ttlHours: 48 } }),
  );
  const kube = new FakeKube();
  const rendered: PreviewRequest[] = [];
  const log: string[] = [];
  const api = new GitHubApi(url, TOKEN);
  const worker = new DeliveryWorker({
    config,
    cluster: 'blue',
    kube: listNamespaces
      ? kube.asApi()
      : Object.assign(kube.asApi(), { list: () => Promise.reject(new Error('namespaces is forbidden at cluster scope')) }),
    github: api,
    statuses: new CommitStatuses(api),
    renderPreview: (request) => {
      rendered.push(request);
      const namespace: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: request.namespace, labels: { ...request.namespaceLabels }, annotations: { ...request.annotations } },
      };
      return [namespace, deployment(request.namespace, 'auth', request.image, { ...request.annotations })];
    },
    previewRecord,
    log: (line) => log.push(line),
    now: () => NOW,
  });
  return { config, kube, worker, rendered, log };
}

describe('deploy on green', () => {
  test("sets the image of the service's Deployment, annotates the commit, posts pending with the service's URL", async () => {
    const { kube, worker } = setUp();
    kube.put(deployment('staging', 'auth', 'registry.example.com/auth:1.0.0'));
    const [rollout] = await worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: NEW });
    const live = kube.get(rollout.deployment) as any;
    expect(live.spec.template.spec.containers[0].image).toBe(IMAGE(NEW));
    expect(live.metadata.annotations).toMatchObject({
      'kubeshift.io/commit': NEW,
      'kubeshift.io/deployed-at': NOW.toISOString(),
      'kubeshift.io/repository': REPOSITORY,
    });
    // Recorded where the cluster stack reads it back, before the Deployment changes.
    expect(kube.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'staging', name: 'kubeshift-image-auth' })).toMatchObject({
      data: { image: IMAGE(NEW) },
    });
    expect(kube.writes.map((write) => `${write.verb} ${write.ref}`)).toEqual([
      'apply ConfigMap/staging/kubeshift-image-auth',
      'patch Deployment/staging/auth',
    ]);
    expect(github.statuses).toEqual([
      {
        repository: REPOSITORY,
        sha: NEW,
        state: 'pending',
        context: 'kubeshift/blue/staging',
        description: 'rolling out on blue/staging',
        target_url: 'https://auth.staging.example.com',
      },
    ]);
  });

  test('a late event for an older commit leaves the newer one running', async () => {
    const { kube, worker, log } = setUp();
    kube.put(deployment('staging', 'auth', IMAGE(NEW)));
    expect(await worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: OLD })).toEqual([]);
    expect(kube.writes).toEqual([]);
    expect(github.statuses).toEqual([]);
    expect(log.join('\n')).toContain('newer than');
  });

  test('the same commit again changes nothing and posts nothing', async () => {
    const { kube, worker } = setUp();
    kube.put(deployment('staging', 'auth', IMAGE(NEW)));
    const rollouts = await worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: NEW });
    expect(rollouts).toHaveLength(1);
    expect(kube.writes).toEqual([]);
    expect(github.statuses).toEqual([]);
  });

  test('a Deployment the cluster stack has not made yet is an error naming it', async () => {
    const { worker } = setUp();
    await expect(worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: NEW })).rejects.toThrow(
      'Deployment staging/auth is not on cluster blue: deploy its cluster stack first',
    );
  });
});

describe('previews', () => {
  const action = (sha = NEW) => ({ kind: 'preview' as const, service: 'auth', pullRequest: 42, sha });

  test('renders the staging service at the commit, labels the namespace with an expiry ttlHours ahead, posts pending, comments once', async () => {
    const { worker, rendered, kube } = setUp();
    github.setPull(REPOSITORY, 42, { state: 'open', headSha: NEW });
    const [rollout] = await worker.converge(action());
    expect(rendered).toHaveLength(1);
    expect(rendered[0]).toMatchObject({ namespace: 'pr-42-auth', image: IMAGE(NEW), hostName: 'auth-pr-42.preview.example.com' });
    expect(rendered[0].entry.environment).toBe('staging');
    expect(rendered[0].namespaceLabels['kubeshift.io/expires']).toBe(String(NOW.getTime() / 1000 + 48 * 3600));
    expect(kube.writes.map((w) => w.verb)).toEqual(['apply', 'apply']);
    expect(github.statesOf(REPOSITORY, NEW, 'kubeshift/blue/preview')).toEqual(['pending']);
    expect(rollout.targetUrl).toBe('https://auth-pr-42.preview.example.com');
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toMatch(/^<!-- kubeshift:preview blue\/auth -->\n/);

    // The same commit again: applied (the expiry is renewed), no new status, the comment untouched.
    rolledOut(kube.get(rollout.deployment)!);
    await worker.converge(action());
    expect(github.statesOf(REPOSITORY, NEW, 'kubeshift/blue/preview')).toEqual(['pending']);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].edits).toBe(0);
    expect((kube.get(rollout.deployment) as any).metadata.annotations['kubeshift.io/deployed-at']).toBe(NOW.toISOString());
  });

  test("points the previews' record at their load balancer once its Ingress has an address, and only then", async () => {
    const pointed: string[] = [];
    const { worker, kube, log } = setUp('blue', true, {
      point: async (hostName) => void pointed.push(hostName),
      remove: async () => false,
    });
    github.setPull(REPOSITORY, 42, { state: 'open', headSha: NEW });
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'auth', namespace: 'pr-42-auth' } };
    kube.put(ingress);
    await worker.converge(action());
    expect(pointed).toEqual([]);
    expect(log).toContain('previews: their load balancer has no address yet: the record is written once it has');

    const hostName = 'k8s-kubeshiftpreviews-0123456789.sa-east-1.elb.amazonaws.com';
    kube.put({ ...ingress, status: { loadBalancer: { ingress: [{ hostname: hostName }] } } });
    await worker.pointPreviewRecord(await worker.livePreviews());
    expect(pointed).toEqual([hostName]);
  });

  test.each([
    ['closed since', { state: 'closed' as const, headSha: NEW }, 'closed: no preview'],
    ['moved on to another commit', { state: 'open' as const, headSha: OLD }, 'head moved on'],
    ['from a fork', { state: 'open' as const, headSha: NEW, headRepositoryId: 7 }, 'from a fork'],
  ])('nothing for a pull request %s', async (_name, pull, logged) => {
    const { worker, kube, log } = setUp();
    github.setPull(REPOSITORY, 42, pull);
    expect(await worker.converge(action())).toEqual([]);
    expect(kube.writes).toEqual([]);
    expect(github.statuses).toEqual([]);
    expect(log.join('\n')).toContain(logged);
  });

  test('closed: the namespace goes and the comment says so; reopened since: it stays', async () => {
    const { worker, kube } = setUp();
    github.setPull(REPOSITORY, 42, { state: 'open', headSha: NEW });
    await worker.converge(action());
    await worker.converge({ kind: 'delete-preview', service: 'auth', pullRequest: 42 });
    expect(kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'pr-42-auth' })).toBeDefined();

    github.setPull(REPOSITORY, 42, { state: 'closed', headSha: NEW });
    await worker.converge({ kind: 'delete-preview', service: 'auth', pullRequest: 42 });
    expect(kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'pr-42-auth' })).toBeUndefined();
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toContain('deleted (pull request closed)');
  });
});

describe('following a rollout', () => {
  test('success once rolled out, posted once; replaced by another commit: error', async () => {
    const { kube, worker } = setUp();
    kube.put(deployment('staging', 'auth', 'registry.example.com/auth:1.0.0'));
    const [rollout] = await worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: OLD });
    expect(await worker.observe(rollout)).toBe('pending');
    rolledOut(kube.get(rollout.deployment)!);
    expect(await worker.watch(rollout, { pollMs: 1, timeoutMs: 1000 })).toBe('success');
    expect(await worker.observe(rollout)).toBe('success');
    expect(github.statesOf(REPOSITORY, OLD, 'kubeshift/blue/staging')).toEqual(['pending', 'success']);

    await worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: NEW });
    expect(await worker.observe(rollout)).toBe('superseded');
    expect(github.statuses.at(-1)).toMatchObject({ sha: OLD, state: 'error', description: expect.stringContaining('replaced by 2222222') });
  });

  test('every delivered revision still running is found again, for the sweeper to report', async () => {
    const { kube, worker } = setUp();
    kube.put(deployment('staging', 'auth', 'registry.example.com/auth:1.0.0'));
    expect(await worker.deliveredRollouts()).toEqual([]);
    await worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: NEW });
    github.setPull(REPOSITORY, 42, { state: 'open', headSha: OLD });
    await worker.converge({ kind: 'preview', service: 'auth', pullRequest: 42, sha: OLD });
    const found = await worker.deliveredRollouts();
    expect(found.map((r) => [r.where, r.sha, r.context])).toEqual([
      ['blue/staging', NEW, 'kubeshift/blue/staging'],
      ['blue/pr-42-auth', OLD, 'kubeshift/blue/preview'],
    ]);
  });

  test('on a cluster without previews, delivered revisions are found without listing namespaces (its access is namespace-scoped)', async () => {
    const { kube, worker } = setUp('green', false);
    kube.put(deployment('staging', 'auth', 'registry.example.com/auth:1.0.0'));
    await worker.converge({ kind: 'deploy', service: 'auth', environments: ['staging'], sha: NEW });
    expect((await worker.deliveredRollouts()).map((r) => r.where)).toEqual(['blue/staging']);
  });
});
