import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { customKinds, customResourceProblems } from '../crds/custom-resources';
import { RESTRICTED_CONTAINER, RESTRICTED_POD, exampleConfig, fleetDocument, minimalDocument, variedDocument } from '../fixtures';
import { checkov, kubeScore } from '../gates/scanners';
import { pythonTool } from '../tools/python-tools';

const ROOT = join(__dirname, '..', '..');
const CDK = join(ROOT, 'node_modules', '.bin', 'cdk');

/** Runs the real `cdk synth` as a newcomer would, into its own output folder. */
function cdkSynth(outdir: string, ...args: string[]) {
  return spawnSync(CDK, ['synth', '--quiet', '--no-notices', '-o', outdir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
}

/** A pinned Python tool of the quality gates (jest's global setup installed it into .venv/). */
function run(tool: string, args: string[]) {
  const result = spawnSync(pythonTool(tool), args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${tool} did not start: ${result.error.message}`);
  return result;
}

/**
 * Every object of the manifest files against the official schemas of a Kubernetes version,
 * strictly: kubernetes-validate for the built-in kinds (it only warns that it has no schema for a
 * custom kind, which must be one a vendored CRD serves), the vendored CRDs for the custom ones.
 * What is left is every problem found.
 */
function validateManifests(version: string, files: readonly string[]): string[] {
  const result = run('kubernetes-validate', ['--kubernetes-version', `${version}.0`, '--strict', '--quiet', ...files]);
  const custom = customKinds();
  const skippedCustomKind = (line: string) =>
    custom.some(({ apiVersion, kind }) => line.includes(`Couldn't find schema for kind ${kind} with api version ${apiVersion} `));
  const builtIn = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line !== '' && !(line.startsWith('WARN ') && skippedCustomKind(line)));
  const objects = files.flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJS()));
  const isCustom = (object: any) => custom.some(({ apiVersion, kind }) => object.apiVersion === apiVersion && object.kind === kind);
  return [
    ...builtIn,
    ...(result.status === 0 ? [] : [`kubernetes-validate exited ${result.status}`]),
    ...customResourceProblems(objects.filter(isCustom)),
  ];
}

describe('cdk synth of the example', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'kubeshift-synth-'));
  const rmOnExit = [outdir];
  afterAll(() => rmOnExit.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const synth = cdkSynth(outdir);
  const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));
  const manifestDir = join(outdir, 'manifests', 'blue');
  const manifestFiles = existsSync(manifestDir) ? readdirSync(manifestDir) : [];
  const objects = manifestFiles.flatMap((file) =>
    parseAllDocuments(readFileSync(join(manifestDir, file), 'utf8')).map((document) => document.toJS()),
  );

  test('succeeds offline and builds every stack', () => {
    expect(synth.stderr).not.toMatch(/error/i);
    expect(synth.status).toBe(0);
    // CI=true: the full checks (cdk-nag and CDK's CloudFormation validation) ran, not the everyday fast synth.
    expect(synth.stderr).not.toContain('kubeshift: fast synth');
    expect(templates).toEqual(expect.arrayContaining(['descomplica-cluster-blue.template.json', 'descomplica-dns.template.json']));
  });

  test('has no cdk-nag AwsSolutions violation left; each acknowledged one names its finding, a reason, and a construct below the stack', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const awsSolutions = report.pluginReports.find((plugin: any) => plugin.pluginName === 'AwsSolutions');
    expect(awsSolutions.conclusion).toBe('success');
    expect(awsSolutions.violations).toEqual([]);
    for (const suppressed of awsSolutions.suppressedViolations) {
      expect(suppressed.acknowledgedId).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+/);
      expect(suppressed.reason.length).toBeGreaterThan(20);
      for (const construct of suppressed.violatingConstructs) {
        expect(construct.constructPath.startsWith(`${suppressed.acknowledgedAt}/`)).toBe(true);
        expect(suppressed.acknowledgedAt.split('/').length).toBeGreaterThan(1);
      }
    }
  });

  test("has no error in CDK's own template validation", () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    for (const plugin of report.pluginReports)
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
  });

  test('passes cfn-lint with no errors on every template', () => {
    const lint = run('cfn-lint', ['--format', 'parseable', ...templates.map((file) => join(outdir, file))]);
    const errors = lint.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
    // cfn-lint's exit code has bit 2 set for errors (4 is warnings only).
    expect(lint.status! & 2).toBe(0);
  });

  test('passes checkov on every template, nested stacks included, and every manifest; each skip is on its resource, with its reason', () => {
    const files = [...templates.map((file) => join(outdir, file)), ...manifestFiles.map((file) => join(manifestDir, file))];
    const { findings, skips, problems } = checkov(files);
    expect(problems).toEqual([]);
    expect(findings).toEqual([]);
    expect(skips.length).toBeGreaterThan(0);
    for (const skip of skips)
      expect({ skip, reasoned: /: .{30,}$/.test(skip) && !skip.endsWith('No comment provided') }).toEqual({ skip, reasoned: true });
  });

  test('passes kube-score on every manifest with no WARNING or CRITICAL finding', () => {
    const files = manifestFiles.map((file) => join(manifestDir, file));
    const { findings, problems } = kubeScore(exampleConfig().clusters[0].kubernetesVersion, files);
    expect(problems).toEqual([]);
    expect(findings).toEqual([]);
  });

  test('writes every manifest applied to the cluster as YAML under manifests/<cluster>/', () => {
    const config = exampleConfig();
    const onBlue = config.services.flatMap((service) => service.environments).filter((entry) => 'blue' in entry.weights);
    expect(objects.filter((object) => object.kind === 'Deployment' && object.metadata.namespace !== 'kube-system')).toHaveLength(
      onBlue.length,
    );
    expect(objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name)).toEqual([
      'production',
      'staging',
    ]);
  });

  test("validates every Kubernetes object against the official schema of the cluster's Kubernetes version, and every TargetGroupBinding against the controller's CRD, strictly", () => {
    const files = manifestFiles.map((file) => join(manifestDir, file));
    expect(validateManifests(exampleConfig().clusters[0].kubernetesVersion, files)).toEqual([]);
    expect(objects.filter((object) => object.kind === 'TargetGroupBinding').length).toBeGreaterThan(0);
  });

  test('carries no secret value: no Secret object anywhere, and no file of cdk.out names a secret or parameter beyond the configured ARNs', () => {
    const configured = new Set(
      exampleConfig()
        .services.flatMap((service) => service.environments)
        .flatMap((entry) => Object.values(entry.secrets).map((reference) => reference.arn)),
    );
    expect(configured.size).toBeGreaterThan(0);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : /\.(json|ya?ml)$/.test(entry.name) ? [join(dir, entry.name)] : [],
      );
    const found = new Set(
      files(outdir).flatMap((file) => readFileSync(file, 'utf8').match(/arn:aws[a-z-]*:(secretsmanager|ssm):[^"'\s\\,]*/g) ?? []),
    );
    expect(found).toEqual(configured);
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    // The synced Secret is the driver's, written in the cluster when a pod mounts its secrets.
    expect(objects.filter((object) => object.kind === 'SecretProviderClass').length).toBeGreaterThan(0);
  });

  test('gives every service environment on the cluster a ClusterIP Service and a TargetGroupBinding, and no Service a load balancer of its own', () => {
    const onBlue = exampleConfig()
      .services.flatMap((service) => service.environments)
      .filter((entry) => 'blue' in entry.weights);
    const bindings = objects.filter((object) => object.kind === 'TargetGroupBinding');
    expect(bindings.map((binding) => `${binding.metadata.namespace}/${binding.spec.serviceRef.name}`).sort()).toEqual(
      onBlue.map((entry) => `${entry.environment}/${entry.service}`).sort(),
    );
    const services = objects.filter((object) => object.kind === 'Service' && object.metadata.namespace !== 'kube-system');
    expect(services.map((service) => service.spec.type)).toEqual(onBlue.map(() => 'ClusterIP'));
  });

  test('everyday synth (-c kubeshift:checks=fast) writes the same templates, assets and manifests, and only skips the checks', () => {
    const fastOutdir = mkdtempSync(join(tmpdir(), 'kubeshift-synth-fast-'));
    const fast = cdkSynth(fastOutdir, '-c', 'kubeshift:checks=fast');
    rmOnExit.push(fastOutdir);
    expect(fast.status).toBe(0);
    expect(fast.stderr).toContain('kubeshift: fast synth: cdk-nag and');
    // Only the checks' own output differs: their report, and the metadata (creation stack traces).
    const checksOutput = (file: string) => /(^|\/)(validation-report|policy-validation-report)\.json$|\.metadata\.json$/.test(file);
    const files = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
        .filter((file) => !checksOutput(file))
        .sort();
    expect(files(fastOutdir)).toEqual(files(outdir));
    for (const file of files(outdir)) {
      expect({ file, same: readFileSync(join(fastOutdir, file)).equals(readFileSync(join(outdir, file))) }).toEqual({ file, same: true });
    }
    expect(JSON.parse(readFileSync(join(fastOutdir, 'validation-report.json'), 'utf8')).pluginReports).toEqual([]);
  });

  describe('every service Deployment', () => {
    const deployments = objects.filter((object) => object.kind === 'Deployment' && object.metadata.namespace !== 'kube-system');
    const autoscaled = new Set(
      objects
        .filter((object) => object.kind === 'HorizontalPodAutoscaler')
        .map((hpa) => `${hpa.metadata.namespace}/${hpa.spec.scaleTargetRef.name}`),
    );
    const cases = deployments.map((deployment) => [`${deployment.metadata.namespace}/${deployment.metadata.name}`, deployment]);

    test.each(cases)(
      '%s meets pod security: non-root, read-only root, no escalation, no capabilities, RuntimeDefault',
      (_name, deployment) => {
        const pod = deployment.spec.template.spec;
        expect(pod.securityContext).toMatchObject(RESTRICTED_POD);
        for (const container of pod.containers) expect(container.securityContext).toMatchObject(RESTRICTED_CONTAINER);
      },
    );

    test.each(cases)('%s states resources by its tier and runs at its environment priority', (_name, deployment) => {
      const pod = deployment.spec.template.spec;
      const namespace = deployment.metadata.namespace;
      expect(pod.priorityClassName).toBe(`kubeshift-${namespace}`);
      for (const { resources } of pod.containers) {
        if (namespace === 'production') {
          expect(resources.requests).toEqual(resources.limits);
        } else {
          const millis = (cpu: string) => (cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
          expect(millis(resources.requests.cpu)).toBeLessThan(millis(resources.limits.cpu));
        }
      }
    });

    test.each(cases)(
      '%s spreads over zones, rolls without dropping below the desired count, and leaves replicas to its HPA',
      (name, deployment) => {
        expect(deployment.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
        });
        expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
        if (autoscaled.has(name as string)) expect(deployment.spec).not.toHaveProperty('replicas');
      },
    );
  });
});

describe('cdk synth -c config=<file>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeshift-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("builds the stacks of any valid config, each cluster's manifests valid for its own Kubernetes version", () => {
    // Green stays on 1.33, still accepted in extended support: its manifests must hold for 1.33.
    const versions = { blue: '1.35', green: '1.33' };
    const document = variedDocument(versions);
    const path = join(dir, 'shop.yaml');
    writeFileSync(path, stringify(document));
    const outdir = join(dir, 'out-valid');
    const synth = cdkSynth(outdir, '-c', `config=${path}`);
    expect(synth.status).toBe(0);
    expect(readdirSync(outdir)).toEqual(
      expect.arrayContaining(['shop-cluster-blue.template.json', 'shop-cluster-green.template.json', 'shop-dns.template.json']),
    );
    for (const [cluster, version] of Object.entries(versions)) {
      const manifests = readdirSync(join(outdir, 'manifests', cluster)).map((file) => join(outdir, 'manifests', cluster, file));
      expect(manifests.some((file) => file.endsWith('service-worker-preview.k8s.yaml'))).toBe(true);
      expect({ cluster, problems: validateManifests(version, manifests) }).toEqual({ cluster, problems: [] });
    }
  });

  test('stops on an invalid config with one line naming the field, exit 1, no stack trace, nothing written', () => {
    const document = minimalDocument();
    document.services.auth.environments.production.weights.green = 10;
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, stringify(document));
    const outdir = join(dir, 'out-invalid');
    const synth = cdkSynth(outdir, '-c', `config=${path}`);
    expect(synth.status).not.toBe(0);
    const ours = synth.stderr.split('\n').filter((line) => line.startsWith('kubeshift:'));
    expect(ours).toEqual([
      `kubeshift: invalid config ${path}: services.auth.environments.production.weights.green: unknown cluster "green" (clusters: blue)`,
    ]);
    expect(synth.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(outdir, 'shop-cluster-blue.template.json'))).toBe(false);
  });

  test('stops on a load balancer past 100 services with one line naming the field to set, exit 1, no stack trace, nothing written', () => {
    const path = join(dir, 'full.yaml');
    writeFileSync(path, stringify(fleetDocument(101, 200), { aliasDuplicateObjects: false }));
    const outdir = join(dir, 'out-full');
    const synth = cdkSynth(outdir, '-c', `config=${path}`);
    expect(synth.status).toBe(1);
    const ours = synth.stderr.split('\n').filter((line) => line.startsWith('kubeshift:'));
    expect(ours).toEqual([
      `kubeshift: cannot synthesize ${path}: services.service-100.loadBalancerGroup: load balancer 1 of production on cluster blue would serve 101 services, but an Application Load Balancer takes at most 100 target groups (not adjustable); set loadBalancerGroup of 1 of them, from service-100 on, to another group`,
    ]);
    expect(synth.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(outdir, 'shop-cluster-blue.template.json'))).toBe(false);
  });
});
