import { Chart, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { DnsAutoscalerConfig } from '../config';
import { containerEphemeralStorageMebibytes } from '../domain/ephemeral-storage';
import { DEPLOY_SOURCES, imageFrom, NO_MIRRORS, type Mirrors } from '../domain/kubernetes-releases';
import { MANAGED_BY } from './labels';
import { scannerSkipAnnotations } from './scanner-skips';

const { k8s } = kplus;

const NAMESPACE = 'kube-system';
const NAME = 'dns-autoscaler';
/** The Deployment the EKS CoreDNS add-on creates, and its pods' label. */
export const COREDNS_DEPLOYMENT = 'coredns';
/** cluster-proportional-autoscaler release (kubernetes-sigs/cluster-proportional-autoscaler); its registry is in DEPLOY_SOURCES. */
export const CPA_IMAGE_TAG = 'v1.9.0';
/** Requests from the upstream example manifest; limits leave room for a large node list. */
const CPA_REQUESTS = { cpu: '20m', memory: '10Mi' };
const CPA_LIMITS = { cpu: '100m', memory: '64Mi' };
/** The UID the distroless CPA image runs as. */
const NONROOT_UID = 65532;
/** The port of the in-cluster API server address (the default kubernetes Service) on EKS. */
const KUBERNETES_API_PORT = 443;

export interface DnsAutoscalerChartProps extends ChartProps {
  /** Linear-mode parameters. */
  readonly params: DnsAutoscalerConfig;
  /** Mirrors of its image registry. @default - the default registry */
  readonly mirrors?: Mirrors;
}

/**
 * CoreDNS that grows with the cluster: cluster-proportional-autoscaler in linear mode scales
 * `deployment/coredns` by nodes and cores (never below two replicas), with RBAC for exactly that.
 * No PodDisruptionBudget here: the CoreDNS add-on ships its own, named `coredns`, since
 * v1.9.3-eksbuild.6 / v1.10.1-eksbuild.3
 * (https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html, "Important CoreDNS
 * upgrade considerations"). One of ours by that name collided with it on the first deploy
 * (aws-eks-v2 creates a manifest, AlreadyExists), and applied over it would take the add-on's
 * object from EKS. Nothing in this chart has the name of an object an EKS add-on owns
 * (test/charts/eks-owned-objects.test.ts).
 */
export class DnsAutoscalerChart extends Chart {
  constructor(scope: Construct, id: string, props: DnsAutoscalerChartProps) {
    super(scope, id, { ...props, namespace: NAMESPACE, labels: { ...MANAGED_BY, ...props.labels } });
    const labels = { 'app.kubernetes.io/name': NAME };

    new k8s.KubeConfigMap(this, 'Params', {
      metadata: { name: NAME },
      data: {
        linear: JSON.stringify({
          coresPerReplica: props.params.coresPerReplica,
          nodesPerReplica: props.params.nodesPerReplica,
          min: props.params.min,
          ...(props.params.max !== undefined ? { max: props.params.max } : {}),
          // With more than one node, never a single CoreDNS replica.
          preventSinglePointFailure: true,
          includeUnschedulableNodes: true,
        }),
      },
    });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME } });

    // Cluster-wide: it only counts nodes (and their cores).
    new k8s.KubeClusterRole(this, 'NodeReader', {
      metadata: { name: `kubeshift:${NAME}` },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'NodeReaderBinding', {
      metadata: { name: `kubeshift:${NAME}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `kubeshift:${NAME}` },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
    });

    // In kube-system: read its own params, scale coredns and nothing else.
    new k8s.KubeRole(this, 'Scaler', {
      metadata: { name: NAME },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [NAME], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [COREDNS_DEPLOYMENT], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: [COREDNS_DEPLOYMENT], verbs: ['get', 'update', 'patch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'ScalerBinding', {
      metadata: { name: NAME },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
    });

    // Nothing connects to it; it only calls the API server (on 443, at addresses EKS chooses, so no address is named).
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: NAME },
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        egress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(KUBERNETES_API_PORT) }] }],
      },
    });

    // Its logs only: the root filesystem is read-only and it mounts no emptyDir.
    const ephemeralStorage = k8s.Quantity.fromString(`${containerEphemeralStorageMebibytes([])}Mi`);
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: {
        name: NAME,
        annotations: scannerSkipAnnotations([
          { tool: 'checkov', check: 'CKV_K8S_38', reason: 'It scales deployment/coredns through the API server with this token' },
          { tool: 'checkov', check: 'CKV_K8S_8', reason: 'It serves no port to probe; the kubelet restarts it when it exits' },
          { tool: 'checkov', check: 'CKV_K8S_9', reason: 'It serves no port and receives no traffic; readiness would gate nothing' },
          {
            tool: 'checkov',
            check: 'CKV_K8S_43',
            reason: 'A release tag of the Kubernetes project registry, whose image promoter never re-points a promoted tag',
          },
        ]),
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            priorityClassName: 'system-cluster-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
            securityContext: {
              runAsNonRoot: true,
              runAsUser: NONROOT_UID,
              runAsGroup: NONROOT_UID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'autoscaler',
                image: `${imageFrom(DEPLOY_SOURCES.dnsAutoscaler.image, props.mirrors ?? NO_MIRRORS)}:${CPA_IMAGE_TAG}`,
                command: [
                  '/cluster-proportional-autoscaler',
                  `--namespace=${NAMESPACE}`,
                  `--configmap=${NAME}`,
                  `--target=deployment/${COREDNS_DEPLOYMENT}`,
                  '--logtostderr=true',
                  '--v=2',
                ],
                // The tag is a registry.k8s.io release; Always re-checks it (and the node's pull credentials) at every start.
                imagePullPolicy: 'Always',
                resources: {
                  requests: {
                    cpu: k8s.Quantity.fromString(CPA_REQUESTS.cpu),
                    memory: k8s.Quantity.fromString(CPA_REQUESTS.memory),
                    'ephemeral-storage': ephemeralStorage,
                  },
                  limits: {
                    cpu: k8s.Quantity.fromString(CPA_LIMITS.cpu),
                    memory: k8s.Quantity.fromString(CPA_LIMITS.memory),
                    'ephemeral-storage': ephemeralStorage,
                  },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    });
  }
}
