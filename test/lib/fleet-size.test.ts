import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { edgeQuotaFindings } from '../../domain/edge/alb-quotas';
import { addKubeshiftStacks } from '../../lib/kubeshift-app';
import { templateLimitViolations } from '../../lib/template-limits';
import { configFrom, fleetDocument } from '../fixtures';

/** Synthesizes every stack of a generated fleet into its own folder; the templates by file name. */
function synthFleet(count: number, outdirs: string[]) {
  const outdir = mkdtempSync(join(tmpdir(), `kubeshift-fleet-${count}-`));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stacks = addKubeshiftStacks(app, configFrom(fleetDocument(count)));
  const assembly = app.synth();
  const templates = new Map(
    readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => [file, readFileSync(join(outdir, file), 'utf8')]),
  );
  return { stacks, assembly, templates };
}
const asList = (templates: Map<string, string>) => [...templates].map(([file, body]) => ({ file, body }));
const resourcesOf = (body: string) => JSON.parse(body).Resources as Record<string, any>;

describe('a fleet of 300 services in 2 environments, 100 per load-balancer group', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const { stacks, assembly, templates } = synthFleet(300, outdirs);
  const [cluster] = stacks.clusters;

  test('keeps the stack names of the first stack of each kind, with a nested stack per service and per load-balancer group', () => {
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['shop-cluster-blue', 'shop-dns']);
    expect(stacks.dns.services.size).toBe(300);
    expect(cluster.services.size).toBe(300);
    expect([...cluster.loadBalancerGroups.keys()]).toEqual([1, 2, 3]);
    // cluster and DNS parents, 3 cluster group stacks, 2 DNS group stacks (group 1's services sit in the parents), a service stack in each
    expect(templates.size).toBe(2 + 3 + 2 + 2 * 300);
  });

  test("keeps every template within CloudFormation's quotas on resources, bytes, parameters and outputs", () => {
    expect(templateLimitViolations(asList(templates))).toEqual([]);
    const parent = resourcesOf(templates.get('shop-cluster-blue.template.json')!);
    // About 50 cluster resources, the load-balancer groups, and the 100 services of group 1.
    expect(Object.keys(parent).length).toBeGreaterThan(100);
    expect(Object.keys(parent).length).toBeLessThan(200);
  });

  test("needs one load balancer per environment and group, each within the ALB's quotas", () => {
    const loadBalancers = [...cluster.loadBalancerGroups.values()].flatMap((group) => [...group.loadBalancers.values()]);
    expect(loadBalancers).toHaveLength(3 * 2);
    expect(edgeQuotaFindings(configFrom(fleetDocument(300))).filter((finding) => finding.level === 'error')).toEqual([]);
  });

  describe('and one service more', () => {
    // Only sizes and identities are compared here; CDK's CloudFormation validation ran on the 300 above.
    process.env.CDK_VALIDATION = 'false';
    const after = synthFleet(301, outdirs).templates;
    const nestedTemplates = (stack: { services: ReadonlyMap<string, { templateFile: string }> }) =>
      [...stack.services.values()].map((service) => service.templateFile);

    test("changes no existing service's template, in the cluster or in DNS", () => {
      const existing = [...nestedTemplates(cluster), ...nestedTemplates(stacks.dns)];
      expect(existing).toHaveLength(600);
      for (const file of existing) expect({ file, same: after.get(file) === templates.get(file) }).toEqual({ file, same: true });
    });

    test('changes no existing load balancer, and adds one per environment in a new group', () => {
      for (const group of cluster.loadBalancerGroups.values()) {
        expect({ file: group.templateFile, same: after.get(group.templateFile) === templates.get(group.templateFile) }).toEqual({
          file: group.templateFile,
          same: true,
        });
      }
      const added = [...after.keys()].filter((file) => !templates.has(file));
      expect(added).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/LoadBalancerGroup4[0-9A-F]{8}\.nested/),
          expect.stringMatching(/RecordsGroup4[0-9A-F]{8}\.nested/),
          expect.stringMatching(/Serviceservice300/),
        ]),
      );
      // group 4's cluster and DNS stacks, and service-300's stack in each
      expect(added).toHaveLength(4);
      const newGroup = resourcesOf(after.get(added.find((file) => /LoadBalancerGroup4[0-9A-F]{8}\.nested/.test(file))!)!);
      expect(Object.values(newGroup).filter((resource) => resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toHaveLength(2);
    });

    test('keeps every logical id of the parent stacks, changing only the namespaces’ quotas and adding the new stacks', () => {
      for (const file of ['shop-cluster-blue.template.json', 'shop-dns.template.json']) {
        const before = resourcesOf(templates.get(file)!);
        const now = resourcesOf(after.get(file)!);
        for (const [id, resource] of Object.entries(before)) expect({ id, type: now[id]?.Type }).toEqual({ id, type: resource.Type });
        const changed = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(now[id]));
        // The environments' ResourceQuotas grow by the new service's pods.
        for (const id of changed) expect(id).toMatch(/^SharedClusterEnvironment(production|staging)/);
        const added = Object.keys(now).filter((id) => !(id in before));
        // The new group's stack in the cluster (the service's stack is inside it), the new service's in DNS.
        expect(added).toHaveLength(1);
      }
    });
  });
});
