#!/usr/bin/env node
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  App,
  Validations,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import { Yaml } from 'cdk8s';
import { ConfigError, loadConfigFile, type KubeshiftConfig } from '../config';
import { DomainError } from '../domain/domain-error';
import { addKubeshiftStacks, type KubeshiftStacks } from '../lib/kubeshift-app';
import { templateLimitViolations } from '../lib/template-limits';

/** The config synth reads unless `-c config=<path>` names another. */
const DEFAULT_CONFIG = 'config/example.yaml';

/** `-c kubeshift:checks=full|fast` chooses the synth-time checks; see `synthChecks`. */
const CHECKS_CONTEXT = 'kubeshift:checks';

/**
 * `full`: every synth-time check — cdk-nag AwsSolutions, and the CloudFormation validation that
 * aws-cdk-lib ≥ 2.262 runs inside `app.synth()` (a WASM engine: about 4 s of a 9 s synth) — with
 * their report in `cdk.out/validation-report.json`. `fast`: neither, nor CDK's creation stack
 * traces (`cdk.out/*.metadata.json` only); templates and manifests are byte-identical to `full`'s.
 * Full wherever `CI` is set (GitHub Actions, `.ci/run`, the synth test of `npm test`), fast on a
 * workstation; `-c kubeshift:checks=full` or `=fast` overrides both.
 */
function synthChecks(app: App): 'full' | 'fast' {
  const requested = app.node.tryGetContext(CHECKS_CONTEXT);
  if (requested === 'full' || requested === 'fast') return requested;
  if (requested !== undefined) {
    console.error(`kubeshift: -c ${CHECKS_CONTEXT}=${String(requested)}: expected full or fast`);
    process.exit(1);
  }
  const ci = (process.env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false' ? 'full' : 'fast';
}

/**
 * cdk-nag's AwsSolutions pack, loaded and run with full checks only. It is registered in every
 * synth because CDK lists the registered plugins (name and version) in each template's
 * CDKMetadata: registering it in CI only would give everyday templates, and so `cdk diff`,
 * different bytes from CI's. Its name and (absent) version are cdk-nag's own.
 */
class AwsSolutionsWithFullChecks implements IPolicyValidationPlugin {
  readonly name = 'AwsSolutions';

  constructor(
    private readonly app: App,
    private readonly run: boolean,
  ) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // Skipped, not passed: a report without violations or suppressions is left out of validation-report.json.
    if (!this.run) return { success: true, violations: [] };
    // Loaded here, not imported: cdk-nag and the aws-cdk-lib modules its rules import take most of a second to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
    return new AwsSolutionsChecks(this.app).validate(context);
  }
}

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

/**
 * The stacks of the config. A config that is valid but cannot deploy (a load balancer past the
 * ALB's 100 target groups) stops here, before anything is written: one line, exit 1.
 */
function buildStacks(app: App, config: KubeshiftConfig): KubeshiftStacks {
  try {
    return addKubeshiftStacks(app, config);
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`kubeshift: cannot synthesize ${configPath}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

// aws-eks-v2 uses its own deprecated OIDC provider internally; the warning is not ours to act on.
process.env.JSII_DEPRECATED ??= 'quiet';

const app = new App();
const checks = synthChecks(app);
if (checks === 'fast') {
  // The switch aws-cdk-lib documents for its built-in validation (`cdk synth --no-validation` sets it too).
  process.env.CDK_VALIDATION = 'false';
  app.node.setContext('aws:cdk:disable-creation-stack-traces', true);
}
const configPath = String(app.node.tryGetContext('config') ?? DEFAULT_CONFIG);
const config = loadConfig(configPath);
const stacks = buildStacks(app, config);
Validations.of(app).addPlugins(new AwsSolutionsWithFullChecks(app, checks === 'full'));
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

if (checks === 'fast') {
  console.error(
    `kubeshift: fast synth: cdk-nag and CDK's CloudFormation validation skipped (CI runs them; -c ${CHECKS_CONTEXT}=full runs them here)`,
  );
}
