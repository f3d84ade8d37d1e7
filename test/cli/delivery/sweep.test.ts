import { CliError } from '../../../cli/cli-error';
import { GitHubApi } from '../../../cli/delivery/github';
import { KubeApiError, type KubeObject } from '../../../cli/delivery/kube-api';
import { CommitStatuses } from '../../../cli/delivery/statuses';
import { sweep } from '../../../cli/delivery/sweep';
import type { PreviewRecord } from '../../../cli/delivery/preview-record';
import { DeliveryWorker } from '../../../cli/delivery/worker';
import { configFrom, edit, minimalDocument } from '../../fixtures';
import { deployment, FakeKube } from './fake-kube';
import { GitHubStandIn } from './github-stand-in';

const REPOSITORY = 'descomplica/auth';
const TOKEN = 'token';
const NOW = new Date('2026-11-26T12:00:00Z');
const HEAD = 'a'.repeat(40);

let github: GitHubStandIn;
let url: string;
beforeAll(async () => {
  github = new GitHubStandIn(TOKEN);
  url = await github.start();
});
afterAll(() => github.stop());

const previewNamespace = (pullRequest: number, expires: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: `pr-${pullRequest}-auth`,
    labels: {
      'kubeshift.io/preview': 'true',
      'kubeshift.io/service': 'auth',
      'kubeshift.io/pull-request': String(pullRequest),
      'kubeshift.io/expires': String(expires),
    },
    annotations: { 'kubeshift.io/repository': REPOSITORY },
  },
});

test('one failed deletion is reported and the rest still runs; the exit code says something failed', async () => {
  const document = minimalDocument();
  edit(document, 'services.auth.repository', REPOSITORY);
  const config = configFrom(
    edit(document, 'delivery', { deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: 'blue' } }),
  );
  const kube = new FakeKube();
  kube.put(deployment('staging', 'auth', `registry.example.com/auth:${HEAD}`, { 'kubeshift.io/commit': HEAD }));
  const past = NOW.getTime() / 1000 - 1;
  kube.put(previewNamespace(1, past));
  kube.put(previewNamespace(2, past));
  const api = kube.asApi();
  const remove = api.delete.bind(api);
  api.delete = async (ref) => {
    if (ref.name === 'pr-1-auth') throw new KubeApiError(403, 'Forbidden', 'delete Namespace pr-1-auth: forbidden');
    return remove(ref);
  };
  github.history.set(REPOSITORY, [HEAD]);
  github.green(REPOSITORY, HEAD);
  const githubApi = new GitHubApi(url, TOKEN);
  const worker = new DeliveryWorker({
    config,
    cluster: 'blue',
    kube: api,
    github: githubApi,
    statuses: new CommitStatuses(githubApi),
    renderPreview: () => [],
    log: () => undefined,
    now: () => NOW,
  });

  const result = await sweep({ config, cluster: 'blue', github: githubApi, worker, now: NOW });

  expect(result.exitCode).toBe(1);
  expect(result.output).toContain('failed: delete pr-1-auth: delete Namespace pr-1-auth: forbidden');
  expect(result.output).toContain('deleted pr-2-auth (expired)');
  expect(kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'pr-2-auth' })).toBeUndefined();
  // The default branch's head already runs: nothing deployed; its rollout reported once.
  expect(kube.writes.filter((write) => write.verb === 'patch')).toEqual([]);
  expect(github.statesOf(REPOSITORY, HEAD, 'kubeshift/blue/staging')).toEqual(['success']);
});

describe("the previews' record", () => {
  const ingress = (namespace: string, hostname: string): KubeObject =>
    ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'auth', namespace },
      status: { loadBalancer: { ingress: [{ hostname }] } },
    }) as KubeObject;

  /** Preview 1 has expired; preview 2 is kept unless `allExpired`. */
  function sweepWith(record: PreviewRecord, allExpired = false) {
    const document = minimalDocument();
    edit(document, 'services.auth.repository', REPOSITORY);
    const config = configFrom(edit(document, 'delivery', { deployOnGreen: [], previews: { environment: 'staging', cluster: 'blue' } }));
    const kube = new FakeKube();
    const seconds = NOW.getTime() / 1000;
    kube.put(previewNamespace(1, seconds - 1));
    kube.put(ingress('pr-1-auth', 'k8s-old.sa-east-1.elb.amazonaws.com'));
    kube.put(previewNamespace(2, allExpired ? seconds - 1 : seconds + 3600));
    kube.put(ingress('pr-2-auth', 'k8s-kubeshiftpreviews-1.sa-east-1.elb.amazonaws.com'));
    github.history.set(REPOSITORY, [HEAD]);
    // Its head not green: the sweep has no preview to update, only the record to see to.
    github.setPull(REPOSITORY, 2, { state: 'open', headSha: 'b'.repeat(40) });
    const githubApi = new GitHubApi(url, TOKEN);
    const worker = new DeliveryWorker({
      config,
      cluster: 'blue',
      kube: kube.asApi(),
      github: githubApi,
      statuses: new CommitStatuses(githubApi),
      renderPreview: () => [],
      previewRecord: record,
      log: () => undefined,
      now: () => NOW,
    });
    return sweep({ config, cluster: 'blue', github: githubApi, worker, now: NOW });
  }

  function recording() {
    const calls: string[] = [];
    const record: PreviewRecord = {
      point: async (hostName) => void calls.push(`point ${hostName}`),
      remove: async () => (calls.push('remove'), true),
    };
    return { calls, record };
  }

  test('each sweep points it at the load balancer of a preview it keeps, not of one it deletes', async () => {
    const { calls, record } = recording();
    const result = await sweepWith(record);
    expect(result.output).toContain('deleted pr-1-auth (expired)');
    expect(calls).toEqual(['point k8s-kubeshiftpreviews-1.sa-east-1.elb.amazonaws.com']);
  });

  test('the sweep that deletes the last preview deletes the record too', async () => {
    const { calls, record } = recording();
    const result = await sweepWith(record, true);
    expect(result.output).toContain('deleted pr-2-auth (expired)');
    expect(calls).toEqual(['remove']);
  });

  test('a failed write is one failed step: the rest of the sweep ran, the exit code says so', async () => {
    const refusal = new CliError('write *.preview.example.com in hosted zone Z0123456789ABCDEFGHIJ: AccessDenied: not authorized');
    const result = await sweepWith({ point: () => Promise.reject(refusal), remove: async () => false });
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('deleted pr-1-auth (expired)');
    expect(result.output).toContain(`failed: the preview record: ${refusal.message}`);
  });
});
