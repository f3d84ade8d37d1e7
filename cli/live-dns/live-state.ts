import type { KubeshiftConfig, ServiceEnvironment } from '../../config';
import { cloudWatchClient, route53Client, ROUTE53_REGION } from '../aws';
import { compareGroup, type TargetState } from '../../domain/traffic/compare';
import { readHealth, type Health } from './health';
import { readWeightedRecords } from './live-records';

/** A target's state with the status of its record's health check. */
export interface TargetStatus extends TargetState {
  /** @default - no health check attached (or health not read) */
  readonly health?: Health;
}

export interface ReadOptions {
  /** Also read each record's health-check status from CloudWatch. */
  readonly health: boolean;
  readonly now?: Date;
  /** @default - Route 53's page size (300) */
  readonly pageSize?: number;
}

/** Reads the live records of the given groups (and their health) and compares them with the config. */
export async function readLiveState(
  config: KubeshiftConfig,
  entries: readonly ServiceEnvironment[],
  options: ReadOptions,
): Promise<TargetStatus[]> {
  const records = await readWeightedRecords(
    route53Client(),
    config.dns.hostedZoneId,
    entries.map((entry) => entry.recordName),
    options.pageSize,
  );
  const states = entries.flatMap((entry) => compareGroup(entry, records.get(entry.recordName) ?? []));
  const checkIds = states.flatMap((state) => (state.healthCheckId ? [state.healthCheckId] : []));
  if (!options.health || checkIds.length === 0) return states;
  const health = await readHealth(cloudWatchClient(ROUTE53_REGION), checkIds, options.now ?? new Date());
  return states.map((state) => (state.healthCheckId ? { ...state, health: health.get(state.healthCheckId) } : state));
}
