import type { PodResources, QosClass, Resources } from './model';

/** Burstable pods request half their measured need unless the environment says otherwise. */
export const DEFAULT_REQUEST_RATIO = 0.5;

/**
 * Requests and limits for one replica by QoS tier, exactly as the charts set them:
 * Guaranteed → requests = limits = need; Burstable → requests = need × ratio, limits = need;
 * BestEffort → neither. Requests round up so that a ratio never yields a zero request.
 */
export function podResourcesFor(qos: QosClass, need: Resources, requestRatio: number): PodResources {
  switch (qos) {
    case 'Guaranteed':
      return { requests: need, limits: need };
    case 'Burstable':
      return {
        requests: {
          cpuMillis: Math.max(1, Math.ceil(need.cpuMillis * requestRatio)),
          memoryMebibytes: Math.max(1, Math.ceil(need.memoryMebibytes * requestRatio)),
        },
        limits: need,
      };
    case 'BestEffort':
      return {};
  }
}
