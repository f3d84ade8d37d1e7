import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { addKubeshiftStacks } from '../../lib/kubeshift-app';
import { configFrom, fleetDocument } from '../fixtures';

/** CloudFormation quotas: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html */
const MAX_RESOURCES = 500;
const MAX_TEMPLATE_BYTES = 1_000_000;
const MAX_PARAMETERS = 200;

describe('a fleet of 300 services in 2 environments', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'kubeshift-fleet-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const app = new App({ outdir });
  const stacks = addKubeshiftStacks(app, configFrom(fleetDocument(300)));
  const assembly = app.synth();
  const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));

  test('keeps the stack names of the first stack of each kind', () => {
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['shop-cluster-blue', 'shop-dns']);
    expect(stacks.dns.services.size).toBe(300);
    expect(stacks.clusters[0].services.size).toBe(300);
  });

  test.each(['resources', 'bytes', 'parameters'])("keeps every template within CloudFormation's limit on %s", (measure) => {
    expect(templates.length).toBe(2 + 2 * 300);
    for (const file of templates) {
      const template = JSON.parse(readFileSync(join(outdir, file), 'utf8'));
      const size = {
        resources: Object.keys(template.Resources ?? {}).length,
        bytes: statSync(join(outdir, file)).size,
        parameters: Object.keys(template.Parameters ?? {}).length,
      }[measure]!;
      const limit = { resources: MAX_RESOURCES, bytes: MAX_TEMPLATE_BYTES, parameters: MAX_PARAMETERS }[measure]!;
      expect({ file, size: size <= limit ? 'within' : size }).toEqual({ file, size: 'within' });
    }
  });
});
