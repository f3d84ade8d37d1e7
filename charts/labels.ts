/** Labels every kubeshift object carries, so `kubectl get -l` and cost tools can find them. */

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'kubeshift' } as const;

/** Selector labels of one service in one environment: stable, readable, never a hash. */
export function serviceSelector(service: string, environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/instance': `${service}-${environment}`,
  };
}

/** The zone label that managed node groups set on every node. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
/** The hostname label the kubelet sets on every node. */
export const HOST_TOPOLOGY_KEY = 'kubernetes.io/hostname';
