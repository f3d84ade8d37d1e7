import { Testing } from 'cdk8s';
import {
  DELIVERY_PREVIEW_RBAC_NAME,
  PREVIEW_ADMISSION,
  PREVIEW_PRIORITY,
  PreviewPolicyChart,
  previewManifests,
  type ManifestObject,
} from '../../charts/preview-chart';
import { DELIVERY_PREVIEW_GROUP, PREVIEW_PRIORITY_CLASS } from '../../domain/naming';
import { exampleConfig } from '../fixtures';

const IMAGE = `123456789012.dkr.ecr.sa-east-1.amazonaws.com/auth:${'6'.repeat(40)}`;

function render() {
  const config = exampleConfig();
  const entry = config.services.find((service) => service.name === 'auth')!.environments.find((e) => e.environment === 'staging')!;
  const objects = previewManifests({
    entry,
    namespace: 'pr-42-auth',
    image: IMAGE,
    namespaceLabels: { 'kubeshift.io/preview': 'true', 'kubeshift.io/pull-request': '42' },
    annotations: { 'kubeshift.io/commit': '6'.repeat(40) },
    hostName: 'auth-pr-42.preview.example.com.br',
  });
  const of = (kind: string, name?: string) => objects.find((o) => o.kind === kind && (!name || o.metadata.name === name)) as any;
  return { config, entry, objects, of };
}

test('the namespace comes first, labelled as given and under restricted Pod Security; everything else lives in it', () => {
  const { objects } = render();
  expect(objects[0]).toMatchObject({
    kind: 'Namespace',
    metadata: {
      name: 'pr-42-auth',
      labels: { 'kubeshift.io/preview': 'true', 'kubeshift.io/pull-request': '42', 'pod-security.kubernetes.io/enforce': 'restricted' },
      annotations: { 'kubeshift.io/commit': '6'.repeat(40) },
    },
  });
  for (const object of objects.slice(1)) expect(object.metadata.namespace).toBe('pr-42-auth');
});

test("the service's own chart renders it: one replica, the commit's image, small requests under the service's limits, the lowest priority", () => {
  const { of, entry } = render();
  const deployment = of('Deployment', 'auth');
  expect(deployment.spec.replicas).toBe(1);
  expect(deployment.metadata.annotations).toMatchObject({ 'kubeshift.io/commit': '6'.repeat(40) });
  const pod = deployment.spec.template.spec;
  expect(pod.priorityClassName).toBe(PREVIEW_PRIORITY_CLASS);
  expect(pod.containers[0]).toMatchObject({
    image: IMAGE,
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: `${entry.resources.cpuMillis}m` } },
    readinessProbe: { httpGet: { path: entry.healthCheckPath } },
  });
  expect(of('HorizontalPodAutoscaler')).toBeUndefined();
});

test('no load balancer of its own: a ClusterIP Service behind an Ingress of the shared preview group, for its host', () => {
  const { of } = render();
  const service = of('Service', 'auth');
  expect(service.spec.type).toBe('ClusterIP');
  expect(service.spec.loadBalancerClass).toBeUndefined();
  expect(service.metadata.annotations).toBeUndefined();
  const ingress = of('Ingress', 'auth');
  expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/group.name']).toBe('kubeshift-previews');
  expect(ingress.spec.rules[0]).toMatchObject({
    host: 'auth-pr-42.preview.example.com.br',
    http: { paths: [{ backend: { service: { name: 'auth', port: { number: 80 } } } }] },
  });
  expect(of('ResourceQuota').spec.hard['services.loadbalancers']).toBe(0);
});

test('default-deny both ways, then only the service port in and DNS out', () => {
  const { of, entry } = render();
  expect(of('NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  expect(of('NetworkPolicy', 'allow-serving').spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: entry.port }] }]);
  expect(of('NetworkPolicy', 'allow-dns').spec.egress[0].ports.map((p: { port: number }) => p.port)).toEqual([53, 53]);
});

test('the quota holds the replica through a rollout, and not more', () => {
  const { of, entry } = render();
  // One replica, one surge pod, one old pod still terminating.
  expect(of('ResourceQuota').spec.hard).toMatchObject({
    pods: 3,
    'requests.cpu': '150m',
    'limits.cpu': `${3 * entry.resources.cpuMillis}m`,
  });
});

test('the PriorityClass is below every environment and never preempts', () => {
  const { config } = render();
  const [priorityClass] = Testing.synth(new PreviewPolicyChart(Testing.app(), 'preview-policy')) as ManifestObject[];
  expect(priorityClass).toMatchObject({ kind: 'PriorityClass', metadata: { name: PREVIEW_PRIORITY_CLASS }, preemptionPolicy: 'Never' });
  for (const environment of config.environments) expect(PREVIEW_PRIORITY).toBeLessThan(environment.priority);
});

describe('the delivery handler’s preview rights', () => {
  const objects = Testing.synth(new PreviewPolicyChart(Testing.app(), 'preview-policy')) as any[];
  const of = (kind: string) => objects.find((object) => object.kind === kind);

  test('RBAC grants its group writes on namespaces, quotas and limit ranges only, nothing else cluster-wide', () => {
    expect(of('ClusterRole').rules).toEqual([
      {
        apiGroups: [''],
        resources: ['namespaces', 'resourcequotas', 'limitranges'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
    ]);
    expect(of('ClusterRoleBinding')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: DELIVERY_PREVIEW_RBAC_NAME },
      subjects: [{ kind: 'Group', name: DELIVERY_PREVIEW_GROUP }],
    });
  });

  test('an admission policy, bound to deny, confines those writes by that group to pr-* namespaces labelled as previews', () => {
    const policy = of('ValidatingAdmissionPolicy');
    expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      expect.objectContaining({ operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['namespaces', 'resourcequotas', 'limitranges'] }),
    ]);
    expect(policy.spec.matchConditions[0].expression).toContain(`group == '${DELIVERY_PREVIEW_GROUP}'`);
    expect(policy.spec.validations[0].expression).toBe(PREVIEW_ADMISSION.rule);
    expect(PREVIEW_ADMISSION.rule).toContain("startsWith('pr-')");
    expect(PREVIEW_ADMISSION.rule).toContain("variables.labels['kubeshift.io/preview'] == 'true'");
    expect(of('ValidatingAdmissionPolicyBinding').spec).toEqual({ policyName: policy.metadata.name, validationActions: ['Deny'] });
  });
});
