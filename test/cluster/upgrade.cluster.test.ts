import { ClusterUnderTest, START_TIMEOUT_MS } from './cluster-under-test';
import type { AppliedManifest } from './applied-manifests';
import { refOf, type KubeObject } from './kube-client';
import { describeRef, kubectlApplyChange, kubectlCreate } from './kubectl';
import { example, targetsOf } from './test-configs';

/**
 * The edge replaced each service's Network Load Balancer Service by a ClusterIP Service and a
 * TargetGroupBinding. Services of load-balancer group 1 keep their nested stack and manifest
 * resource (lib/load-balancer-group-stack.ts), so on the first deploy of this version the kubectl
 * handler updates each manifest in place with `kubectl apply`. This runs that update on the real
 * API server, from the manifest the previous version applied.
 */

/** A service manifest as the previous version rendered it: an NLB Service, no binding, no pre-stop delay. */
function previousRelease(manifest: AppliedManifest): AppliedManifest {
  const objects = manifest.objects
    .filter((object) => object.kind !== 'TargetGroupBinding')
    .map((object): KubeObject => {
      if (object.kind === 'Service') {
        const spec = object.spec as Record<string, unknown>;
        return {
          ...object,
          metadata: {
            ...object.metadata,
            annotations: {
              'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
              'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
              'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
              'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
            },
          },
          spec: { ...spec, type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' },
        };
      }
      if (object.kind === 'Deployment') {
        const deployment = structuredClone(object) as any;
        const pod = deployment.spec.template.spec;
        pod.terminationGracePeriodSeconds = 30;
        for (const container of pod.containers) delete container.lifecycle;
        return deployment;
      }
      return object;
    });
  // The previous version sent the Deployment first, then the Service, HPA and PDB.
  objects.sort((a, b) => (a.kind === 'Deployment' ? -1 : b.kind === 'Deployment' ? 1 : 0));
  return { chart: manifest.chart, objects };
}

let cluster: ClusterUnderTest;

beforeAll(async () => {
  cluster = await ClusterUnderTest.start(targetsOf(example())[0]);
  await cluster.seed();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await cluster?.stop();
});

test("the previous version's NLB Service turns into a ClusterIP Service with a binding, in place, with no error and no warning", async () => {
  const { cp, manifests } = cluster;
  for (const manifest of manifests.filter((candidate) => candidate.chart.startsWith('environment-'))) {
    expect((await kubectlCreate(cp.client, manifest)).filter((outcome) => outcome.error)).toEqual([]);
  }
  // The service charts themselves (a delivered service's running-image ConfigMap is applied as a manifest of its own).
  const services = manifests.filter(
    (candidate) => candidate.chart.startsWith('service-') && candidate.objects.some((object) => object.kind === 'Service'),
  );
  expect(services.length).toBeGreaterThan(0);
  for (const next of services) {
    const previous = previousRelease(next);
    const created = await kubectlCreate(cp.client, previous);
    expect(created.filter((outcome) => outcome.error || outcome.warnings.length > 0)).toEqual([]);
    const serviceObject = next.objects.find((object) => object.kind === 'Service')!;
    const before = await cp.client.get<KubeObject & { spec: Record<string, any> }>(refOf(serviceObject));
    expect([before.spec.type, before.spec.loadBalancerClass, typeof before.spec.ports[0].nodePort]).toEqual([
      'LoadBalancer',
      'service.k8s.aws/nlb',
      'number',
    ]);

    const applied = await kubectlApplyChange(cp.client, previous, next);
    const problems = applied
      .filter((outcome) => outcome.error || outcome.warnings.length > 0)
      .map((outcome) => `${next.chart}: ${describeRef(outcome.ref)}: ${outcome.error?.message ?? outcome.warnings.join('; ')}`);
    expect(problems).toEqual([]);

    const live = await cp.client.get<KubeObject & { spec: Record<string, any> }>(refOf(serviceObject));
    expect({
      chart: next.chart,
      type: live.spec.type,
      loadBalancerClass: live.spec.loadBalancerClass,
      annotations: live.metadata.annotations,
    }).toEqual({
      chart: next.chart,
      type: 'ClusterIP',
      loadBalancerClass: undefined,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': expect.any(String) },
    });
    // The node port an NLB Service was given is released with its type.
    expect(live.spec.ports.map((port: Record<string, unknown>) => port.nodePort)).toEqual(live.spec.ports.map(() => undefined));
    const binding = next.objects.find((object) => object.kind === 'TargetGroupBinding')!;
    expect((await cp.client.get<KubeObject & { spec: unknown }>(refOf(binding))).spec).toEqual(binding.spec);
    const deployment = next.objects.find((object) => object.kind === 'Deployment')!;
    const pod = (await cp.client.get<any>(refOf(deployment))).spec.template.spec;
    expect(pod.containers[0].lifecycle).toEqual((deployment as any).spec.template.spec.containers[0].lifecycle);
    expect(pod.terminationGracePeriodSeconds).toBe((deployment as any).spec.template.spec.terminationGracePeriodSeconds);
  }
});
