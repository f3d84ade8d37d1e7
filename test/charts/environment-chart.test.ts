import { Testing } from 'cdk8s';
import { EnvironmentChart, SPARE_PODS, peakPods } from '../../charts';
import { configFrom, edit, minimalDocument } from '../fixtures';

function synth(document: Record<string, any>, name: string): any[] {
  const config = configFrom(document);
  const environment = config.environments.find((candidate) => candidate.name === name)!;
  const services = config.services.flatMap((service) => service.environments).filter((entry) => entry.environment === name);
  return Testing.synth(new EnvironmentChart(Testing.app(), 'chart', { environment, services }));
}
const find = (objects: any[], kind: string) => objects.find((object) => object.kind === kind);
const policy = (objects: any[], name: string) => objects.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === name);

describe('EnvironmentChart', () => {
  const production = synth(minimalDocument(), 'production');
  const staging = synth(minimalDocument(), 'staging');

  test('creates a namespace named after the environment that enforces restricted pod security', () => {
    expect(find(production, 'Namespace').metadata).toMatchObject({
      name: 'production',
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
    });
  });

  test("labels every namespace for the load balancer controller's pod readiness gate", () => {
    for (const objects of [production, staging]) {
      expect(find(objects, 'Namespace').metadata.labels).toMatchObject({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    }
  });

  test('ranks production above staging, so staging is preempted and evicted first', () => {
    const productionClass = find(production, 'PriorityClass');
    const stagingClass = find(staging, 'PriorityClass');
    expect(productionClass).toMatchObject({ metadata: { name: 'kubeshift-production' }, value: 100000, globalDefault: false });
    expect(stagingClass).toMatchObject({ metadata: { name: 'kubeshift-staging' }, value: 1000 });
    expect(productionClass.value).toBeGreaterThan(stagingClass.value);
  });

  test('defaults containers to the tier: requests = limits when Guaranteed', () => {
    const [limit] = find(production, 'LimitRange').spec.limits;
    expect(limit.type).toBe('Container');
    expect(limit.defaultRequest).toEqual(limit.default);
  });

  test('defaults containers to the tier: requests below limits when Burstable', () => {
    const [limit] = find(staging, 'LimitRange').spec.limits;
    expect(limit).toMatchObject({ default: { cpu: '100m', memory: '128Mi' }, defaultRequest: { cpu: '50m', memory: '64Mi' } });
  });

  test('sizes the quota for every service at peak with the rollout surge twice (new pods, and old ones not yet released), plus spare pods', () => {
    // auth: maxReplicas 6 → 6 + 2 × ceil(6 × 25 %) = 10 pods of 250m / 512Mi, plus 5 spare pods of 100m / 128Mi.
    expect(find(production, 'ResourceQuota').spec.hard).toEqual({
      pods: 10 + SPARE_PODS,
      'requests.cpu': `${10 * 250 + SPARE_PODS * 100}m`,
      'requests.memory': `${10 * 512 + SPARE_PODS * 128}Mi`,
      'limits.cpu': `${10 * 250 + SPARE_PODS * 100}m`,
      'limits.memory': `${10 * 512 + SPARE_PODS * 128}Mi`,
    });
  });

  test.each([
    [1, 1 + 2 * 1],
    [3, 3 + 2 * 1],
    [4, 4 + 2 * 1],
    [12, 12 + 2 * 3],
  ])('counts %i replicas as %i peak pods (surge rounded up, as the Deployment controller rounds maxSurge)', (replicas, pods) => {
    const [entry] = configFrom(edit(edit(minimalDocument(), 'services.auth.autoscaling', undefined), 'services.auth.replicas', replicas))
      .services[0].environments;
    expect(peakPods(entry)).toBe(pods);
  });

  describe('network policies', () => {
    const policies = (objects: any[]) => objects.filter((object) => object.kind === 'NetworkPolicy');

    test('open no service port to the load balancers: each service chart does that for its own pods', () => {
      expect(
        policies(production)
          .map((object) => object.metadata.name)
          .sort(),
      ).toEqual(['allow-all-egress', 'allow-same-namespace', 'default-deny-ingress']);
    });

    test('deny every ingress to the namespace by default, and leave egress open', () => {
      expect(policy(production, 'default-deny-ingress')).toMatchObject({
        metadata: { namespace: 'production' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
      // Egress open to everything, and stated: apps reach their databases and AWS APIs.
      const egress = policies(production).filter((object) => object.spec.policyTypes.includes('Egress'));
      expect(egress.map((object) => [object.metadata.name, object.spec])).toEqual([
        ['allow-all-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] }],
      ]);
    });

    test('let pods of the same namespace, and only of it, reach each other', () => {
      const spec = policy(production, 'allow-same-namespace').spec;
      expect(spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
      // A namespaceSelector would open the namespace to others; no peer of any policy has one.
      const peers = policies(production).flatMap((object) => (object.spec.ingress ?? []).flatMap((rule: any) => rule.from ?? []));
      expect(peers.filter((peer: any) => peer.namespaceSelector)).toEqual([]);
    });
  });

  test('gives a BestEffort namespace no defaults and a pod-count quota only', () => {
    const document = minimalDocument();
    edit(document, 'environments.staging', { qos: 'BestEffort', priority: 10 });
    edit(document, 'services.auth.autoscaling', undefined);
    const objects = synth(document, 'staging');
    expect(find(objects, 'LimitRange')).toBeUndefined();
    // auth: 2 replicas → 2 + 2 × ceil(2 × 25 %) = 4 pods.
    expect(find(objects, 'ResourceQuota').spec.hard).toEqual({ pods: 2 + 2 * 1 + SPARE_PODS });
  });
});
