import type { KubeshiftConfig, ServiceEnvironment } from '../../config';
import { ROUTE53_REGION } from '../../domain/edge/route53';
import { cloudWatchClient, elbv2Client, route53Client } from '../aws';
import { compareGroup, type TargetState } from '../../domain/traffic/compare';
import { readHealth, type Health } from './health';
import { readHealthChecksByName } from './health-checks';
import { readZoneRecords } from './live-records';
import { readClusterLoadBalancers } from './load-balancers';

/** A target's health: Route 53's verdict on its health check, or `no check` when it has none. */
export type TargetHealth = Health | 'no check';

/** A target's state with the status of its health check. */
export interface TargetStatus extends TargetState {
  /** @default - health not read, or the target has (and needs) no health check */
  readonly health?: TargetHealth;
  /** The health check whose status `health` is (the worst, when several carry the name). */
  readonly healthCheckId?: string;
}

export interface ReadOptions {
  /** Also read each health check's status from CloudWatch. */
  readonly health: boolean;
  /** Also match each per-target alias with the cluster load balancer tagged for it (ELBv2). */
  readonly loadBalancers?: boolean;
  readonly now?: Date;
  /** @default - Route 53's page size (300) */
  readonly pageSize?: number;
}

/** Order in which several checks of one target decide its health: the worst one does. */
const WORST_FIRST: readonly Health[] = ['unhealthy', 'no data', 'healthy'];

/**
 * Reads the live state of the given groups (weighted records, per-target aliases, health checks
 * by name; optionally their status and the cluster load balancers) and compares it with the config.
 */
export async function readLiveState(
  config: KubeshiftConfig,
  entries: readonly ServiceEnvironment[],
  options: ReadOptions,
): Promise<TargetStatus[]> {
  const route53 = route53Client();
  const names = entries.flatMap((entry) => [entry.recordName, ...Object.values(entry.clusterRecordNames)]);
  const zone = await readZoneRecords(route53, config.dns.hostedZoneId, names, options.pageSize);
  const healthChecks = await readHealthChecksByName(route53);
  const loadBalancers = options.loadBalancers ? await readClusterLoadBalancers(elbv2Client(config.region), config.app) : undefined;
  const states = entries.flatMap((entry) =>
    compareGroup(entry, { records: zone.weighted.get(entry.recordName) ?? [], aliases: zone.aliases, healthChecks, loadBalancers }),
  );
  if (!options.health) return states;

  const idsOf = (state: TargetState) => state.healthCheckIds ?? [];
  const allIds = states.flatMap(idsOf);
  const status = allIds.length > 0 ? await readHealth(cloudWatchClient(ROUTE53_REGION), allIds, options.now ?? new Date()) : new Map();
  return states.map((state): TargetStatus => {
    const ids = idsOf(state);
    if (ids.length === 0) return state.healthCheckExpected ? { ...state, health: 'no check' } : state;
    const [worst] = [...ids].sort(
      (a, b) => WORST_FIRST.indexOf(status.get(a) ?? 'no data') - WORST_FIRST.indexOf(status.get(b) ?? 'no data'),
    );
    return { ...state, health: status.get(worst) ?? 'no data', healthCheckId: worst };
  });
}
