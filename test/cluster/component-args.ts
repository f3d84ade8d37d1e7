/**
 * The command lines of the control-plane components, set up the way EKS runs its control plane
 * where a test can tell the difference (admission, authorization, service-account tokens), and
 * bound to loopback only.
 */

/**
 * The admission plugins every EKS platform version enables (the list is the same for 1.30 and
 * later): https://docs.aws.amazon.com/eks/latest/userguide/platform-versions.html
 * Plugin names: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
 */
export const EKS_ADMISSION_PLUGINS = [
  'NodeRestriction',
  'ExtendedResourceToleration',
  'NamespaceLifecycle',
  'LimitRanger',
  'ServiceAccount',
  'TaintNodesByCondition',
  'PodSecurity',
  'Priority',
  'DefaultTolerationSeconds',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
  'ResourceQuota',
] as const;

/**
 * EKS's default service range (172.20.0.0/16 instead where the VPC is in 10.0.0.0/8); the first IP
 * is the `kubernetes` service's: https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html
 */
export const SERVICE_CIDR = '10.100.0.0/16';
export const KUBERNETES_SERVICE_IP = '10.100.0.1';

/** Where kwok hands out pod IPs (no real network: only needs to be large and not overlap the services). */
export const POD_CIDR = '10.244.0.0/16';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** kwok manages only nodes carrying this annotation, so a test can also create nodes it leaves alone. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const KWOK_NODE_ANNOTATION_VALUE = 'fake';

/** kwokctl's default: kwok renews a Lease per node this often, as a kubelet does. */
const KWOK_NODE_LEASE_SECONDS = 40;

const LOOPBACK = '127.0.0.1';

export interface Serving {
  readonly cert: string;
  readonly key: string;
}

export function etcdArgs(o: { dataDir: string; clientPort: number; peerPort: number }): string[] {
  const client = `http://${LOOPBACK}:${o.clientPort}`;
  const peer = `http://${LOOPBACK}:${o.peerPort}`;
  return [
    '--name=default',
    `--data-dir=${o.dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // Throwaway data: fsync only makes a test slower.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

export function apiServerArgs(o: {
  port: number;
  etcdUrl: string;
  caFile: string;
  serving: Serving;
  serviceAccountPublicKey: string;
  serviceAccountPrivateKey: string;
}): string[] {
  return [
    `--bind-address=${LOOPBACK}`,
    `--advertise-address=${LOOPBACK}`,
    `--secure-port=${o.port}`,
    `--etcd-servers=${o.etcdUrl}`,
    `--tls-cert-file=${o.serving.cert}`,
    `--tls-private-key-file=${o.serving.key}`,
    `--client-ca-file=${o.caFile}`,
    '--authorization-mode=Node,RBAC',
    `--enable-admission-plugins=${EKS_ADMISSION_PLUGINS.join(',')}`,
    // EKS allows privileged containers; PodSecurity admission is what refuses them per namespace.
    '--allow-privileged=true',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${o.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${o.serviceAccountPrivateKey}`,
    '--profiling=false',
  ];
}

/**
 * Requests per second (and burst) the controller-manager and the scheduler may send the API
 * server. The defaults (20/30 and 50/100) throttle a test that rolls a hundred pods on a machine
 * where the API server has room to spare; EKS sizes its control plane's limits to the cluster.
 * Only the pace changes, not a decision.
 */
const CLIENT_QPS = 500;
const CLIENT_BURST = 1000;

/**
 * How often the HPA controller looks at each HPA (default 15s, and at most that often after a
 * change). Tests set HPA floors and wait for the Deployments to follow: a second is enough and
 * changes no scaling decision (stabilization windows and scaling policies count in time, not syncs).
 */
const HPA_SYNC_PERIOD = '1s';

export function controllerManagerArgs(o: {
  port: number;
  kubeconfig: string;
  caFile: string;
  caKeyFile: string;
  serving: Serving;
  serviceAccountPrivateKey: string;
}): string[] {
  return [
    `--bind-address=${LOOPBACK}`,
    `--secure-port=${o.port}`,
    `--tls-cert-file=${o.serving.cert}`,
    `--tls-private-key-file=${o.serving.key}`,
    `--kubeconfig=${o.kubeconfig}`,
    `--authentication-kubeconfig=${o.kubeconfig}`,
    `--authorization-kubeconfig=${o.kubeconfig}`,
    // Every default controller: namespace deletion, ReplicaSets, disruption budgets, HPA, GC, ...
    '--controllers=*',
    '--leader-elect=false',
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${o.serviceAccountPrivateKey}`,
    `--root-ca-file=${o.caFile}`,
    `--cluster-signing-cert-file=${o.caFile}`,
    `--cluster-signing-key-file=${o.caKeyFile}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    `--horizontal-pod-autoscaler-sync-period=${HPA_SYNC_PERIOD}`,
    `--kube-api-qps=${CLIENT_QPS}`,
    `--kube-api-burst=${CLIENT_BURST}`,
    '--profiling=false',
  ];
}

/**
 * Retry back-off of a pod the scheduler could not place, in seconds. The defaults (1 s doubling
 * to 10 s) only delay retries; the tests add nodes one by one and wait for the scheduler after
 * each, so a one-second cap keeps each round short without changing any placement decision.
 */
const POD_BACKOFF_SECONDS = 1;

/**
 * The scheduler's KubeSchedulerConfiguration, as a file for --config: the default profile (as on
 * EKS), except for the retry back-off. With --config the file, not the flags, sets the client
 * connection and leader election.
 */
export function schedulerConfig(o: { kubeconfig: string }): string {
  return JSON.stringify({
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    clientConnection: { kubeconfig: o.kubeconfig, qps: CLIENT_QPS, burst: CLIENT_BURST },
    leaderElection: { leaderElect: false },
    podInitialBackoffSeconds: POD_BACKOFF_SECONDS,
    podMaxBackoffSeconds: POD_BACKOFF_SECONDS,
  });
}

export function schedulerArgs(o: { port: number; kubeconfig: string; configFile: string; serving: Serving }): string[] {
  return [
    `--config=${o.configFile}`,
    `--bind-address=${LOOPBACK}`,
    `--secure-port=${o.port}`,
    `--tls-cert-file=${o.serving.cert}`,
    `--tls-private-key-file=${o.serving.key}`,
    `--authentication-kubeconfig=${o.kubeconfig}`,
    `--authorization-kubeconfig=${o.kubeconfig}`,
    '--profiling=false',
  ];
}

/** Flags from sigs.k8s.io/kwok v0.8.0 pkg/kwok/cmd/root.go; stages as kwokctl's defaults (see build.sh). */
export function kwokArgs(o: { port: number; kubeconfig: string; stagesFile: string; serving: Serving }): string[] {
  return [
    `--kubeconfig=${o.kubeconfig}`,
    `--config=${o.stagesFile}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=${KWOK_NODE_ANNOTATION_VALUE}`,
    `--node-ip=${LOOPBACK}`,
    `--node-port=${o.port}`,
    `--server-address=${LOOPBACK}:${o.port}`,
    `--tls-cert-file=${o.serving.cert}`,
    `--tls-private-key-file=${o.serving.key}`,
    `--cidr=${POD_CIDR}`,
    `--node-lease-duration-seconds=${KWOK_NODE_LEASE_SECONDS}`,
  ];
}
