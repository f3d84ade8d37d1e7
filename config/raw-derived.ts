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

type RawSecretSource = NonNullable<RawService['secrets']>[string];

/** The service's secrets with the environment's laid over them, by variable name. */
export function mergedSecrets(service: RawService, environment: string): Record<string, RawSecretSource> {
  return { ...service.secrets, ...service.environments[environment].secrets };
}

/** Where a merged secret variable is written: the environment's block if it sets it, else the service's. */
export function secretPath(service: RawService, name: string, environment: string, variable: string): string[] {
  return variable in (service.environments[environment].secrets ?? {})
    ? ['services', name, 'environments', environment, 'secrets', variable]
    : ['services', name, 'secrets', variable];
}

/** The environment's `iam` if it has one (it replaces the service's whole block), else the service's. */
export function effectiveIam(service: RawService, environment: string): RawService['iam'] {
  return service.environments[environment].iam ?? service.iam;
}
