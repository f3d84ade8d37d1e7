import type { KubeshiftConfig } from '../../config';
import { PREVIEW_NAMESPACE_PREFIX } from '../naming';

/**
 * Where the delivery handler acts, per cluster: the deploy-on-green environments of the services
 * it delivers that run there, and the preview namespaces on the cluster that hosts previews. Its
 * access entries grant exactly this, and nothing on a cluster it does not act on.
 */
export interface DeliveryScope {
  /** Cluster name in the config (`blue`). */
  readonly cluster: string;
  /** Environment namespaces whose Deployments it sets the image of, in config order. */
  readonly environments: readonly string[];
  /** Whether the cluster hosts previews (namespaces `pr-*`). */
  readonly previews: boolean;
}

/** The namespace pattern of every preview, as EKS access policies accept it (a trailing `*`). */
export const PREVIEW_NAMESPACE_PATTERN = `${PREVIEW_NAMESPACE_PREFIX}*`;

/** The clusters delivery acts on, in config order; none when the config has no `delivery:`. */
export function deliveryScopes(config: KubeshiftConfig): DeliveryScope[] {
  const delivery = config.delivery;
  if (!delivery) return [];
  const delivered = config.services.filter((service) => service.repository);
  return config.clusters.flatMap((cluster): DeliveryScope[] => {
    const environments = config.environments
      .map((environment) => environment.name)
      .filter(
        (environment) =>
          delivery.deployOnGreen.includes(environment) &&
          delivered.some((service) =>
            service.environments.some((entry) => entry.environment === environment && cluster.name in entry.weights),
          ),
      );
    const previews = delivery.previews?.cluster === cluster.name && delivered.length > 0;
    return environments.length > 0 || previews ? [{ cluster: cluster.name, environments, previews }] : [];
  });
}

/** The namespaces one cluster's access entry is scoped to: the environments, then `pr-*`. */
export function scopedNamespaces(scope: DeliveryScope): string[] {
  return [...scope.environments, ...(scope.previews ? [PREVIEW_NAMESPACE_PATTERN] : [])];
}
