import { serviceEnvironmentsOn, type KubeshiftConfig, type ServiceEnvironment } from '../../config';

/**
 * Which load balancers a cluster needs and which services each one serves. A cluster has one
 * Application Load Balancer per environment and `loadBalancerGroup`, but only where that group
 * serves at least one service of the environment. The assignment is the config's
 * (`services.<svc>.loadBalancerGroup`), never computed, so adding or removing a service never
 * moves another one to another load balancer.
 */

export interface LoadBalancerSlot {
  /** Cluster name in the config (`blue`). */
  readonly cluster: string;
  /** `services.<svc>.loadBalancerGroup`: 1, 2, ... */
  readonly group: number;
  readonly environment: string;
  /** The services it serves, in config order. */
  readonly services: readonly ServiceEnvironment[];
}

/** The load balancers of one cluster: by group, then environment in config order. */
export function clusterLoadBalancers(config: KubeshiftConfig, cluster: string): LoadBalancerSlot[] {
  const onCluster = serviceEnvironmentsOn(config, cluster);
  const groups = [...new Set(onCluster.map((entry) => entry.loadBalancerGroup))].sort((a, b) => a - b);
  return groups.flatMap((group) =>
    config.environments
      .map((environment) => ({
        cluster,
        group,
        environment: environment.name,
        services: onCluster.filter((entry) => entry.loadBalancerGroup === group && entry.environment === environment.name),
      }))
      .filter((slot) => slot.services.length > 0),
  );
}

/** Every load balancer of every cluster: what counts against the per-Region quota. */
export function allLoadBalancers(config: KubeshiftConfig): LoadBalancerSlot[] {
  return config.clusters.flatMap((cluster) => clusterLoadBalancers(config, cluster.name));
}
