import type { Resources } from '../../config';
import { DAEMON_SETS, SYSTEM_DEPLOYMENTS, type SystemPod } from '../../domain/cost/system-pods';
import { KUBE_SYSTEM } from './eks-seed';
import type { KubeObject } from './kube-client';

/**
 * Stand-ins for what else runs in kube-system besides CoreDNS and kubeshift's charts: the
 * DaemonSets (VPC CNI, kube-proxy, Pod Identity agent, aws-for-fluent-bit) and the system
 * Deployments that Helm charts and add-ons install (Cluster Autoscaler, metrics-server, AWS
 * Load Balancer Controller). Each has the requests the cost planner counts for it
 * (domain/cost/system-pods.ts), so the scheduler keeps their room as the plan does. Only what the
 * scheduler sees is modelled: requests, priority, tolerations; the images never run.
 *
 * Every stand-in DaemonSet runs at system-node-critical and tolerates every taint, as the EKS
 * add-ons' DaemonSets do, so its pod lands on a node before anything else (a real node is NotReady
 * until aws-node runs). aws-for-fluent-bit as its chart ships it has no priorityClassName and no
 * tolerations (priority 0): that is the cluster issue's fault, not modelled here.
 */

const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
/** Built-in PriorityClasses of every cluster: https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/ */
const NODE_CRITICAL = 'system-node-critical';
const CLUSTER_CRITICAL = 'system-cluster-critical';
/** Deployments that kubeshift's own charts create (domain/cost/system-pods.ts lists them too). */
const FROM_CHARTS = new Set(['dns-autoscaler']);
/** Labels every stand-in carries, so tests can tell them apart. */
const STAND_IN_LABEL = 'kubeshift.io/stand-in';

function container(requests: Resources): Record<string, unknown> {
  const stated: Record<string, string> = {};
  if (requests.cpuMillis > 0) stated.cpu = `${requests.cpuMillis}m`;
  if (requests.memoryMebibytes > 0) stated.memory = `${requests.memoryMebibytes}Mi`;
  return { name: 'main', image: PAUSE_IMAGE, resources: Object.keys(stated).length > 0 ? { requests: stated } : {} };
}

function podTemplate(pod: SystemPod, priorityClassName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const labels = { 'app.kubernetes.io/name': pod.name, [STAND_IN_LABEL]: 'true' };
  return {
    metadata: { labels, annotations: { 'kubeshift.io/requests-from': pod.source } },
    spec: { priorityClassName, automountServiceAccountToken: false, containers: [container(pod.requests)], ...extra },
  };
}

function daemonSet(pod: SystemPod): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: pod.name, namespace: KUBE_SYSTEM, labels: { [STAND_IN_LABEL]: 'true' } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': pod.name } },
      template: podTemplate(pod, NODE_CRITICAL, { tolerations: [{ operator: 'Exists' }] }),
    },
  };
}

function deployment(pod: SystemPod & { readonly replicas: number }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: pod.name, namespace: KUBE_SYSTEM, labels: { [STAND_IN_LABEL]: 'true' } },
    spec: {
      replicas: pod.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': pod.name } },
      // The charts' and add-ons' own setting for each of these.
      template: podTemplate(pod, CLUSTER_CRITICAL),
    },
  };
}

/** The stand-in DaemonSets and system Deployments. */
export function systemWorkloads(): KubeObject[] {
  return [...DAEMON_SETS.map(daemonSet), ...SYSTEM_DEPLOYMENTS.filter((pod) => !FROM_CHARTS.has(pod.name)).map(deployment)];
}

/** How many DaemonSet pods every node runs. */
export const DAEMON_SETS_PER_NODE = DAEMON_SETS.length;
