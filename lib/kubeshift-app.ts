import type { App } from 'aws-cdk-lib';
import type { KubeshiftConfig } from '../config';
import { utcDay } from '../domain/cost/catalog';
import { clusterStackName, dnsStackName } from '../domain/naming';
import { ClusterStack } from './cluster-stack';
import { DnsStack } from './dns-stack';

export interface KubeshiftStacksOptions {
  /**
   * The day synth runs (YYYY-MM-DD, UTC), for the warnings that depend on it (a Kubernetes
   * version past EKS standard support).
   * @default - today
   */
  readonly today?: string;
}

export interface KubeshiftStacks {
  readonly clusters: readonly ClusterStack[];
  readonly dns: DnsStack;
}

/**
 * Every stack of the config: `<app>-cluster-<name>` per cluster, then `<app>-dns`, which
 * deploys after them (it reads their load-balancer hostnames) without any export between them.
 */
export function addKubeshiftStacks(app: App, config: KubeshiftConfig, options: KubeshiftStacksOptions = {}): KubeshiftStacks {
  const env = { account: config.account, region: config.region };
  const today = options.today ?? utcDay(new Date());
  const clusters = config.clusters.map(
    (cluster) =>
      new ClusterStack(app, clusterStackName(config.app, cluster.name), {
        env,
        config,
        cluster,
        today,
        description: `kubeshift: EKS cluster ${cluster.name} (Kubernetes ${cluster.kubernetesVersion}) and its workloads`,
      }),
  );
  const dns = new DnsStack(app, dnsStackName(config.app), {
    env,
    config,
    description: `kubeshift: weighted records in ${config.dns.zoneName}`,
    // Deleting this stack would delete every service's DNS name.
    terminationProtection: true,
  });
  for (const cluster of clusters) dns.addStackDependency(cluster, 'reads the load-balancer hostnames the cluster publishes');
  return { clusters, dns };
}
