import { ApiObject, Chart, Duration, JsonPatch, Size, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { Resources, ServiceEnvironment } from '../config';
import { drainTimings } from '../domain/edge/draining';
import { TARGET_TYPE, type ServiceTargetGroup } from '../domain/edge/target-group';
import { HOST_TOPOLOGY_KEY, MANAGED_BY, ZONE_TOPOLOGY_KEY, serviceSelector } from './labels';

const { k8s } = kplus;

/** The port of each service's ClusterIP Service: what in-cluster clients and the TargetGroupBinding address. */
export const SERVICE_PORT = 80;
/** Seconds between probes; the startup probe's budget is counted in these. */
const PROBE_PERIOD_SECONDS = 10;
/**
 * The AWS Load Balancer Controller's TargetGroupBinding: `spec.targetGroupName` since v2.11,
 * `spec.vpcID` since v2.8; the cluster runs v2.17.1 (constructs/shared-cluster.ts). Schema in
 * test/crds/ (vendored from the controller's Helm chart), docs at
 * https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/
 */
export const TARGET_GROUP_BINDING = { apiVersion: 'elbv2.k8s.aws/v1beta1', kind: 'TargetGroupBinding' } as const;

export interface ServiceChartProps extends ChartProps {
  /** The service in one environment, as the config resolved it. */
  readonly entry: ServiceEnvironment;
  /** PriorityClass of the environment (from its EnvironmentChart). */
  readonly priorityClassName: string;
  /**
   * The target group the cluster stack made for this service: its pods are registered there.
   * @default - no TargetGroupBinding (a pull-request preview, reached through the shared preview Ingress)
   */
  readonly targetGroup?: ServiceTargetGroup;
}

/**
 * One service in one environment: ClusterIP Service, TargetGroupBinding, Deployment, HPA and PDB,
 * named after the service in the environment's namespace, so `kubectl -n production get deploy
 * auth` works (the binding is named after its target group). The load balancer is CloudFormation's
 * (lib/); the AWS Load Balancer Controller only registers the pods in its target group.
 *
 * The Service and the binding come before the Deployment: the controller's webhook gives a pod its
 * readiness gate only if, when the pod is created, a binding refers to a Service that selects it
 * (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/).
 */
export class ServiceChart extends Chart {
  constructor(scope: Construct, id: string, props: ServiceChartProps) {
    const { entry } = props;
    super(scope, id, { ...props, namespace: entry.environment, labels: { ...MANAGED_BY, ...props.labels } });
    const selector = serviceSelector(entry.service, entry.environment);
    const drain = drainTimings(entry.shutdownSeconds);

    new kplus.Service(this, 'Service', {
      metadata: { name: entry.service },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: entry.port }],
      // Readable labels, not cdk8s-plus's construct-path hash: kubectl and people read this.
      selector: kplus.Pods.select(this, 'Pods', { labels: selector }),
    });

    if (props.targetGroup) {
      // No spec.networking: the controller then changes no security group; the stack opens the pod port to the load balancers.
      new ApiObject(this, 'TargetGroupBinding', {
        ...TARGET_GROUP_BINDING,
        metadata: { name: props.targetGroup.name },
        spec: {
          targetGroupName: props.targetGroup.name,
          targetType: TARGET_TYPE,
          vpcID: props.targetGroup.vpcId,
          serviceRef: { name: entry.service, port: SERVICE_PORT },
        },
      });
    }

    const runsAsNonRoot = entry.securityContext.runAsUser !== 0;
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
      // Numeric ids: runAsNonRoot can only be checked against a number (an image whose USER is a name
      // would stop in CreateContainerConfigError). Root only where the environment's level is baseline.
      securityContext: {
        ensureNonRoot: runsAsNonRoot,
        user: entry.securityContext.runAsUser,
        group: entry.securityContext.runAsGroup,
        fsGroup: entry.securityContext.fsGroup,
      },
      automountServiceAccountToken: false,
      // Above the pre-stop delay plus the app's own shutdown, so SIGKILL never cuts a response short.
      terminationGracePeriod: Duration.seconds(drain.terminationGracePeriodSeconds),
    });
    deployment.select(kplus.LabelSelector.of({ labels: selector }));

    const probe = { port: entry.port, periodSeconds: Duration.seconds(PROBE_PERIOD_SECONDS), timeoutSeconds: Duration.seconds(2) };
    const scheme = entry.probes.scheme === 'HTTPS' ? kplus.ConnectionScheme.HTTPS : kplus.ConnectionScheme.HTTP;
    const container = deployment.addContainer({
      name: entry.service,
      image: entry.image,
      command: entry.command ? [...entry.command] : undefined,
      args: entry.args ? [...entry.args] : undefined,
      envVariables: Object.fromEntries(Object.entries(entry.env).map(([name, value]) => [name, kplus.EnvValue.fromValue(value)])),
      ports: [{ number: entry.port, name: 'http' }],
      // Readiness on the service's health path: it takes the pod out of its target group.
      readiness: kplus.Probe.fromHttpGet(entry.healthCheckPath, { ...probe, scheme, failureThreshold: 3 }),
      // Liveness never on the readiness path: a dependency's outage would restart every pod at once.
      liveness:
        entry.probes.liveness.kind === 'tcp'
          ? kplus.Probe.fromTcpSocket({ ...probe, failureThreshold: 6 })
          : kplus.Probe.fromHttpGet(entry.probes.liveness.path, { ...probe, scheme, failureThreshold: 6 }),
      // Until the app answers once, liveness waits: a slow starter is not restarted in a loop.
      startup: kplus.Probe.fromHttpGet(entry.healthCheckPath, {
        ...probe,
        scheme,
        failureThreshold: Math.ceil(entry.probes.startupSeconds / PROBE_PERIOD_SECONDS),
      }),
      resources: containerResources(entry),
      securityContext: {
        ensureNonRoot: runsAsNonRoot,
        user: entry.securityContext.runAsUser,
        group: entry.securityContext.runAsGroup,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    });
    // The root filesystem is read-only: each writable path is an emptyDir of its size.
    entry.writablePaths.forEach(({ path, sizeMebibytes }, i) => {
      const name = path === '/tmp' ? 'tmp' : `writable-${i}`;
      container.mount(path, kplus.Volume.fromEmptyDir(this, name, name, { sizeLimit: Size.mebibytes(sizeMebibytes) }));
    });

    const pod = ApiObject.of(deployment);
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName));
    // A terminating pod keeps serving until the controller has deregistered it and the load balancer
    // stops sending (domain/edge/draining.ts). The sleep action needs no binary in the image; it is on
    // by default since Kubernetes 1.30 and GA in 1.34 (KEP-3960), so every version the config accepts has it.
    pod.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/lifecycle', { preStop: { sleep: { seconds: drain.preStopSeconds } } }),
    );
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    // Both spreads count only nodes the pod may run on (`nodeTaintsPolicy: Honor`): a cordoned or
    // unreachable zone's nodes are tainted, stop being a domain, and its pods may move to the zones
    // left. `matchLabelKeys: [pod-template-hash]` spreads each rollout's pods on their own instead of
    // against the old ReplicaSet's (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/).
    const spread = {
      maxSkew: 1,
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ['pod-template-hash'],
      nodeTaintsPolicy: 'Honor',
    };
    pod.addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        // Zones are a hard rule: losing one zone never takes a whole service down.
        { ...spread, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: 'DoNotSchedule' },
        // Hosts are a preference: packing stays possible on a small cluster.
        { ...spread, topologyKey: HOST_TOPOLOGY_KEY, whenUnsatisfiable: 'ScheduleAnyway' },
      ]),
    );

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
