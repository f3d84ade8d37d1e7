import type { ServiceEnvironment } from '../../../config';
import { CLUSTER_HEALTH_CHECK_PORT, weightedTargets } from '../../../domain/edge/weighted-targets';
import { configFrom, edit, minimalDocument } from '../../fixtures';

/** auth in production on blue and green, with the given weights and Beanstalk block. */
function production(weights: Record<string, number>, beanstalk?: Record<string, unknown>): ServiceEnvironment {
  const document = minimalDocument();
  edit(document, 'clusters.green', {
    kubernetesVersion: '1.35',
    nodeGroups: { general: { instanceType: 'm5.large', minSize: 2, maxSize: 4 } },
  });
  edit(document, 'services.auth.environments.production.weights', weights);
  if (beanstalk) edit(document, 'services.auth.environments.production.beanstalk', beanstalk);
  return configFrom(document).services[0].environments.find((entry) => entry.environment === 'production')!;
}

const CNAME = 'auth-prod.sa-east-1.elasticbeanstalk.com';

describe('weightedTargets', () => {
  test('publishes a record only above weight 0, and health-checks every cluster at any weight', () => {
    const targets = weightedTargets(production({ beanstalk: 90, blue: 10, green: 0 }));
    expect(targets.map((target) => [target.target, target.weight, target.published])).toEqual([
      ['beanstalk', 90, true],
      ['blue', 10, true],
      ['green', 0, false],
    ]);
  });

  test("points a cluster at its per-target name and checks that name over HTTPS on 443 at the service's path", () => {
    const [, blue] = weightedTargets(production({ beanstalk: 90, blue: 10 }));
    expect(blue.recordValue).toBe('auth.blue.example.com');
    expect(blue.healthCheck).toEqual({
      protocol: 'HTTPS',
      fqdn: 'auth.blue.example.com',
      port: CLUSTER_HEALTH_CHECK_PORT,
      path: '/healthz',
    });
    expect(blue.healthCheckName).toBe('auth/production/blue');
  });

  test('points Beanstalk at its CNAME and checks it as its healthCheck block says (default HTTPS 443 on the CNAME)', () => {
    const [beanstalk] = weightedTargets(production({ beanstalk: 90, blue: 10 }));
    expect(beanstalk.recordValue).toBe(CNAME);
    expect(beanstalk.healthCheck).toEqual({ protocol: 'HTTPS', fqdn: CNAME, port: 443, path: '/healthz' });

    const [custom] = weightedTargets(
      production(
        { beanstalk: 90, blue: 10 },
        { cname: CNAME, healthCheck: { protocol: 'HTTP', port: 8080, path: '/up', host: 'legacy-auth.example.org' } },
      ),
    );
    expect(custom.recordValue).toBe(CNAME);
    expect(custom.healthCheck).toEqual({ protocol: 'HTTP', fqdn: 'legacy-auth.example.org', port: 8080, path: '/up' });
  });

  test('leaves out Beanstalk at weight 0 altogether: no record and no health check whose requests keep it busy', () => {
    const targets = weightedTargets(production({ beanstalk: 0, blue: 100 }, { cname: CNAME }));
    expect(targets.map((target) => target.target)).toEqual(['blue']);
  });
});
