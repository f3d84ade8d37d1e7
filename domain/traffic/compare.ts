import { BEANSTALK, type ServiceEnvironment } from '../../config';
import { weightedTargets } from '../edge/weighted-targets';
import { healthCheckName, normalizeDnsName } from '../naming';
import { aliasPointsAt } from './alias';
import type { LiveAlias, LiveRecord, LoadBalancerRef } from './live-record';
import { sharesOf } from './shares';

/** Why a target differs from what the config says Route 53 should serve. */
export type TargetProblem =
  /** A live record whose SetIdentifier the config does not name. */
  | { readonly kind: 'not-in-config' }
  /** Weight 0 is never published: a zero-weighted record would take the traffic once the others fail. */
  | { readonly kind: 'published-at-zero' }
  | { readonly kind: 'record-missing' }
  | { readonly kind: 'weight'; readonly live: number; readonly config: number }
  /** The record points somewhere else than the per-target name (cluster) or the CNAME (Beanstalk). */
  | { readonly kind: 'points-elsewhere'; readonly live: string; readonly expected: string }
  /** A record without a health check is always considered healthy by Route 53. */
  | { readonly kind: 'no-health-check-attached' }
  /** The record's health check is not the one named for this target. */
  | { readonly kind: 'health-check-not-named'; readonly live: string; readonly name: string }
  | { readonly kind: 'health-check-missing'; readonly name: string }
  /** A Beanstalk health check left behind at weight 0. */
  | { readonly kind: 'health-check-remains'; readonly name: string; readonly ids: readonly string[] }
  | { readonly kind: 'per-target-missing'; readonly name: string }
  | { readonly kind: 'per-target-elsewhere'; readonly name: string; readonly live: string; readonly expected: readonly string[] }
  | { readonly kind: 'no-load-balancer'; readonly cluster: string; readonly environment: string; readonly group: number };

/** One target of one group: what the config says against what Route 53 serves. */
export interface TargetState {
  readonly service: string;
  readonly environment: string;
  readonly recordName: string;
  readonly target: string;
  /** null when Route 53 has no record for the target. */
  readonly liveWeight: number | null;
  /** The live record's share of the group's live traffic, in percent; null without a record. */
  readonly liveShare: number | null;
  /** null when the config does not name the target (a stray record). */
  readonly configWeight: number | null;
  readonly configShare: number | null;
  /** Whether the config publishes a weighted record for the target (weight above 0). */
  readonly recordExpected: boolean;
  /**
   * Where the target's record points: a cluster's per-target name, or the Beanstalk CNAME.
   * @default - a stray target, or Beanstalk without a CNAME
   */
  readonly targetName?: string;
  /**
   * A cluster's per-target alias as Route 53 serves it: its alias target, or null when there is
   * no alias record at the per-target name.
   * @default - not a cluster, or aliases not read
   */
  readonly perTargetAlias?: string | null;
  /** The `Name` tag of the target's health check. @default - a stray target */
  readonly healthCheckName?: string;
  readonly healthCheckExpected: boolean;
  /** Ids of the health checks tagged with healthCheckName. @default - health checks not read */
  readonly healthCheckIds?: readonly string[];
  /** The health check attached to the live record. @default - none, or no record */
  readonly recordHealthCheckId?: string;
  /** @default - no record */
  readonly liveValue?: string;
  readonly problems: readonly TargetProblem[];
  readonly drift: boolean;
}

/** What was read of one group's live state; each optional part is compared only when read. */
export interface LiveGroup {
  /** The weighted records at the group's name. */
  readonly records: readonly LiveRecord[];
  /** Alias records by name (per-target names). @default - not read: per-target names not checked */
  readonly aliases?: ReadonlyMap<string, LiveAlias>;
  /** Health-check ids by their `Name` tag. @default - not read: health checks not checked */
  readonly healthChecks?: ReadonlyMap<string, readonly string[]>;
  /**
   * The load balancers tagged for a cluster, environment and load-balancer group.
   * @default - not read: per-target aliases are not matched with a load balancer
   */
  readonly loadBalancers?: (cluster: string, environment: string, group: number) => readonly LoadBalancerRef[];
}

/**
 * Compares a group's configured weights with its live records, and each target with what the
 * edge must have for it: a record exactly while its weight is above 0, pointing at its
 * per-target name (or the Beanstalk CNAME) with its own health check attached; for a cluster,
 * whatever the weight, an alias at its per-target name to the cluster's load balancer; a health
 * check named `<service>/<env>/<target>` for every cluster and for Beanstalk while published.
 */
export function compareGroup(entry: ServiceEnvironment, live: LiveGroup): TargetState[] {
  const liveByTarget = new Map(live.records.map((record) => [record.setIdentifier, record]));
  const liveShares = sharesOf(Object.fromEntries(live.records.map((record) => [record.setIdentifier, record.weight])));
  const configShares = sharesOf(entry.weights);
  const targets = [
    ...Object.keys(entry.weights),
    ...live.records.map((record) => record.setIdentifier).filter((target) => !(target in entry.weights)),
  ];
  const expectedTargets = new Map(weightedTargets(entry).map((expected) => [expected.target, expected]));
  return targets.map((target) => {
    const record = liveByTarget.get(target);
    const configured = target in entry.weights;
    const isCluster = configured && target !== BEANSTALK;
    const targetName = isCluster ? entry.clusterRecordNames[target] : target === BEANSTALK ? entry.beanstalk?.cname : undefined;
    const checkName = configured ? healthCheckName(entry.service, entry.environment, target) : undefined;
    const checkIds = checkName && live.healthChecks ? (live.healthChecks.get(checkName) ?? []) : undefined;
    const alias = isCluster && live.aliases ? (live.aliases.get(normalizeDnsName(targetName!)) ?? null) : undefined;
    // The DNS stack's own rule: a record only above weight 0, a health check for every cluster and a weighted Beanstalk.
    const expected = configured ? expectedTargets.get(target) : undefined;
    const recordExpected = expected?.published ?? false;
    const healthCheckExpected = expected !== undefined;

    const problems: TargetProblem[] = [];
    if (!configured) {
      problems.push({ kind: 'not-in-config' });
    } else if (!recordExpected && record) {
      problems.push({ kind: 'published-at-zero' });
    } else if (recordExpected && !record) {
      problems.push({ kind: 'record-missing' });
    }
    if (configured && recordExpected && record) {
      if (record.weight !== entry.weights[target]) {
        problems.push({ kind: 'weight', live: record.weight, config: entry.weights[target] });
      }
      if (targetName && normalizeDnsName(record.value ?? '') !== normalizeDnsName(targetName)) {
        problems.push({ kind: 'points-elsewhere', live: record.value ?? '', expected: targetName });
      }
      if (!record.healthCheckId) {
        problems.push({ kind: 'no-health-check-attached' });
      } else if (checkIds && checkIds.length > 0 && !checkIds.includes(record.healthCheckId)) {
        problems.push({ kind: 'health-check-not-named', live: record.healthCheckId, name: checkName! });
      }
    }
    if (checkIds && checkName) {
      if (healthCheckExpected && checkIds.length === 0) problems.push({ kind: 'health-check-missing', name: checkName });
      if (!healthCheckExpected && checkIds.length > 0) problems.push({ kind: 'health-check-remains', name: checkName, ids: checkIds });
    }
    if (isCluster && alias === null) {
      problems.push({ kind: 'per-target-missing', name: targetName! });
    } else if (isCluster && alias && live.loadBalancers) {
      const loadBalancers = live.loadBalancers(target, entry.environment, entry.loadBalancerGroup);
      if (loadBalancers.length === 0) {
        problems.push({ kind: 'no-load-balancer', cluster: target, environment: entry.environment, group: entry.loadBalancerGroup });
      } else if (!loadBalancers.some((loadBalancer) => aliasPointsAt(alias.dnsName, loadBalancer.dnsName))) {
        problems.push({
          kind: 'per-target-elsewhere',
          name: targetName!,
          live: alias.dnsName,
          expected: loadBalancers.map((loadBalancer) => loadBalancer.dnsName),
        });
      }
    }

    return {
      service: entry.service,
      environment: entry.environment,
      recordName: entry.recordName,
      target,
      liveWeight: record?.weight ?? null,
      liveShare: record ? liveShares[target] : null,
      configWeight: configured ? entry.weights[target] : null,
      configShare: configured ? configShares[target] : null,
      recordExpected,
      targetName,
      perTargetAlias: alias === undefined ? undefined : (alias?.dnsName ?? null),
      healthCheckName: checkName,
      healthCheckExpected,
      healthCheckIds: checkIds,
      recordHealthCheckId: record?.healthCheckId,
      liveValue: record?.value,
      problems,
      drift: problems.length > 0,
    };
  });
}
