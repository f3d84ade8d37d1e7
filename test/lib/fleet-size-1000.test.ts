import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { edgeQuotaFindings } from '../../domain/edge/alb-quotas';
import { ClusterStack } from '../../lib/cluster-stack';
import { TEMPLATE_LIMITS, templateLimitViolations } from '../../lib/template-limits';
import { SYNTH_DAY, configFrom, fleetDocument } from '../fixtures';

/**
 * The cluster side of a fleet of 1,000 services in 2 environments, 100 per load-balancer group:
 * the cluster stack alone (the DNS stack's size at this scale is its own test's concern).
 * Before load-balancer groups its parent template held 1,046 resources.
 */
describe('the cluster stack of a fleet of 1,000 services in 2 environments', () => {
  // Only sizes are checked here; CDK's CloudFormation validation of these resources runs on the example.
  process.env.CDK_VALIDATION = 'false';
  const outdir = mkdtempSync(join(tmpdir(), 'kubeshift-fleet-1000-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const config = configFrom(fleetDocument(1000));
  const app = new App({ outdir });
  const stack = new ClusterStack(app, 'shop-cluster-blue', {
    env: { account: config.account, region: config.region },
    config,
    cluster: config.clusters[0],
    today: SYNTH_DAY,
  });
  app.synth();
  const templates = readdirSync(outdir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => ({ file, body: readFileSync(join(outdir, file), 'utf8') }));

  test('has a nested stack per service and per load-balancer group: 10 groups of 100', () => {
    expect(stack.services.size).toBe(1000);
    expect([...stack.loadBalancerGroups.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(templates).toHaveLength(1 + 10 + 1000);
  });

  test("keeps every template within CloudFormation's quotas, the largest ones with room to spare", () => {
    expect(templateLimitViolations(templates)).toEqual([]);
    const resources = templates.map(({ body }) => Object.keys(JSON.parse(body).Resources).length);
    expect(Math.max(...resources)).toBeLessThan(TEMPLATE_LIMITS.resources / 2);
  });

  test("needs 20 load balancers, within the ALB's quotas (a warning per full load balancer, no error)", () => {
    const findings = edgeQuotaFindings(config);
    expect(findings.filter((finding) => finding.level === 'error')).toEqual([]);
    expect(findings.every((finding) => finding.message.startsWith('Target groups per Application Load Balancer'))).toBe(true);
    expect([...stack.loadBalancerGroups.values()].flatMap((group) => [...group.loadBalancers.values()])).toHaveLength(20);
  });
});
