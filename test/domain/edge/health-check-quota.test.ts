import {
  CREATE_HEALTH_CHECK_PER_DAY,
  HEALTH_CHECK_QUOTA,
  healthCheckCount,
  healthCheckQuotaFindings,
} from '../../../domain/edge/health-check-quota';
import { configFrom, edit, exampleConfig, fleetDocument, minimalDocument } from '../../fixtures';

/**
 * `count` services, each in production only on blue at weight 100 with Beanstalk at 0: one
 * health check per service.
 */
function oneCheckEach(count: number) {
  const document = fleetDocument(count);
  for (const service of Object.values<any>(document.services)) {
    delete service.environments.staging;
    service.environments.production.weights = { beanstalk: 0, blue: 100 };
  }
  return configFrom(document);
}

describe('healthCheckCount', () => {
  test('counts every cluster named in the weights, and Beanstalk only while its weight is above 0', () => {
    // production: beanstalk 90 and blue 10; staging: blue 100.
    expect(healthCheckCount(configFrom(minimalDocument()))).toBe(3);
    const document = minimalDocument();
    edit(document, 'services.auth.environments.production.weights', { beanstalk: 0, blue: 100 });
    expect(healthCheckCount(configFrom(document))).toBe(2);
  });

  test('counts the example without a finding: it is far below the quota', () => {
    const count = healthCheckCount(exampleConfig());
    expect(count).toBeGreaterThan(20);
    expect(count).toBeLessThan(HEALTH_CHECK_QUOTA * 0.8);
    expect(healthCheckQuotaFindings(exampleConfig())).toEqual([]);
  });
});

describe('healthCheckQuotaFindings', () => {
  test('says nothing below 80 % of the quota', () => {
    expect(healthCheckQuotaFindings(oneCheckEach(159))).toEqual([]);
  });

  test('warns from 80 % of the quota, naming it and the count, before it is reached', () => {
    const findings = healthCheckQuotaFindings(oneCheckEach(160));
    expect(findings.map((finding) => finding.id)).toEqual(['kubeshift:route53HealthCheckQuota']);
    expect(findings[0].message).toBe(
      '160 Route 53 health checks, 80 % of the Route 53 quota "Health checks" (200 active per account by default), which the account\'s other health checks share: request an increase before adding services',
    );
  });

  test('warns above the quota that deploying needs an increase (it is adjustable: a warning, not an error)', () => {
    const [finding, ...rest] = healthCheckQuotaFindings(oneCheckEach(201));
    expect(rest).toEqual([]);
    expect(finding.id).toBe('kubeshift:route53HealthCheckQuota');
    expect(finding.message).toMatch(
      /^201 Route 53 health checks, above the Route 53 quota "Health checks" \(200 active per account by default\): deploying needs an increase to at least 201/,
    );
  });

  test('warns past 1,000 that a first deploy exceeds the daily CreateHealthCheck limit', () => {
    const config = oneCheckEach(CREATE_HEALTH_CHECK_PER_DAY + 1);
    expect(healthCheckCount(config)).toBe(1001);
    const findings = healthCheckQuotaFindings(config);
    expect(findings.map((finding) => finding.id)).toEqual(['kubeshift:route53HealthCheckQuota', 'kubeshift:route53CreateHealthCheckRate']);
    expect(findings[1].message).toContain('above the 1000 CreateHealthCheck requests Route 53 accepts in 24 hours (not adjustable)');
  });
});
