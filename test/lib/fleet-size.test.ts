import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { addKubeshiftStacks } from '../../lib/kubeshift-app';
import { templateLimitViolations } from '../../lib/template-limits';
import { configFrom, fleetDocument } from '../fixtures';

describe('a fleet of 300 services in 2 environments', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'kubeshift-fleet-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const app = new App({ outdir });
  const stacks = addKubeshiftStacks(app, configFrom(fleetDocument(300)));
  const assembly = app.synth();
  const templates = readdirSync(outdir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => ({ file, body: readFileSync(join(outdir, file), 'utf8') }));

  test('keeps the stack names of the first stack of each kind, with a nested stack per service', () => {
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['shop-cluster-blue', 'shop-dns']);
    expect(stacks.dns.services.size).toBe(300);
    expect(stacks.clusters[0].services.size).toBe(300);
    expect(templates).toHaveLength(2 + 2 * 300);
  });

  test("keeps every template within CloudFormation's quotas on resources, bytes, parameters and outputs", () => {
    expect(templateLimitViolations(templates)).toEqual([]);
    const parent = JSON.parse(templates.find((template) => template.file === 'shop-cluster-blue.template.json')!.body);
    // The largest template: about 45 cluster resources plus one nested stack per service.
    expect(Object.keys(parent.Resources).length).toBeGreaterThan(300);
  });
});
