import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { edgeQuotaFindings } from '../../domain/edge/alb-quotas';
import { addKubeshiftStacks } from '../../lib/kubeshift-app';
import { TEMPLATE_LIMITS, templateLimitViolations } from '../../lib/template-limits';
import { SYNTH_DAY, configFrom, fleetDocument } from '../fixtures';

/**
 * A fleet of 1,000 services in 2 environments, 100 per load-balancer group: every stack. Before
 * load-balancer groups the cluster stack's template held 1,046 resources, the DNS stack's 1,000
 * nested stacks.
 */
describe('a fleet of 1,000 services in 2 environments', () => {
  // Only sizes are checked here; CDK's CloudFormation validation of these resources runs on the example.
  process.env.CDK_VALIDATION = 'false';
  const outdir = mkdtempSync(join(tmpdir(), 'kubeshift-fleet-1000-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const config = configFrom(fleetDocument(1000));
  const app = new App({ outdir });
  const {
    clusters: [stack],
    dns,
  } = addKubeshiftStacks(app, config, { today: SYNTH_DAY });
  app.synth();
  const templates = readdirSync(outdir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => ({ file, body: readFileSync(join(outdir, file), 'utf8') }));

  test('has a nested stack per service and per load-balancer group: 10 groups of 100, in both stacks', () => {
    expect(stack.services.size).toBe(1000);
    expect(dns.services.size).toBe(1000);
    expect([...stack.loadBalancerGroups.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // cluster: parent, 10 group stacks, 1,000 service stacks; DNS: parent, 9 group stacks, 1,000 service stacks
    expect(templates).toHaveLength(1 + 10 + 1000 + 1 + 9 + 1000);
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
