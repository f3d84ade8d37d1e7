import type { KubeshiftConfig } from '../../config';
import { DomainError } from '../domain-error';
import { allLoadBalancers, type LoadBalancerSlot } from './load-balancers';

/**
 * The quotas the clusters' load balancers count against, checked at synth: an error for what
 * cannot deploy (a quota AWS does not raise), a warning naming the quota and the count for what
 * needs an increase first. Defaults, per account and Region, from
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 * and, for security-group rules,
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
 *
 * Certificates per Application Load Balancer (25, the default certificate excluded) is never
 * approached: each HTTPS listener has exactly one certificate, its default (the DNS-validated one
 * with both wildcard names, or `dns.certificateArn`).
 */
export const EDGE_QUOTAS = {
  /** Application Load Balancers per Region: 50, adjustable. */
  loadBalancersPerRegion: 50,
  /** Target groups per Application Load Balancer: 100, not adjustable. */
  targetGroupsPerLoadBalancer: 100,
  /** Rules per Application Load Balancer, default rules excluded: 100, adjustable. */
  rulesPerLoadBalancer: 100,
  /** Target groups per Region, shared with Network Load Balancers: 3,000, adjustable. */
  targetGroupsPerRegion: 3000,
  /** Inbound (and, separately, outbound) rules per security group: 60, adjustable. */
  rulesPerSecurityGroup: 60,
} as const;

export type EdgeQuotas = { readonly [K in keyof typeof EDGE_QUOTAS]: number };

/** A load balancer past this many services gets a warning: room for the next ones is running out. */
export const TARGET_GROUPS_WARNING = 80;
/** One host-header rule per service on its load balancer's HTTPS listener. */
const RULES_PER_SERVICE = 1;
/** The EKS cluster security group's own inbound rule (all traffic from itself). */
const CLUSTER_SECURITY_GROUP_OWN_RULES = 1;

export interface QuotaFinding {
  readonly level: 'error' | 'warning';
  /** The cluster whose stack reports it; undefined for a Region-wide count, which every cluster stack reports. */
  readonly cluster?: string;
  /** One line: the quota, the count, and what to do. */
  readonly message: string;
}

const describe = (slot: LoadBalancerSlot) => `load balancer ${slot.group} of ${slot.environment} on cluster ${slot.cluster}`;

/** Every finding of the config, errors first. */
export function edgeQuotaFindings(config: KubeshiftConfig, quotas: EdgeQuotas = EDGE_QUOTAS): QuotaFinding[] {
  const slots = allLoadBalancers(config);
  const findings: QuotaFinding[] = [];
  for (const slot of slots) {
    const targetGroups = slot.services.length;
    if (targetGroups > quotas.targetGroupsPerLoadBalancer) {
      const first = slot.services[quotas.targetGroupsPerLoadBalancer];
      findings.push({
        level: 'error',
        cluster: slot.cluster,
        message:
          `services.${first.service}.loadBalancerGroup: ${describe(slot)} would serve ${targetGroups} services, ` +
          `but an Application Load Balancer takes at most ${quotas.targetGroupsPerLoadBalancer} target groups (not adjustable); ` +
          `set loadBalancerGroup of ${targetGroups - quotas.targetGroupsPerLoadBalancer} of them, from ${first.service} on, to another group`,
      });
    } else if (targetGroups > TARGET_GROUPS_WARNING) {
      findings.push({
        level: 'warning',
        cluster: slot.cluster,
        message: `Target groups per Application Load Balancer: ${describe(slot)} serves ${targetGroups} services of at most ${quotas.targetGroupsPerLoadBalancer} (not adjustable); give new services another loadBalancerGroup`,
      });
    }
    const rules = targetGroups * RULES_PER_SERVICE;
    if (rules > quotas.rulesPerLoadBalancer) {
      findings.push({
        level: 'warning',
        cluster: slot.cluster,
        message: `Rules per Application Load Balancer: ${describe(slot)} needs ${rules} rules, the default quota is ${quotas.rulesPerLoadBalancer}; request an increase before deploying`,
      });
    }
  }

  for (const cluster of config.clusters) {
    // Each distinct pod port is one inbound rule on the cluster security group (and one outbound on the load balancers').
    const ports = new Set(
      slots.filter((slot) => slot.cluster === cluster.name).flatMap((slot) => slot.services.map((entry) => entry.port)),
    );
    const rules = ports.size + CLUSTER_SECURITY_GROUP_OWN_RULES;
    if (rules > quotas.rulesPerSecurityGroup) {
      findings.push({
        level: 'warning',
        cluster: cluster.name,
        message: `Inbound rules per security group: cluster ${cluster.name}'s services listen on ${ports.size} distinct ports, so its cluster security group needs ${rules} inbound rules, the default quota is ${quotas.rulesPerSecurityGroup}; request an increase before deploying`,
      });
    }
  }

  if (slots.length > quotas.loadBalancersPerRegion) {
    const perCluster = config.clusters.map((cluster) => `${cluster.name} ${slots.filter((slot) => slot.cluster === cluster.name).length}`);
    findings.push({
      level: 'warning',
      message: `Application Load Balancers per Region: the clusters need ${slots.length} (${perCluster.join(', ')}), the default quota is ${quotas.loadBalancersPerRegion}; request an increase before deploying`,
    });
  }
  const targetGroups = slots.reduce((sum, slot) => sum + slot.services.length, 0);
  if (targetGroups > quotas.targetGroupsPerRegion) {
    findings.push({
      level: 'warning',
      message: `Target groups per Region: the clusters need ${targetGroups}, the default quota is ${quotas.targetGroupsPerRegion} (shared with Network Load Balancers); request an increase before deploying`,
    });
  }
  return [...findings.filter((finding) => finding.level === 'error'), ...findings.filter((finding) => finding.level === 'warning')];
}

/** Throws the first error finding of a cluster (what cannot deploy), as one line; returns its warnings. */
export function checkEdgeQuotas(config: KubeshiftConfig, cluster: string, quotas: EdgeQuotas = EDGE_QUOTAS): QuotaFinding[] {
  const findings = edgeQuotaFindings(config, quotas).filter((finding) => finding.cluster === undefined || finding.cluster === cluster);
  const error = findings.find((finding) => finding.level === 'error');
  if (error) throw new DomainError(error.message);
  return findings;
}
