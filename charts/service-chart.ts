import { ApiObject, Chart, Duration, JsonPatch, Size, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { Resources, ServiceEnvironment } from '../config';
import { HOST_TOPOLOGY_KEY, MANAGED_BY, ZONE_TOPOLOGY_KEY, serviceSelector } from './labels';

const { k8s } = kplus;

/** The port each service's load balancer listens on (TLS ends before it, at the edge). */
export const LOAD_BALANCER_PORT = 80;
/** Writable scratch space for apps on a read-only root filesystem. */
export const TMP_VOLUME_SIZE = Size.mebibytes(64);

/**
 * Annotations of the AWS Load Balancer Controller: an internet-facing NLB that sends to pod IPs
 * and balances across zones, health-checked on the service's own path.
 * https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/
 */
export function loadBalancerAnnotations(healthCheckPath: string): Record<string, string> {
  return {
    'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
    'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
    'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
    'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol': 'http',
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': healthCheckPath,
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': 'traffic-port',
  };
}

/** The Service `loadBalancerClass` that the AWS Load Balancer Controller, not the in-tree one, serves. */
export const LOAD_BALANCER_CLASS = 'service.k8s.aws/nlb';

export interface ServiceChartProps extends ChartProps {
  /** The service in one environment, as the config resolved it. */
  readonly entry: ServiceEnvironment;
  /** PriorityClass of the environment (from its EnvironmentChart). */
  readonly priorityClassName: string;
}

/**
 * One service in one environment: Deployment, LoadBalancer Service, HPA and PDB, all named after
 * the service in the environment's namespace, so `kubectl -n production get deploy auth` works.
 */
export class ServiceChart extends Chart {
  constructor(scope: Construct, id: string, props: ServiceChartProps) {
    const { entry } = props;
    super(scope, id, { ...props, namespace: entry.environment, labels: { ...MANAGED_BY, ...props.labels } });
    const selector = serviceSelector(entry.service, entry.environment);

    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: entry.service },
      select: false,
      podMetadata: { labels: selector },
      replicas: entry.autoscaling ? undefined : entry.replicas,
      // Never below the desired count while rolling: new pods come up before old ones go.
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      securityContext: { ensureNonRoot: true },
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(30),
    });
    deployment.select(kplus.LabelSelector.of({ labels: selector }));

    const probe = { port: entry.port, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2) };
    const container = deployment.addContainer({
      name: entry.service,
      image: entry.image,
      ports: [{ number: entry.port, name: 'http' }],
      readiness: kplus.Probe.fromHttpGet(entry.healthCheckPath, { ...probe, failureThreshold: 3 }),
      liveness: kplus.Probe.fromHttpGet(entry.healthCheckPath, {
        ...probe,
        initialDelaySeconds: Duration.seconds(15),
        failureThreshold: 6,
      }),
      resources: containerResources(entry),
      securityContext: {
        ensureNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    });
    container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: TMP_VOLUME_SIZE }));

    const pod = ApiObject.of(deployment);
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName));
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    pod.addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        // Zones are a hard rule: losing one zone never takes a whole service down.
        { maxSkew: 1, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } },
        // Hosts are a preference: packing stays possible on a small cluster.
        { maxSkew: 1, topologyKey: HOST_TOPOLOGY_KEY, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
      ]),
    );

    const service = new kplus.Service(this, 'Service', {
      metadata: { name: entry.service, annotations: loadBalancerAnnotations(entry.healthCheckPath) },
      type: kplus.ServiceType.LOAD_BALANCER,
      ports: [{ name: 'http', port: LOAD_BALANCER_PORT, targetPort: entry.port }],
      // Readable labels, not cdk8s-plus's construct-path hash: kubectl and people read this.
      selector: kplus.Pods.select(this, 'Pods', { labels: selector }),
    });
    ApiObject.of(service).addJsonPatch(JsonPatch.add('/spec/loadBalancerClass', LOAD_BALANCER_CLASS));

    if (entry.autoscaling) {
      new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata: { name: entry.service },
        target: deployment,
        minReplicas: entry.autoscaling.minReplicas,
        maxReplicas: entry.autoscaling.maxReplicas,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(entry.autoscaling.targetCpuUtilization))],
      });
    }

    // maxUnavailable 1, not minAvailable: at the HPA minimum (even 1 replica) a drain still proceeds.
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: entry.service },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
  }
}

function containerResources(entry: ServiceEnvironment): kplus.ContainerResources {
  const { requests, limits } = entry.podResources;
  // An empty spec, not undefined: cdk8s-plus would otherwise apply hidden defaults.
  if (!requests || !limits) return {};
  const cpu = (resources: Resources) => kplus.Cpu.millis(resources.cpuMillis);
  const memory = (resources: Resources) => Size.mebibytes(resources.memoryMebibytes);
  return {
    cpu: { request: cpu(requests), limit: cpu(limits) },
    memory: { request: memory(requests), limit: memory(limits) },
  };
}
