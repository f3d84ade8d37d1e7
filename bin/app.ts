#!/usr/bin/env node
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Yaml } from 'cdk8s';
import { ConfigError, loadConfigFile, type KubeshiftConfig } from '../config';
import { addKubeshiftStacks } from '../lib/kubeshift-app';
import { templateLimitViolations } from '../lib/template-limits';

/** The config synth reads unless `-c config=<path>` names another. */
const DEFAULT_CONFIG = 'config/example.yaml';

function loadConfig(path: string): KubeshiftConfig {
  try {
    return loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One line, no stack trace: the field and what is wrong with it.
      console.error(`kubeshift: invalid config ${path}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

// aws-eks-v2 uses its own deprecated OIDC provider internally; the warning is not ours to act on.
process.env.JSII_DEPRECATED ??= 'quiet';

const app = new App();
const configPath = String(app.node.tryGetContext('config') ?? DEFAULT_CONFIG);
const config = loadConfig(configPath);
const stacks = addKubeshiftStacks(app, config);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();

// A fleet too large for one cluster fails here, in the pull request, rather than at deploy.
const templates = readdirSync(app.outdir)
  .filter((file) => file.endsWith('.template.json'))
  .map((file) => ({ file, body: readFileSync(join(app.outdir, file), 'utf8') }));
const [violation] = templateLimitViolations(templates);
if (violation) {
  console.error(`kubeshift: a template exceeds a CloudFormation quota: ${violation}; split the services over more clusters`);
  process.exit(1);
}

// Reviewers and tools read exactly what each cluster gets applied.
for (const stack of stacks.clusters) {
  const dir = join(app.outdir, 'manifests', stack.clusterName);
  mkdirSync(dir, { recursive: true });
  for (const chart of stack.charts) {
    writeFileSync(join(dir, `${chart.node.id}.k8s.yaml`), Yaml.stringify(...chart.toJson()));
  }
}
