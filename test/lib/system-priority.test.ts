import { Template } from 'aws-cdk-lib/assertions';
import { SYSTEM_PRIORITY_CLASSES } from '../../domain/naming';
import { exampleConfig, synthStacks } from '../fixtures';

/**
 * Every system workload the cluster stacks install runs at a built-in system priority, so that no
 * environment's pod preempts it on a full node and the slot the cost planner counts for it stays
 * its own (domain/cost/system-pods.ts). DaemonSets at `system-node-critical`, the rest at
 * `system-cluster-critical` at least. Read from the synthesized templates: the Helm charts' values
 * and the manifests the kubectl handler applies. The EKS add-ons (VPC CNI, kube-proxy, CoreDNS, Pod
 * Identity agent) set their own priority classes and are not in the templates.
 */

/**
 * Where each Helm chart the stacks install takes its pod priority class, and what its pods are. A
 * chart missing here fails the test: add the values path its chart reads (from the chart's
 * values.yaml) and set it.
 */
const PRIORITY_VALUE: Record<string, { readonly path: readonly string[]; readonly daemonSet: boolean }> = {
  'aws-for-fluent-bit': { path: ['priorityClassName'], daemonSet: true },
  'cluster-autoscaler': { path: ['priorityClassName'], daemonSet: false },
  'metrics-server': { path: ['priorityClassName'], daemonSet: false },
  'aws-load-balancer-controller': { path: ['priorityClassName'], daemonSet: false },
  'secrets-store-csi-driver': { path: ['linux', 'priorityClassName'], daemonSet: true },
  'secrets-store-csi-driver-provider-aws': { path: ['priorityClassName'], daemonSet: true },
};
const SYSTEM = new Set<string>(Object.values(SYSTEM_PRIORITY_CLASSES));
const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

/** A template value that may hold tokens (`{"Fn::Join": ["", [...]]}`) as the JSON text it becomes, tokens as `TOKEN`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return 'TOKEN';
  return join[1].map(text).join(join[0]);
}

const config = exampleConfig();
const ENVIRONMENTS = new Set(config.environments.map((environment) => environment.name));
const templates = synthStacks(config).clusters.map((stack) => ({ name: stack.stackName, template: Template.fromStack(stack) }));

describe.each(templates.map(({ name, template }) => [name, template] as const))('%s', (_name, template) => {
  const charts = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).map((resource) => ({
    chart: resource.Properties.Chart as string,
    values: resource.Properties.Values === undefined ? {} : JSON.parse(text(resource.Properties.Values)),
  }));

  test('installs Helm charts', () => {
    expect(charts.length).toBeGreaterThan(0);
  });

  test.each(charts.map(({ chart }) => [chart]))('runs the %s chart at a system priority class', (chart) => {
    const known = PRIORITY_VALUE[chart];
    if (!known) throw new Error(`${chart}: no priority value path known; add it to PRIORITY_VALUE and set it in the chart's values`);
    const values = charts.find((candidate) => candidate.chart === chart)!.values;
    const priority = known.path.reduce<any>((at, key) => at?.[key], values);
    expect(priority).toBe(known.daemonSet ? SYSTEM_PRIORITY_CLASSES.node : SYSTEM_PRIORITY_CLASSES.cluster);
  });

  test("runs every workload of its manifests outside the environments' namespaces at a system priority class, DaemonSets at system-node-critical", () => {
    const workloads = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
      .map((resource) => resource.Properties.Manifest)
      .filter((manifest): manifest is string => typeof manifest === 'string')
      .flatMap((manifest) => JSON.parse(manifest) as any[])
      .filter((object) => WORKLOAD_KINDS.has(object.kind) && !ENVIRONMENTS.has(object.metadata.namespace));
    expect(workloads.map((object) => object.metadata.name)).toContain('dns-autoscaler');
    const wrong = workloads
      .filter((workload) => {
        const priority = workload.spec.template.spec.priorityClassName;
        return workload.kind === 'DaemonSet' ? priority !== SYSTEM_PRIORITY_CLASSES.node : !SYSTEM.has(priority);
      })
      .map(
        (workload) =>
          `${workload.kind} ${workload.metadata.namespace}/${workload.metadata.name}: ${workload.spec.template.spec.priorityClassName}`,
      );
    expect(wrong).toEqual([]);
  });
});
