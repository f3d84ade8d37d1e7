import { Testing } from 'cdk8s';
import { LOAD_BALANCER_CLASS, ServiceChart } from '../../charts';
import type { ServiceEnvironment } from '../../config';
import { RESTRICTED_CONTAINER, RESTRICTED_POD, configFrom, edit, minimalDocument } from '../fixtures';

function synth(entry: ServiceEnvironment): any[] {
  return Testing.synth(new ServiceChart(Testing.app(), 'chart', { entry, priorityClassName: `kubeshift-${entry.environment}` }));
}
const find = (objects: any[], kind: string) => objects.filter((object) => object.kind === kind);
const [production, staging] = configFrom(minimalDocument()).services[0].environments;

describe('ServiceChart', () => {
  const objects = synth(production);
  const [deployment] = find(objects, 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  test('names every object after the service, in the environment namespace', () => {
    expect(objects.map((object) => [object.kind, object.metadata.name, object.metadata.namespace])).toEqual([
      ['Deployment', 'auth', 'production'],
      ['Service', 'auth', 'production'],
      ['HorizontalPodAutoscaler', 'auth', 'production'],
      ['PodDisruptionBudget', 'auth', 'production'],
    ]);
  });

  test('runs the image on its port with probes on the health-check path', () => {
    expect(container.image).toBe('registry.example.com/auth:1.0.0');
    expect(container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
  });

  test('leaves replicas to the HPA', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  test('never drops below the desired count while rolling', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  test('sets requests and limits by tier and the environment priority', () => {
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '250m', memory: '512Mi' } });
    expect(pod.priorityClassName).toBe('kubeshift-production');
  });

  test('runs as non-root on a read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    expect(container.securityContext).toMatchObject({ ...RESTRICTED_CONTAINER, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext).toMatchObject(RESTRICTED_POD);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('gives the read-only container a writable /tmp', () => {
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('spreads pods across zones with maxSkew 1', () => {
    expect(pod.topologySpreadConstraints).toContainEqual({
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'auth', 'app.kubernetes.io/instance': 'auth-production' } },
    });
  });

  test('exposes an internet-facing NLB with cross-zone load balancing through the AWS Load Balancer Controller', () => {
    const [service] = find(objects, 'Service');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.loadBalancerClass).toBe(LOAD_BALANCER_CLASS);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.metadata.annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
      'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': '/healthz',
    });
  });

  test('scales on CPU utilization between the configured bounds', () => {
    const [hpa] = find(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'auth' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  test('has a disruption budget that never blocks a drain, even at one replica', () => {
    const [pdb] = find(objects, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
    expect(pdb.spec).not.toHaveProperty('minAvailable');
  });

  test('matches its snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('ServiceChart by tier', () => {
  test('Burstable requests a share of the need', () => {
    const [deployment] = find(synth(staging), 'Deployment');
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '125m', memory: '256Mi' },
      limits: { cpu: '250m', memory: '512Mi' },
    });
  });

  test('BestEffort sets no resources at all, and without autoscaling fixed replicas and no HPA', () => {
    const document = minimalDocument();
    edit(document, 'environments.staging', { qos: 'BestEffort', priority: 10 });
    edit(document, 'services.auth.autoscaling', undefined);
    const objects = synth(configFrom(document).services[0].environments[1]);
    const [deployment] = find(objects, 'Deployment');
    expect(deployment.spec.template.spec.containers[0]).not.toHaveProperty('resources');
    expect(deployment.spec.replicas).toBe(2);
    expect(find(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(objects, 'PodDisruptionBudget')).toHaveLength(1);
  });
});
