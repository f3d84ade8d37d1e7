import { Testing } from 'cdk8s';
import { SERVICE_PORT, ServiceChart } from '../../charts';
import type { ServiceEnvironment } from '../../config';
import { drainTimings } from '../../domain/edge/draining';
import { serviceTargetGroup } from '../../domain/edge/target-group';
import { RESTRICTED_CONTAINER, RESTRICTED_POD, configFrom, edit, minimalDocument } from '../fixtures';

const VPC = 'vpc-0a1b2c3d4e5f60001';
const LOAD_BALANCER_CIDRS = ['10.0.0.0/24', '10.0.1.0/24'];
function synth(entry: ServiceEnvironment): any[] {
  return Testing.synth(
    new ServiceChart(Testing.app(), 'chart', {
      entry,
      priorityClassName: `kubeshift-${entry.environment}`,
      targetGroup: serviceTargetGroup('shop', VPC, 'blue', entry),
      loadBalancerCidrs: LOAD_BALANCER_CIDRS,
    }),
  );
}
const find = (objects: any[], kind: string) => objects.filter((object) => object.kind === kind);
const [production, staging] = configFrom(minimalDocument()).services[0].environments;

describe('ServiceChart', () => {
  const objects = synth(production);
  const [deployment] = find(objects, 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  test('names every object after the service (the binding after its target group), in the environment namespace, Service and binding before the pods', () => {
    const targetGroup = serviceTargetGroup('shop', VPC, 'blue', production).name;
    expect(objects.map((object) => [object.kind, object.metadata.name, object.metadata.namespace])).toEqual([
      ['Service', 'auth', 'production'],
      ['NetworkPolicy', 'auth-from-load-balancers', 'production'],
      ['TargetGroupBinding', targetGroup, 'production'],
      ['Deployment', 'auth', 'production'],
      ['HorizontalPodAutoscaler', 'auth', 'production'],
      ['PodDisruptionBudget', 'auth', 'production'],
    ]);
  });

  test('runs the image on its port: readiness and startup on the health-check path, liveness on TCP', () => {
    expect(container.image).toBe('registry.example.com/auth:1.0.0');
    expect(container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080, scheme: 'HTTP' });
    // a dependency's outage fails readiness, never liveness
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
    expect(container.livenessProbe.httpGet).toBeUndefined();
    // 120 s to start, probed every 10 s
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 12 });
    expect(container.command).toBeUndefined();
    expect(container.env).toBeUndefined();
  });

  test('runs with numeric ids, /tmp writable, and the env, command, ids, paths and probes the config sets', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    const document = minimalDocument();
    Object.assign(document.services.auth, {
      env: { LOG_LEVEL: 'info' },
      command: ['node', 'server.js'],
      securityContext: { runAsUser: 10001 },
      writablePaths: { '/tmp': '32Mi', '/app/cache': '256Mi' },
      probes: { liveness: '/livez', startupSeconds: 300, scheme: 'HTTPS' },
    });
    const [configured] = find(synth(configFrom(document).services[0].environments[0]), 'Deployment');
    const spec = configured.spec.template.spec;
    const [app] = spec.containers;
    expect(app.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    expect(app.command).toEqual(['node', 'server.js']);
    expect(app.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(app.livenessProbe.httpGet).toMatchObject({ path: '/livez', scheme: 'HTTPS' });
    expect(app.startupProbe.failureThreshold).toBe(30);
    expect(app.volumeMounts.map((mount: any) => mount.mountPath)).toEqual(['/tmp', '/app/cache']);
    expect(spec.volumes.map((volume: any) => volume.emptyDir.sizeLimit)).toEqual(['32Mi', '256Mi']);
  });

  test('runs an image as root only where the environment is baseline, and says so in the namespace', () => {
    const document = minimalDocument();
    document.services.auth.securityContext = { runAsUser: 0 };
    document.environments.production.podSecurity = 'baseline';
    document.environments.staging.podSecurity = 'baseline';
    const [rooted] = find(synth(configFrom(document).services[0].environments[0]), 'Deployment');
    expect(rooted.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
  });

  test('leaves replicas to the HPA', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  test('never drops below the desired count while rolling', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  test('sets requests and limits by tier and the environment priority', () => {
    // Ephemeral storage: the 64Mi /tmp and 64Mi of logs (domain/ephemeral-storage.ts).
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '128Mi' },
      limits: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '128Mi' },
    });
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

  test('spreads each rollout across zones with maxSkew 1, counting only the nodes the pod tolerates', () => {
    expect(pod.topologySpreadConstraints).toContainEqual({
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'auth', 'app.kubernetes.io/instance': 'auth-production' } },
      matchLabelKeys: ['pod-template-hash'],
      nodeTaintsPolicy: 'Honor',
    });
  });

  test('prefers spreading over hosts the same way, without ever refusing a node for it', () => {
    expect(pod.topologySpreadConstraints).toContainEqual(
      expect.objectContaining({
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        matchLabelKeys: ['pod-template-hash'],
        nodeTaintsPolicy: 'Honor',
      }),
    );
  });

  test('exposes the pods in the cluster only: a ClusterIP Service, no load balancer of its own', () => {
    const [service] = find(objects, 'Service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec).not.toHaveProperty('loadBalancerClass');
    expect(service.metadata).not.toHaveProperty('annotations');
    expect(service.spec.ports).toEqual([{ name: 'http', port: SERVICE_PORT, targetPort: 8080 }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(find(objects, 'Service').filter((candidate) => candidate.spec.type === 'LoadBalancer')).toEqual([]);
  });

  test("binds the Service's pods, by IP, to the target group the stack made, named after it", () => {
    const [binding] = find(objects, 'TargetGroupBinding');
    const targetGroup = serviceTargetGroup('shop', VPC, 'blue', production);
    expect(binding.apiVersion).toBe('elbv2.k8s.aws/v1beta1');
    expect(binding.metadata.name).toBe(targetGroup.name);
    expect(binding.spec).toEqual({
      targetGroupName: targetGroup.name,
      targetType: 'ip',
      vpcID: VPC,
      serviceRef: { name: 'auth', port: SERVICE_PORT },
    });
    // The controller then manages no security-group rule: the stack opens the pod port.
    expect(binding.spec).not.toHaveProperty('networking');
  });

  test('keeps a terminating pod serving until the load balancer has let go of it, then gives the app its shutdown time', () => {
    const drain = drainTimings(production.shutdownSeconds);
    expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: drain.preStopSeconds } } });
    expect(pod.terminationGracePeriodSeconds).toBe(drain.terminationGracePeriodSeconds);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain.preStopSeconds + production.shutdownSeconds);
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

describe('ServiceChart drain timings', () => {
  test.each([0, 15, 60])('a service that takes %i s to shut down gets a grace period above pre-stop plus that', (shutdownSeconds) => {
    const [entry] = configFrom(edit(minimalDocument(), 'services.auth.shutdownSeconds', shutdownSeconds)).services[0].environments;
    const pod = find(synth(entry), 'Deployment')[0].spec.template.spec;
    const preStop = pod.containers[0].lifecycle.preStop.sleep.seconds;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + shutdownSeconds);
  });
});

describe('ServiceChart by tier', () => {
  test('Burstable requests a share of the need', () => {
    const [deployment] = find(synth(staging), 'Deployment');
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '125m', memory: '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '128Mi' },
    });
  });

  test('BestEffort sets no cpu or memory (ephemeral storage does not count for QoS), and without autoscaling fixed replicas and no HPA', () => {
    const document = minimalDocument();
    edit(document, 'environments.staging', { qos: 'BestEffort', priority: 10 });
    edit(document, 'services.auth.autoscaling', undefined);
    const objects = synth(configFrom(document).services[0].environments[1]);
    const [deployment] = find(objects, 'Deployment');
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { 'ephemeral-storage': '128Mi' },
      limits: { 'ephemeral-storage': '128Mi' },
    });
    expect(deployment.spec.replicas).toBe(2);
    expect(find(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(objects, 'PodDisruptionBudget')).toHaveLength(1);
  });
});

describe('ServiceChart scanner skips', () => {
  const annotations = (entry: ServiceEnvironment): Record<string, string> => find(synth(entry), 'Deployment')[0].metadata.annotations ?? {};

  test('skips the low-id checks with the config field as reason while the ids are below 10000, and not at or above', () => {
    const low = annotations(configFrom(minimalDocument()).services[0].environments[0]);
    expect(low['kube-score/ignore'].split(',')).toEqual([
      'deployment-has-host-podantiaffinity',
      'container-security-context-user-group-id',
    ]);
    expect(Object.values(low)).toContainEqual(
      'CKV_K8S_40=runAsUser 1000 and runAsGroup 1000 are the ids services.auth.securityContext gives',
    );
    const document = edit(minimalDocument(), 'services.auth.securityContext', { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    const high = annotations(configFrom(document).services[0].environments[0]);
    expect(high['kube-score/ignore']).toBe('deployment-has-host-podantiaffinity');
    expect(Object.values(high).filter((value) => value.startsWith('CKV_K8S_40='))).toEqual([]);
  });

  test('skips the digest check only for an image named by tag', () => {
    const digest = `123456789012.dkr.ecr.sa-east-1.amazonaws.com/auth@sha256:${'a'.repeat(64)}`;
    const byTag = annotations(configFrom(minimalDocument()).services[0].environments[0]);
    const byDigest = annotations(configFrom(edit(minimalDocument(), 'services.auth.image', digest)).services[0].environments[0]);
    expect(Object.values(byTag).filter((value) => value.startsWith('CKV_K8S_43='))).toHaveLength(1);
    expect(Object.values(byDigest).filter((value) => value.startsWith('CKV_K8S_43='))).toEqual([]);
  });

  test.each([
    [1, 'horizontalpodautoscaler-replicas'],
    [2, undefined],
  ])("skips kube-score's HPA replica check only where the config's minimum is one (minReplicas %i)", (minReplicas, ignored) => {
    const document = edit(minimalDocument(), 'services.auth.autoscaling', { minReplicas, maxReplicas: 6 });
    const [hpa] = find(synth(configFrom(document).services[0].environments[0]), 'HorizontalPodAutoscaler');
    expect(hpa.metadata.annotations?.['kube-score/ignore']).toBe(ignored);
  });
});

describe('the network policy of a service behind a target group', () => {
  test("opens the service's pod port, on its own pods, to the load balancers' blocks alone", () => {
    const policies = find(synth(production), 'NetworkPolicy');
    expect(policies).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: expect.objectContaining({ name: 'auth-from-load-balancers', namespace: 'production' }),
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'auth', 'app.kubernetes.io/instance': 'auth-production' } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ ipBlock: { cidr: '10.0.0.0/24' } }, { ipBlock: { cidr: '10.0.1.0/24' } }],
              ports: [{ protocol: 'TCP', port: 8080 }],
            },
          ],
        },
      },
    ]);
  });

  test('refuses a target group without the blocks its load balancer sends from', () => {
    expect(
      () =>
        new ServiceChart(Testing.app(), 'chart', {
          entry: production,
          priorityClassName: 'kubeshift-production',
          targetGroup: serviceTargetGroup('shop', VPC, 'blue', production),
        }),
    ).toThrow('auth/production: a target group needs loadBalancerCidrs');
  });
});
