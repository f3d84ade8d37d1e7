import type { DnsAutoscalerConfig, Resources } from '../../config';

/**
 * What every cluster runs besides the services, with the requests its manifests set: these take
 * room on the nodes, so the plan counts them. Only requests matter to the scheduler; a pod with
 * none still takes one of the node's max-pods slots.
 */

/** A system workload: its requests per pod and where the numbers come from. */
export interface SystemPod {
  readonly name: string;
  readonly requests: Resources;
  readonly source: string;
}

const NO_REQUESTS: Resources = { cpuMillis: 0, memoryMebibytes: 0 };

/** The DaemonSets on every node, in the order `kubectl get ds -n kube-system` lists them. */
export const DAEMON_SETS: readonly SystemPod[] = [
  {
    name: 'aws-node',
    requests: { cpuMillis: 25, memoryMebibytes: 0 },
    source: 'Amazon VPC CNI EKS add-on: aws-node requests cpu 25m, no memory request',
  },
  {
    name: 'aws-for-fluent-bit',
    requests: { cpuMillis: 50, memoryMebibytes: 50 },
    source: 'aws/eks-charts stable/aws-for-fluent-bit values.yaml: requests cpu 50m, memory 50Mi (limit 250Mi)',
  },
  {
    name: 'eks-pod-identity-agent',
    requests: NO_REQUESTS,
    source: 'aws/eks-pod-identity-agent chart values.yaml: resources {} (no requests); it still takes a pod slot',
  },
  {
    name: 'kube-proxy',
    requests: { cpuMillis: 100, memoryMebibytes: 0 },
    source: 'kube-proxy EKS add-on: requests cpu 100m, no memory request',
  },
  {
    name: 'secrets-store-csi-driver',
    requests: { cpuMillis: 70, memoryMebibytes: 140 },
    source:
      'kubernetes-sigs/secrets-store-csi-driver chart values.yaml: linux.driver 50m/100Mi + linux.registrar 10m/20Mi + linux.livenessProbe 10m/20Mi',
  },
  {
    name: 'secrets-store-csi-driver-provider-aws',
    requests: { cpuMillis: 50, memoryMebibytes: 100 },
    source: 'aws/secrets-store-csi-driver-provider-aws chart values.yaml: requests cpu 50m, memory 100Mi (limits the same)',
  },
];

/** CoreDNS as the EKS add-on runs it: requests cpu 100m, memory 70Mi (limit 170Mi). */
export const COREDNS: SystemPod = {
  name: 'coredns',
  requests: { cpuMillis: 100, memoryMebibytes: 70 },
  source: 'CoreDNS EKS add-on: requests cpu 100m, memory 70Mi (limit 170Mi)',
};

/** The single-replica and fixed-replica system Deployments, with their replica counts. */
export const SYSTEM_DEPLOYMENTS: readonly (SystemPod & { readonly replicas: number })[] = [
  {
    name: 'dns-autoscaler',
    replicas: 1,
    requests: { cpuMillis: 20, memoryMebibytes: 10 },
    source: 'cluster-proportional-autoscaler as the Kubernetes dns-horizontal-autoscaler manifest sets it: cpu 20m, memory 10Mi',
  },
  {
    name: 'cluster-autoscaler',
    replicas: 1,
    requests: { cpuMillis: 100, memoryMebibytes: 300 },
    source:
      'kubernetes/autoscaler charts/cluster-autoscaler values.yaml: the suggested requests cpu 100m, memory 300Mi (the default is none)',
  },
  {
    name: 'metrics-server',
    replicas: 1,
    requests: { cpuMillis: 100, memoryMebibytes: 200 },
    source: 'kubernetes-sigs/metrics-server chart values.yaml and EKS add-on: requests cpu 100m, memory 200Mi',
  },
  {
    name: 'aws-load-balancer-controller',
    replicas: 2,
    requests: NO_REQUESTS,
    source: 'aws/eks-charts aws-load-balancer-controller: replicaCount 2, resources {} (assumed: no requests; two pod slots)',
  },
];

/**
 * CoreDNS replicas as cluster-proportional-autoscaler's linear mode sets them:
 * max(⌈cores / coresPerReplica⌉, ⌈nodes / nodesPerReplica⌉), capped at `max`, raised to `min`,
 * and to 2 when there is more than one node (preventSinglePointFailure), in that order.
 */
export function coreDnsReplicas(params: DnsAutoscalerConfig, cores: number, nodes: number): number {
  let replicas = Math.max(Math.ceil(cores / params.coresPerReplica), Math.ceil(nodes / params.nodesPerReplica));
  if (params.max !== undefined && replicas > params.max) replicas = params.max;
  if (replicas < params.min) replicas = params.min;
  if (nodes > 1 && replicas < 2) replicas = 2;
  return replicas;
}
