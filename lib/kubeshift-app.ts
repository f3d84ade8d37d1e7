import type { App } from 'aws-cdk-lib';
import type { KubeshiftConfig } from '../config';
import { utcDay } from '../domain/cost/catalog';
import { ROUTE53_REGION } from '../domain/edge/route53';
import { clusterStackName, deliveryStackName, dnsStackName } from '../domain/naming';
import { ClusterStack } from './cluster-stack';
import { DeliveryStack } from './delivery-stack';
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
  /** Only when the config has a `delivery:` section. */
  readonly delivery?: DeliveryStack;
}

/**
 * Every stack of the config: `<app>-cluster-<name>` per cluster in the config's region, and
 * `<app>-dns` in us-east-1, where Route 53 publishes the health-check metrics its alarms read
 * (Route 53 records and health checks are global), and `<app>-delivery` when the config has a
 * `delivery:` section. The cluster and DNS stacks depend on no other stack: the DNS records
 * point at per-target names, not at anything a cluster stack outputs, so each stack deploys,
 * diffs and is destroyed alone. Deploy the clusters first (their per-target names are what DNS
 * checks), then DNS; `cdk deploy --all` keeps that order, the order they are added here. The
 * delivery stack depends on the clusters it acts on (a security group rule and access entries on
 * each; a cluster is immutable, so the reference never changes).
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
    env: { account: config.account, region: ROUTE53_REGION },
    config,
    description: `kubeshift: weighted records in ${config.dns.zoneName}, their health checks and alarms`,
    // Deleting this stack would delete every service's DNS name.
    terminationProtection: true,
  });
  // The delivery handler reaches the clusters it acts on (their security group, access entries): after them.
  const delivery = config.delivery
    ? new DeliveryStack(app, deliveryStackName(config.app), {
        env,
        config,
        clusters: new Map(clusters.map((stack) => [stack.clusterName, stack])),
        description: 'kubeshift: the delivery handler (GitHub webhooks, previews, rollout statuses) as a Lambda',
      })
    : undefined;
  return { clusters, dns, delivery };
}
