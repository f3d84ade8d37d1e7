import type { RawConfig } from './schema';

type RawService = RawConfig['services'][string];

/**
 * Values derived from the raw config that both the rules (to check them) and the loader (to
 * build the typed config) need, computed one way.
 */

/** The service's autoscaling with the environment's override laid over it; undefined when neither sets any. */
export function mergedAutoscaling(service: RawService, environment: string): Partial<NonNullable<RawService['autoscaling']>> | undefined {
  const override = service.environments[environment].autoscaling;
  return service.autoscaling || override ? { ...service.autoscaling, ...override } : undefined;
}
