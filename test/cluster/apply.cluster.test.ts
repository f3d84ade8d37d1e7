import { START_TIMEOUT_MS, startAll, type ClusterUnderTest } from './cluster-under-test';
import { KUBE_SYSTEM } from './eks-seed';
import { KubeApiError, refOf, type KubeObject } from './kube-client';
import { describeRef, kubectlApply, type ApplyOutcome, type CreateOutcome } from './kubectl';
import { deploymentSelectors, listPods, selectedPods, waitForControllers } from './scheduling';
import { allTargets, otherMinorTargets } from './test-configs';

/**
 * The first deploy as the cluster stacks do it (kubectl create, manifest after manifest, next
 * to what EKS created), then a second apply of the same synth, and what the API server admits:
 * for every config on the run's server, and for the example on each other supported minor on a
 * server of that minor (only here: the other tests hold for one minor and would double the run).
 */

/** The kinds of chart in the order the cluster stack applies them (charts' ids start with the kind). */
const ORDER = ['dns', 'environment', 'service'];
const targets = [...allTargets(), ...otherMinorTargets()];
let clusters: ClusterUnderTest[] = [];

beforeAll(async () => {
  clusters = await startAll(targets);
  await Promise.all(
    clusters.map(async (cluster) => {
      await cluster.deploy();
      await waitForControllers(cluster.cp);
    }),
  );
  // Starting and deploying every target at once, one control plane per target, on a loaded machine.
}, 2 * START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
});

/** One line per object that was refused or warned about, for a readable failure. */
const problems = (outcomes: readonly CreateOutcome[]) =>
  outcomes
    .filter((outcome) => outcome.error || outcome.warnings.length > 0)
    .map((outcome) =>
      `${outcome.chart}: ${describeRef(outcome.ref)}: ${outcome.error?.message ?? ''} ${outcome.warnings.join('; ')}`.trim(),
    );

const changes = (outcomes: readonly ApplyOutcome[]) =>
  outcomes
    .filter((outcome) => outcome.changed.length > 0 || outcome.warnings.length > 0)
    .map((outcome) =>
      `${outcome.chart}: ${describeRef(outcome.ref)}: changed ${outcome.changed.join(', ')} ${outcome.warnings.join('; ')}`.trim(),
    );

type Deployment = KubeObject & {
  spec: { replicas?: number };
  status?: { replicas?: number; conditions?: { type: string; status: string; message?: string }[] };
};

test('each config on another minor ran on a server of that minor', () => {
  const pinned = clusters.filter((cluster) => cluster.target.serverVersion !== undefined);
  expect(pinned.length).toBeGreaterThan(0);
  expect(pinned.map((cluster) => [cluster.target.label, cluster.cp.version.replace(/^v(\d+\.\d+)\..*$/, '$1')])).toEqual(
    pinned.map((cluster) => [cluster.target.label, cluster.target.cluster.kubernetesVersion]),
  );
});

describe.each(targets.map((target, index) => [target.label, index] as const))('%s', (_label, index) => {
  const cluster = () => clusters[index];

  // The DNS autoscaler chart included: it once carried a PodDisruptionBudget `coredns`, the one the EKS add-on already made.
  test('every object of every chart is created beside the EKS add-ons with no error and no warning, in the order the stacks apply them', () => {
    const { created, manifests } = cluster();
    expect(problems(created)).toEqual([]);
    // Each object was sent once, chart after chart in ClusterStack.charts order, objects in manifest order.
    const sent = manifests.flatMap((manifest) => manifest.objects.map(refOf));
    expect(created.map((outcome) => outcome.ref)).toEqual(sent);
    expect(manifests.map((manifest) => manifest.chart.split('-')[0])).toEqual(
      [...manifests.map((manifest) => manifest.chart.split('-')[0])].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)),
    );
  });

  test("every Deployment's pods are created and admitted under its namespace's Pod Security level", async () => {
    const { cp, namespaces, serviceDeployments } = cluster();
    for (const namespace of namespaces) {
      // The level is enforced: a pod that breaks it is refused in the same namespace.
      const live = await cp.client.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
      expect(live.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
      const privileged = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'privileged-probe', namespace },
        spec: { containers: [{ name: 'probe', image: 'registry.k8s.io/pause:3.10', securityContext: { privileged: true } }] },
      };
      const refusal = await cp.client.create(privileged, { dryRun: true }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(KubeApiError);
      expect((refusal as KubeApiError).message).toContain('violates PodSecurity "restricted:latest"');
    }
    expect(serviceDeployments.length).toBeGreaterThan(0);
    for (const [deployment, selected] of serviceDeployments.map((d) => [d, deploymentSelectors([d])[0]] as const)) {
      const live = await cp.client.get<Deployment>(refOf(deployment));
      const refused = (live.status?.conditions ?? []).filter(
        (condition) => condition.type === 'ReplicaFailure' && condition.status === 'True',
      );
      const pods = selectedPods(await listPods(cp, deployment.metadata.namespace), selected);
      expect({ deployment: selected.name, refused, pods: pods.length }).toEqual({
        deployment: selected.name,
        refused: [],
        pods: live.spec.replicas,
      });
    }
  });

  test('every Service is ClusterIP, and every TargetGroupBinding is admitted as the CRD serves it, unpruned, naming a Service of its namespace', async () => {
    const { cp, created, objects, serviceDeployments } = cluster();
    const services = objects.filter((object) => object.kind === 'Service' && object.metadata.namespace !== KUBE_SYSTEM);
    expect(services.length).toBe(serviceDeployments.length);
    for (const service of services) {
      const live = await cp.client.get<KubeObject & { spec: { type: string } }>(refOf(service));
      expect({ service: describeRef(refOf(service)), type: live.spec.type }).toEqual({
        service: describeRef(refOf(service)),
        type: 'ClusterIP',
      });
    }
    const bindings = objects.filter((object) => object.kind === 'TargetGroupBinding');
    expect(bindings.length).toBe(serviceDeployments.length);
    for (const binding of bindings) {
      const ref = refOf(binding);
      const outcome = created.find(
        (candidate) => describeRef(candidate.ref) === describeRef(ref) && candidate.ref.apiVersion === ref.apiVersion,
      )!;
      expect({ binding: describeRef(ref), error: outcome.error?.message, warnings: outcome.warnings }).toEqual({
        binding: describeRef(ref),
        error: undefined,
        warnings: [],
      });
      // The API server prunes fields its schema does not know: an equal spec means every field was kept.
      const live = await cp.client.get<KubeObject & { spec: { serviceRef: { name: string } } }>(ref);
      expect(live.spec).toEqual(binding.spec);
      await cp.client.get({ apiVersion: 'v1', kind: 'Service', namespace: ref.namespace, name: live.spec.serviceRef.name });
    }
    for (const namespace of cluster().namespaces) {
      const live = await cp.client.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
      expect(live.metadata.labels).toMatchObject({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    }
  });

  test('a second apply of the unchanged synth changes nothing', async () => {
    const { cp, manifests } = cluster();
    const outcomes: ApplyOutcome[] = [];
    for (const manifest of manifests) {
      outcomes.push(...(await kubectlApply(cp.client, manifest)));
    }
    expect(outcomes.length).toBeGreaterThan(0);
    expect(changes(outcomes)).toEqual([]);
  });
});
