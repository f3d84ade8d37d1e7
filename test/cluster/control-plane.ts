import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BINARIES, BUILD_SCRIPT, binaryPath, k8sVersion, kwokStagesPath, runRecordsDir, type Binary } from './cache';
import {
  apiServerArgs,
  controllerManagerArgs,
  etcdArgs,
  KUBERNETES_SERVICE_IP,
  kwokArgs,
  schedulerArgs,
  schedulerConfig,
  SERVICE_ACCOUNT_ISSUER,
} from './component-args';
import { KubeClient } from './kube-client';
import { writeKubeconfig } from './kubeconfig';
import { CertificateAuthority, serviceAccountKeys, type CertificateFiles, type ClientIdentity } from './pki';
import { freeLoopbackPorts } from './ports';
import { ProcessTracker, reapLeftovers, type TrackedProcess } from './process-tracker';

/**
 * A real Kubernetes control plane on 127.0.0.1 for tests: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler built from source by scripts/control-plane/build.sh,
 * plus kwok, which plays the kubelets of fake nodes (annotated kwok.x-k8s.io/node=fake) so pods
 * get scheduled and become Running/Ready without containers.
 */

export interface ControlPlaneOptions {
  /** Kubernetes release, e.g. v1.35.4; default: KUBESHIFT_K8S_VERSION, else the DEFAULT_K8S_VERSION of cache.ts. */
  readonly version?: string;
  /** Give up (and stop everything) when the control plane is not ready after this long. */
  readonly startTimeoutMs?: number;
}

export interface ControlPlane {
  /** A kubeconfig for an admin in system:masters (certificates inlined). */
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** The gitVersion the API server reports, e.g. v1.35.4. */
  readonly version: string;
  /** A client acting as the same admin. */
  readonly client: KubeClient;
  /** The scheduler's Prometheus metrics (its queues, its attempts), read as the same admin. */
  schedulerMetrics(): Promise<string>;
  readonly processes: readonly TrackedProcess[];
  /** The temporary folder: certificates, logs/, etcd's data. Removed by stop(). */
  readonly dir: string;
  /** Stops every process started for this control plane and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 90_000;
const POLL_MS = 100;
const LOG_TAIL_LINES = 25;
const ADMIN: ClientIdentity = { user: 'kubeshift-admin', groups: ['system:masters'] };
/** The users Kubernetes' bootstrap RBAC policy grants each component's permissions to. */
const CONTROLLER_MANAGER: ClientIdentity = { user: 'system:kube-controller-manager' };
const SCHEDULER: ClientIdentity = { user: 'system:kube-scheduler' };
/** kwok writes node and pod status for every fake node: kwokctl runs it as an admin too. */
const KWOK: ClientIdentity = { user: 'kwok-controller', groups: ['system:masters'] };

interface Pki {
  readonly ca: CertificateAuthority;
  readonly serving: CertificateFiles;
  readonly admin: CertificateFiles;
  readonly controllerManager: CertificateFiles;
  readonly scheduler: CertificateFiles;
  readonly kwok: CertificateFiles;
  readonly serviceAccount: { readonly privateKey: string; readonly publicKey: string };
}

async function createPki(dir: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true });
  const ca = await CertificateAuthority.create(dir, 'kubeshift-test-ca');
  const [serving, admin, controllerManager, scheduler, kwok, serviceAccount] = await Promise.all([
    // One serving certificate for every component: all of them listen on 127.0.0.1 only.
    ca.serving('serving', {
      dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', new URL(SERVICE_ACCOUNT_ISSUER).hostname],
      ips: ['127.0.0.1', KUBERNETES_SERVICE_IP],
    }),
    ca.client('admin', ADMIN),
    ca.client('controller-manager', CONTROLLER_MANAGER),
    ca.client('scheduler', SCHEDULER),
    ca.client('kwok', KWOK),
    serviceAccountKeys(dir),
  ]);
  return { ca, serving, admin, controllerManager, scheduler, kwok, serviceAccount };
}

function binaries(version: string): Record<Binary, string> {
  const paths = Object.fromEntries(BINARIES.map((name) => [name, binaryPath(version, name)])) as Record<Binary, string>;
  const missing = BINARIES.filter((name) => !existsSync(paths[name]));
  const stages = kwokStagesPath(version);
  if (missing.length > 0 || !existsSync(stages)) {
    const what = [...missing, ...(existsSync(stages) ? [] : [path.basename(stages)])].join(', ');
    throw new Error(`control plane ${version} is not built (missing ${what}): run ${BUILD_SCRIPT} ${version}`);
  }
  return paths;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Status code of a GET, or undefined while nothing answers (not listening yet). */
function probe(url: string, ca?: Buffer): Promise<number | undefined> {
  return new Promise((resolve) => {
    const options = { timeout: 2_000, ...(ca ? { ca } : {}) };
    const request = (url.startsWith('https:') ? https : http).get(url, options, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/**
 * Starts the control plane of `options.version` (built beforehand by build.sh) and resolves once
 * every component is serving; on any failure everything started so far is stopped again.
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const version = k8sVersion(options.version);
  const bin = binaries(version);
  await reapLeftovers(runRecordsDir());

  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeshift-control-plane-'));
  const logDir = path.join(dir, 'logs');
  mkdirSync(logDir);
  const tracker = ProcessTracker.start(dir, runRecordsDir());
  const deadline = Date.now() + (options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  const logFile = (name: string) => path.join(logDir, `${name}.log`);
  // Only what the components need: etcd reads ETCD_* variables, kwok reads ~/.kwok/kwok.yaml.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
  const run = (name: Binary, args: string[]) => tracker.spawn(name, bin[name], args, logFile(name), env);

  let failed = false; // set when starting failed, so the other waits stop polling
  /** Polls `ready` until it holds; fails at once when a component has exited. */
  const until = async (what: string, ready: () => Promise<boolean>): Promise<void> => {
    for (;;) {
      if (failed) throw new Error(`gave up waiting for ${what}`);
      const exit = tracker.unexpectedExit;
      if (exit)
        throw new Error(`${exit.name} exited (code ${exit.code}, signal ${exit.signal}) while waiting for ${what}:\n${tail(exit.logFile)}`);
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) {
        const logs = tracker.processes.map((p) => `--- ${p.name}\n${tail(logFile(p.name))}`).join('\n');
        throw new Error(`timed out waiting for ${what}\n${logs}`);
      }
      await sleep(POLL_MS);
    }
  };

  try {
    const [pki, [etcdPort, etcdPeerPort, apiPort, controllerManagerPort, schedulerPort, kwokPort]] = await Promise.all([
      createPki(path.join(dir, 'pki')),
      freeLoopbackPorts(6),
    ]);
    const server = `https://127.0.0.1:${apiPort}`;
    const caPem = readFileSync(pki.ca.cert);
    const client = new KubeClient({ server, ca: caPem, cert: readFileSync(pki.admin.cert), key: readFileSync(pki.admin.key) });
    const kubeconfig = (name: string, user: ClientIdentity, files: CertificateFiles) => {
      const file = path.join(dir, `${name}.kubeconfig`);
      writeKubeconfig(file, { server, caFile: pki.ca.cert, certFile: files.cert, keyFile: files.key, user: user.user });
      return file;
    };
    const kubeconfigPath = kubeconfig('admin', ADMIN, pki.admin);

    // The API server waits for etcd by itself, so both start at once.
    run('etcd', etcdArgs({ dataDir: path.join(dir, 'etcd'), clientPort: etcdPort, peerPort: etcdPeerPort }));
    run(
      'kube-apiserver',
      apiServerArgs({
        port: apiPort,
        etcdUrl: `http://127.0.0.1:${etcdPort}`,
        caFile: pki.ca.cert,
        serving: pki.serving,
        serviceAccountPublicKey: pki.serviceAccount.publicKey,
        serviceAccountPrivateKey: pki.serviceAccount.privateKey,
      }),
    );
    await until('kube-apiserver /readyz', async () => (await client.request('GET', '/readyz')).status === 200);

    run(
      'kube-controller-manager',
      controllerManagerArgs({
        port: controllerManagerPort,
        kubeconfig: kubeconfig('controller-manager', CONTROLLER_MANAGER, pki.controllerManager),
        caFile: pki.ca.cert,
        caKeyFile: pki.ca.key,
        serving: pki.serving,
        serviceAccountPrivateKey: pki.serviceAccount.privateKey,
      }),
    );
    const schedulerKubeconfig = kubeconfig('scheduler', SCHEDULER, pki.scheduler);
    const schedulerConfigFile = path.join(dir, 'kube-scheduler.json');
    writeFileSync(schedulerConfigFile, schedulerConfig({ kubeconfig: schedulerKubeconfig }));
    run(
      'kube-scheduler',
      schedulerArgs({ port: schedulerPort, kubeconfig: schedulerKubeconfig, configFile: schedulerConfigFile, serving: pki.serving }),
    );
    run(
      'kwok',
      kwokArgs({
        port: kwokPort,
        kubeconfig: kubeconfig('kwok', KWOK, pki.kwok),
        stagesFile: kwokStagesPath(version),
        serving: pki.serving,
      }),
    );

    const healthy = async (port: number) => (await probe(`https://127.0.0.1:${port}/healthz`, caPem)) === 200;
    await Promise.all([
      until('kube-controller-manager /healthz', () => healthy(controllerManagerPort)),
      until('kube-scheduler /healthz', () => healthy(schedulerPort)),
      until('kwok /healthz', () => healthy(kwokPort)),
      // Pods need their namespace's default ServiceAccount, which the controller-manager creates.
      until(
        'the default ServiceAccount',
        async () => !!(await client.find({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'default', name: 'default' })),
      ),
    ]);
    const reported = JSON.parse((await client.request('GET', '/version')).body) as { gitVersion: string };

    const scheduler = new KubeClient({
      server: `https://127.0.0.1:${schedulerPort}`,
      ca: caPem,
      cert: readFileSync(pki.admin.cert),
      key: readFileSync(pki.admin.key),
    });

    return {
      kubeconfigPath,
      server,
      version: reported.gitVersion,
      client,
      schedulerMetrics: async () => {
        const response = await scheduler.request('GET', '/metrics');
        if (response.status !== 200) throw new Error(`kube-scheduler /metrics: HTTP ${response.status} ${response.body.slice(0, 200)}`);
        return response.body;
      },
      processes: tracker.processes,
      dir,
      stop: () => tracker.stop(),
    };
  } catch (error) {
    failed = true;
    await tracker.stop();
    throw error;
  }
}
