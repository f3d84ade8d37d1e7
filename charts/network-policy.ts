import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';

const { k8s } = kplus;

/**
 * The NetworkPolicies kubeshift's namespaces are built from, one definition for the environments
 * and the previews. The VPC CNI's network-policy agent enforces them (enabled on the vpc-cni add-on,
 * constructs/shared-cluster.ts; https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html).
 * Policies only add: a pod selected by any policy of a type takes only what one of them allows
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/). Traffic from the
 * pod's own node is always allowed, so kubelet probes need no rule (the same page, and the agent
 * allows the node's IP: https://github.com/aws/aws-network-policy-agent/pull/65).
 */

/** The DNS port, for the one egress a locked-down pod keeps. */
export const DNS_PORT = 53;
/** The label the API server sets on every namespace to its name (NamespaceDefaultLabelName, Kubernetes 1.22+). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const KUBE_SYSTEM = 'kube-system';

export type PolicyType = 'Ingress' | 'Egress';

/** Every pod of the namespace isolated for `types`: nothing allowed until another policy says so. */
export function defaultDeny(scope: Construct, id: string, namespace: string, name: string, types: readonly PolicyType[]): void {
  new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name, namespace },
    spec: { podSelector: {}, policyTypes: [...types] },
  });
}

/** Every pod of the namespace may be reached by every other pod of the same namespace, on any port. */
export function allowSameNamespace(scope: Construct, id: string, namespace: string): void {
  new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: 'allow-same-namespace', namespace },
    // A peer with a podSelector and no namespaceSelector means the policy's own namespace.
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
  });
}

export interface ServingProps {
  readonly namespace: string;
  /** The policy's name. */
  readonly name: string;
  /** The service's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The pod port the load balancer sends to. */
  readonly port: number;
  /**
   * IPv4 blocks the load balancer sends from (its nodes' subnets): only they reach the port.
   * @default - any source
   */
  readonly fromCidrs?: readonly string[];
}

/**
 * A service's pod port open to its load balancer. An ALB opens its own connections to the targets,
 * requests and health checks alike, from its nodes' private addresses in the subnets it sits in
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html).
 */
export function allowServing(scope: Construct, id: string, props: ServingProps): void {
  const ports = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(props.port) }];
  const from = props.fromCidrs?.map((cidr) => ({ ipBlock: { cidr } }));
  new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: props.name, namespace: props.namespace },
    spec: {
      podSelector: { matchLabels: { ...props.selector } },
      policyTypes: ['Ingress'],
      ingress: [from ? { from, ports } : { ports }],
    },
  });
}

/**
 * Every pod of the namespace may open connections anywhere. The same as no egress policy, but
 * stated: a reader (and kube-score's pod-networkpolicy check) sees egress was decided, not forgotten.
 */
export function allowAllEgress(scope: Construct, id: string, namespace: string): void {
  new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: 'allow-all-egress', namespace },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{}] },
  });
}

/** DNS to kube-system (CoreDNS), over UDP and TCP: what a namespace that denies egress still needs. */
export function allowDnsEgress(scope: Construct, id: string, namespace: string): void {
  new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: 'allow-dns', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: KUBE_SYSTEM } } }],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(DNS_PORT) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(DNS_PORT) },
          ],
        },
      ],
    },
  });
}
