import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { BINARIES, k8sVersion, runRecordsDir } from './cache';
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ANNOTATION_VALUE } from './component-args';
import { startControlPlane, type ControlPlane } from './control-plane';
import { KubeApiError, refOf, type KubeObject } from './kube-client';
import { isAlive, STOP_GRACE_MS, type TrackedProcess } from './process-tracker';

/** Proves the harness itself: the right version, EKS-like admission, scheduling onto kwok nodes, no leaks. */

const START_TIMEOUT_MS = 120_000;
const ROLLOUT_TIMEOUT_MS = 60_000;
/** The watchdog polls every half second, then stops the processes one by one, each within the grace period. */
const CLEANUP_BUDGET_MS = BINARIES.length * STOP_GRACE_MS + 5_000;
const ZONE_LABEL = 'topology.kubernetes.io/zone';

interface Condition {
  type: string;
  status: string;
}
type WithConditions = KubeObject & { status?: { conditions?: Condition[] } };

const isTrue = (object: WithConditions, type: string) =>
  object.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

const pod = (
  name: string,
  ns: string,
  securityContext: Record<string, unknown>,
  podSecurityContext: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { securityContext: podSecurityContext, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', securityContext }] },
});

describe('loopback control plane', () => {
  let controlPlane: ControlPlane;

  beforeAll(async () => {
    controlPlane = await startControlPlane();
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await controlPlane?.stop();
  });

  test('reports the Kubernetes version it was built as, and writes an admin kubeconfig', async () => {
    expect(controlPlane.version).toBe(k8sVersion());
    const version = JSON.parse((await controlPlane.client.request('GET', '/version')).body) as { gitVersion: string };
    expect(version.gitVersion).toBe(k8sVersion());
    const kubeconfig = JSON.parse(readFileSync(controlPlane.kubeconfigPath, 'utf8')) as { clusters: { cluster: { server: string } }[] };
    expect(kubeconfig.clusters[0].cluster.server).toBe(controlPlane.server);
  });

  test('PodSecurity admission refuses a privileged pod in a restricted namespace', async () => {
    const { client } = controlPlane;
    await client.create(namespace('restricted', { 'pod-security.kubernetes.io/enforce': 'restricted' }));
    await client.waitFor({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'restricted', name: 'default' }, () => true);

    const refusal = await client.create(pod('privileged', 'restricted', { privileged: true })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(KubeApiError);
    expect(refusal).toMatchObject({ status: 403, reason: 'Forbidden' });
    expect((refusal as KubeApiError).message).toContain('violates PodSecurity "restricted:latest"');

    // The same namespace admits a pod that meets the restricted profile, so the refusal was PodSecurity's.
    const compliant = pod(
      'compliant',
      'restricted',
      { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    );
    await expect(client.create(compliant)).resolves.toMatchObject({ metadata: { name: 'compliant' } });
  });

  test('a Deployment is scheduled onto a kwok node and its pods become Ready', async () => {
    const { client } = controlPlane;
    const zone = 'us-east-1a';
    const capacity = { cpu: '4', memory: '16Gi', pods: '110' };
    const node = await client.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'kwok-node-a',
        annotations: { [KWOK_NODE_ANNOTATION]: KWOK_NODE_ANNOTATION_VALUE },
        labels: { 'kubernetes.io/hostname': 'kwok-node-a', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', [ZONE_LABEL]: zone },
      },
      status: { capacity, allocatable: capacity },
    });
    await client.waitFor<WithConditions>(refOf(node), (n) => isTrue(n, 'Ready'));

    const replicas = 3;
    await client.create(namespace('apps'));
    const deployment = await client.apply<KubeObject>(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'apps' },
        spec: {
          replicas,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              nodeSelector: { [ZONE_LABEL]: zone },
              containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
            },
          },
        },
      },
      { fieldManager: 'kubeshift-test' },
    );
    type DeploymentStatus = KubeObject & { status?: { readyReplicas?: number } };
    await client.waitFor<DeploymentStatus>(refOf(deployment), (d) => d.status?.readyReplicas === replicas, {
      timeoutMs: ROLLOUT_TIMEOUT_MS,
    });

    type Pod = WithConditions & { spec: { nodeName?: string }; status?: { phase?: string; conditions?: Condition[] } };
    const pods = await client.list<Pod>({ apiVersion: 'v1', kind: 'Pod', namespace: 'apps' }, { labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(replicas);
    for (const p of pods.items) {
      expect(p.spec.nodeName).toBe('kwok-node-a');
      expect(p.status?.phase).toBe('Running');
      expect(isTrue(p, 'Ready')).toBe(true);
    }
  });
});

/** The first line the child prints, or its stderr when it dies first. */
function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`start-and-hang exited (${code}) before starting:\n${stderr}`)));
  });
}

describe('interruption', () => {
  test(
    'when the process that started it is SIGKILLed, no process of the control plane survives',
    async () => {
      // One node process (no tsx CLI wrapper in between), so SIGKILL hits the owner itself.
      const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
      const child = spawn(process.execPath, ['--import', tsxLoader, path.join(__dirname, 'start-and-hang.ts')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const started = JSON.parse(await firstLine(child)) as { dir: string; processes: TrackedProcess[] };
        expect(started.processes.map((p) => p.name).sort()).toEqual([...BINARIES].sort());
        expect(started.processes.every((p) => isAlive(p.pid))).toBe(true);
        const pidFile = readFileSync(path.join(started.dir, 'pids'), 'utf8');
        for (const p of started.processes) expect(pidFile).toContain(`${p.pid} ${p.name}`);
        const recordOf = () =>
          readdirSync(runRecordsDir())
            .filter((file) => file.endsWith('.json'))
            .map(
              (file) => JSON.parse(readFileSync(path.join(runRecordsDir(), file), 'utf8')) as { dir: string; processes: TrackedProcess[] },
            )
            .find((record) => record.dir === started.dir);
        expect(
          recordOf()
            ?.processes.map((p) => p.pid)
            .sort(),
        ).toEqual(started.processes.map((p) => p.pid).sort());

        child.kill('SIGKILL');

        const deadline = Date.now() + CLEANUP_BUDGET_MS;
        // The watchdog removes the folder and the record right after the last process is gone.
        const cleanedUp = () => !started.processes.some((p) => isAlive(p.pid)) && !existsSync(started.dir) && !recordOf();
        while (!cleanedUp() && Date.now() < deadline) await sleep(200);
        expect(started.processes.filter((p) => isAlive(p.pid))).toEqual([]);
        expect(existsSync(started.dir)).toBe(false);
        expect(recordOf()).toBeUndefined();
      } finally {
        child.kill('SIGKILL');
      }
    },
    START_TIMEOUT_MS + CLEANUP_BUDGET_MS,
  );
});
