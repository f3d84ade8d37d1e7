import { Chart, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import {
  formatCpu,
  formatMemory,
  podResourcesFor,
  type EnvironmentConfig,
  type PodResources,
  type Resources,
  type ServiceEnvironment,
} from '../config';
import { priorityClassName } from '../domain/naming';
import { MANAGED_BY } from './labels';
import { allowAllEgress, allowSameNamespace, defaultDeny } from './network-policy';

const { k8s } = kplus;

/**
 * Requests of a container that states none (a sidecar added later, a debug pod): small, so the
 * namespace's quota is not spent on guesses.
 */
export const CONTAINER_DEFAULT: Resources = { cpuMillis: 100, memoryMebibytes: 128 };
/** Rolling updates surge 25 % above the replica count (the service chart's maxSurge); the quota must allow it at peak. */
export const ROLLOUT_SURGE = 0.25;
/**
 * Pods in the namespace get the AWS Load Balancer Controller's readiness gate: a rollout waits
 * until a new pod is healthy in its target group before it stops an old one.
 * https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/
 */
export const READINESS_GATE_INJECTION = { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' } as const;
/** Room in the quota for pods outside the config: one-off jobs, `kubectl debug`. */
export const SPARE_PODS = 5;

export interface EnvironmentChartProps extends ChartProps {
  /** The environment this namespace hosts. */
  readonly environment: EnvironmentConfig;
  /** Its services on this cluster: they size the ResourceQuota (each opens its pod port to the load balancers in its own chart). */
  readonly services: readonly ServiceEnvironment[];
}

/**
 * One environment's namespace on a shared cluster: Namespace (restricted pod security, load
 * balancer readiness gates),
 * PriorityClass (higher for production, so staging is preempted and evicted first), LimitRange
 * whose defaults keep the tier, a ResourceQuota sized from the services at peak, and
 * NetworkPolicies: ingress only from the same namespace and, on each service's pod port, from the
 * load balancers' subnets, so environments sharing a cluster cannot reach each other's pods.
 */
export class EnvironmentChart extends Chart {
  /** Name of the environment's PriorityClass, which every pod in it uses. */
  readonly priorityClassName: string;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    const { environment } = props;
    super(scope, id, { ...props, labels: { ...MANAGED_BY, ...props.labels } });
    this.priorityClassName = priorityClassName(environment.name);

    new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: environment.name,
        labels: {
          // Every kubeshift pod meets the environment's standard ("restricted" unless the config says
          // baseline, for images that need root); the API server rejects any pod that does not.
          'pod-security.kubernetes.io/enforce': environment.podSecurity,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          ...READINESS_GATE_INJECTION,
        },
      },
    });

    new k8s.KubePriorityClass(this, 'PriorityClass', {
      metadata: { name: this.priorityClassName },
      value: environment.priority,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: `kubeshift ${environment.name} (${environment.qos}): pods of lower priority are preempted and evicted first`,
    });

    const defaults = tierDefaults(environment);
    if (defaults) {
      new k8s.KubeLimitRange(this, 'LimitRange', {
        metadata: { name: 'tier-defaults', namespace: environment.name },
        spec: {
          limits: [{ type: 'Container', default: quantities(defaults.limit), defaultRequest: quantities(defaults.request) }],
        },
      });
    }

    new k8s.KubeResourceQuota(this, 'ResourceQuota', {
      metadata: { name: 'tier-quota', namespace: environment.name },
      spec: { hard: quotaFor(environment, props.services) },
    });

    // Ingress denied but from the namespace itself (and, in each service's chart, from the load
    // balancers to its port). Nothing in kube-system needs to open a connection to an app pod: CoreDNS answers
    // the pods, metrics-server scrapes the kubelets (not the pods), the Load Balancer Controller talks
    // to the AWS API, and kubelet probes come from the pod's own node, which policies never block.
    // Egress stays open, and says so: apps call their databases, AWS APIs and third parties, which the
    // config does not list; another environment's pods are closed by that environment's own ingress policy.
    defaultDeny(this, 'DefaultDenyIngress', environment.name, 'default-deny-ingress', ['Ingress']);
    allowSameNamespace(this, 'AllowSameNamespace', environment.name);
    allowAllEgress(this, 'AllowAllEgress', environment.name);
  }
}

function quantities(resources: Resources): Record<string, kplus.k8s.Quantity> {
  return {
    cpu: k8s.Quantity.fromString(formatCpu(resources.cpuMillis)),
    memory: k8s.Quantity.fromString(formatMemory(resources.memoryMebibytes)),
  };
}

/** Container defaults that keep the namespace's tier; none for BestEffort, which has no requests. */
function tierDefaults(environment: EnvironmentConfig): { request: Resources; limit: Resources } | undefined {
  const pod = podResourcesFor(environment.qos, CONTAINER_DEFAULT, environment.requestRatio);
  return pod.requests && pod.limits ? { request: pod.requests, limit: pod.limits } : undefined;
}

/**
 * Peak pods of a service: its maximum replicas, the rolling update's surge, and once more the
 * surge for the old pods a rollout step has just scaled down: a pod counts against the quota
 * until it is gone (through its grace period) and the quota controller has released it, which it
 * does asynchronously, while the next step's pods are already being created. With the surge only,
 * a rollout at maxReplicas had pods refused ("exceeded quota"; test/cluster/quota.cluster.test.ts).
 */
export function peakPods(entry: ServiceEnvironment): number {
  const replicas = entry.autoscaling?.maxReplicas ?? entry.replicas;
  return replicas + 2 * Math.ceil(replicas * ROLLOUT_SURGE);
}

/** Quota = every service at peak with surge, plus spare pods of the default size. */
function quotaFor(environment: EnvironmentConfig, services: readonly ServiceEnvironment[]): Record<string, kplus.k8s.Quantity> {
  const pods = services.reduce((sum, entry) => sum + peakPods(entry), 0) + SPARE_PODS;
  const defaults = tierDefaults(environment);
  if (!defaults) {
    return { pods: k8s.Quantity.fromNumber(pods) };
  }
  const total = (pick: (pod: PodResources) => Resources | undefined, spare: Resources): Resources => {
    let cpuMillis = SPARE_PODS * spare.cpuMillis;
    let memoryMebibytes = SPARE_PODS * spare.memoryMebibytes;
    for (const entry of services) {
      const resources = pick(entry.podResources);
      if (!resources) continue;
      cpuMillis += peakPods(entry) * resources.cpuMillis;
      memoryMebibytes += peakPods(entry) * resources.memoryMebibytes;
    }
    return { cpuMillis, memoryMebibytes };
  };
  const requests = total((pod) => pod.requests, defaults.request);
  const limits = total((pod) => pod.limits, defaults.limit);
  return {
    pods: k8s.Quantity.fromNumber(pods),
    'requests.cpu': k8s.Quantity.fromString(formatCpu(requests.cpuMillis)),
    'requests.memory': k8s.Quantity.fromString(formatMemory(requests.memoryMebibytes)),
    'limits.cpu': k8s.Quantity.fromString(formatCpu(limits.cpuMillis)),
    'limits.memory': k8s.Quantity.fromString(formatMemory(limits.memoryMebibytes)),
  };
}
