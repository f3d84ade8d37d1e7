import { COREDNS } from '../../domain/cost/system-pods';
import type { KubeObject } from './kube-client';

/**
 * What EKS itself has created in kube-system before the first kubeshift manifest is applied: the
 * CoreDNS add-on's objects (the stack makes the DNS autoscaler chart wait for the add-on) and the
 * service accounts of the networking add-ons. Shapes as the add-ons ship them:
 * - CoreDNS Deployment, Service `kube-dns`, ConfigMap, RBAC: the EKS add-on's manifest
 *   (`kubectl get deploy,svc,cm,pdb -n kube-system -l k8s-app=kube-dns -o yaml` on an EKS cluster;
 *   documented at https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html).
 * - The PodDisruptionBudget `coredns` (maxUnavailable 1) the add-on ships since v1.9.3-eksbuild.5 /
 *   v1.10.1-eksbuild.x: https://aws.amazon.com/blogs/containers/recent-changes-to-the-coredns-add-on/
 *   (requested in https://github.com/aws/containers-roadmap/issues/1929).
 * Images are never pulled (kwok runs no containers), so any tag does.
 */

export const KUBE_SYSTEM = 'kube-system';
/** What the add-on labels its objects and selects its pods with. */
export const COREDNS_LABELS = { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' } as const;
/** The add-on's default replica count, before the DNS autoscaler takes over. */
const COREDNS_REPLICAS = 2;
/** The cluster DNS address: the tenth of EKS's default service range 10.100.0.0/16 (see component-args.ts). */
const KUBE_DNS_IP = '10.100.0.10';
const COREDNS_IMAGE = '602401143452.dkr.ecr.sa-east-1.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2';
/** The add-on's memory limit; its requests are the planner's (domain/cost/system-pods.ts COREDNS). */
const COREDNS_MEMORY_LIMIT = '170Mi';

const meta = (name: string, labels: Record<string, string> = {}) => ({ name, namespace: KUBE_SYSTEM, labels });

function coreDnsDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('coredns', { ...COREDNS_LABELS, 'kubernetes.io/name': 'CoreDNS' }),
    spec: {
      replicas: COREDNS_REPLICAS,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: COREDNS_LABELS },
      template: {
        metadata: { labels: COREDNS_LABELS },
        spec: {
          serviceAccountName: 'coredns',
          priorityClassName: 'system-cluster-critical',
          dnsPolicy: 'Default',
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
                    ],
                  },
                ],
              },
            },
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
          ],
          containers: [
            {
              name: 'coredns',
              image: COREDNS_IMAGE,
              args: ['-conf', '/etc/coredns/Corefile'],
              resources: {
                requests: { cpu: `${COREDNS.requests.cpuMillis}m`, memory: `${COREDNS.requests.memoryMebibytes}Mi` },
                limits: { memory: COREDNS_MEMORY_LIMIT },
              },
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
                readOnlyRootFilesystem: true,
              },
            },
          ],
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
}

/** The EKS add-on objects and service accounts, in the order they are created. */
export function eksSeedObjects(): KubeObject[] {
  const serviceAccount = (name: string, labels: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(name, labels),
  });
  return [
    serviceAccount('aws-node', { 'app.kubernetes.io/name': 'aws-node' }),
    serviceAccount('kube-proxy', { 'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy' }),
    serviceAccount('coredns', COREDNS_LABELS),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns', labels: COREDNS_LABELS },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns', labels: COREDNS_LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: KUBE_SYSTEM }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('coredns', COREDNS_LABELS),
      data: {
        Corefile: [
          '.:53 {',
          '    errors',
          '    health {',
          '        lameduck 5s',
          '    }',
          '    ready',
          '    kubernetes cluster.local in-addr.arpa ip6.arpa {',
          '        pods insecure',
          '        fallthrough in-addr.arpa ip6.arpa',
          '    }',
          '    prometheus :9153',
          '    forward . /etc/resolv.conf',
          '    cache 30',
          '    loop',
          '    reload',
          '    loadbalance',
          '}',
          '',
        ].join('\n'),
      },
    },
    coreDnsDeployment(),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('kube-dns', { ...COREDNS_LABELS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }),
      spec: {
        selector: { 'k8s-app': 'kube-dns' },
        clusterIP: KUBE_DNS_IP,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('coredns', COREDNS_LABELS),
      spec: { maxUnavailable: 1, selector: { matchLabels: COREDNS_LABELS } },
    },
  ];
}
