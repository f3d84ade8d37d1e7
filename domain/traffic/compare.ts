import { expectsRecord, type ServiceEnvironment } from '../../config';
import type { LiveRecord } from './live-record';
import { sharesOf } from './shares';

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
  /** Whether the config expects a record (a Beanstalk target without a CNAME has none). */
  readonly recordExpected: boolean;
  readonly drift: boolean;
  /** @default - no health check attached, or no record */
  readonly healthCheckId?: string;
  /** @default - no record */
  readonly liveValue?: string;
}

/**
 * Compares a group's configured weights with its live records. A target drifts when its record
 * is missing, has another weight, exists though the config expects none, or is not in the config.
 */
export function compareGroup(entry: ServiceEnvironment, live: readonly LiveRecord[]): TargetState[] {
  const liveByTarget = new Map(live.map((record) => [record.setIdentifier, record]));
  const liveShares = sharesOf(Object.fromEntries(live.map((record) => [record.setIdentifier, record.weight])));
  const configShares = sharesOf(entry.weights);
  const targets = [
    ...Object.keys(entry.weights),
    ...live.map((record) => record.setIdentifier).filter((target) => !(target in entry.weights)),
  ];
  return targets.map((target) => {
    const record = liveByTarget.get(target);
    const configured = target in entry.weights;
    const recordExpected = configured && expectsRecord(entry, target);
    const configWeight = configured ? entry.weights[target] : null;
    const drift = recordExpected ? record?.weight !== configWeight : record !== undefined;
    return {
      service: entry.service,
      environment: entry.environment,
      recordName: entry.recordName,
      target,
      liveWeight: record?.weight ?? null,
      liveShare: record ? liveShares[target] : null,
      configWeight,
      configShare: configured ? configShares[target] : null,
      recordExpected,
      drift,
      healthCheckId: record?.healthCheckId,
      liveValue: record?.value,
    };
  });
}
