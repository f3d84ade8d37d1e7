import { serviceEnvironments, type KubeshiftConfig } from '../../config';
import { weightedTargets } from './weighted-targets';

/**
 * Route 53 quotas on health checks
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-entities-health-checks):
 * 200 active health checks per account by default, adjustable through Service Quotas (in
 * us-east-1); and at most 1,000 CreateHealthCheck requests in 24 hours, which is not.
 */
export const HEALTH_CHECK_QUOTA = 200;
export const CREATE_HEALTH_CHECK_PER_DAY = 1000;
/** Share of the quota from which synth warns, so the increase is asked for before a deploy needs it. */
export const HEALTH_CHECK_QUOTA_WARNING_SHARE = 0.8;

/** A health-check quota a config comes near or passes (a warning, never an error); `id` is stable, for acknowledging it. */
export interface HealthCheckQuotaWarning {
  readonly id: string;
  readonly message: string;
}

/** How many Route 53 health checks the DNS stack of this config holds. */
export function healthCheckCount(config: KubeshiftConfig): number {
  return serviceEnvironments(config).reduce((count, entry) => count + weightedTargets(entry).length, 0);
}

/**
 * Warnings for the Route 53 health-check quotas. None is an error: the per-account quota can be
 * raised, and the daily creation limit only spreads a first deploy over days. The count is this
 * config's alone: other health checks in the account take from the same quota.
 */
export function healthCheckQuotaFindings(config: KubeshiftConfig): HealthCheckQuotaWarning[] {
  const count = healthCheckCount(config);
  const findings: HealthCheckQuotaWarning[] = [];
  const quota = `Route 53 quota "Health checks" (${HEALTH_CHECK_QUOTA} active per account by default)`;
  if (count > HEALTH_CHECK_QUOTA) {
    findings.push({
      id: 'kubeshift:route53HealthCheckQuota',
      message: `${count} Route 53 health checks, above the ${quota}: deploying needs an increase to at least ${count} plus the account's other health checks (Service Quotas, us-east-1)`,
    });
  } else if (count >= Math.ceil(HEALTH_CHECK_QUOTA * HEALTH_CHECK_QUOTA_WARNING_SHARE)) {
    findings.push({
      id: 'kubeshift:route53HealthCheckQuota',
      message: `${count} Route 53 health checks, ${Math.round((count / HEALTH_CHECK_QUOTA) * 100)} % of the ${quota}, which the account's other health checks share: request an increase before adding services`,
    });
  }
  if (count > CREATE_HEALTH_CHECK_PER_DAY) {
    findings.push({
      id: 'kubeshift:route53CreateHealthCheckRate',
      message: `${count} Route 53 health checks, above the ${CREATE_HEALTH_CHECK_PER_DAY} CreateHealthCheck requests Route 53 accepts in 24 hours (not adjustable): a first deploy of them all fails; add the services over several days`,
    });
  }
  return findings;
}
