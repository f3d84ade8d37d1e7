import { ApiObject, Chart, Duration, JsonPatch, Size, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { needsAwsIdentity, type Resources, type ServiceEnvironment } from '../config';
import { drainTimings } from '../domain/edge/draining';
import { containerEphemeralStorageMebibytes } from '../domain/ephemeral-storage';
import { TARGET_TYPE, type ServiceTargetGroup } from '../domain/edge/target-group';
import { loadBalancerPolicyName, secretProviderClassName, serviceAccountName, syncedSecretName } from '../domain/naming';
import { allowServing } from './network-policy';
import { HOST_TOPOLOGY_KEY, MANAGED_BY, ZONE_TOPOLOGY_KEY, serviceSelector } from './labels';
import { scannerSkipAnnotations, type ScannerSkip } from './scanner-skips';
import { SECRET_PROVIDER_CLASS, SECRETS_MOUNT_PATH, SECRETS_STORE_CSI_DRIVER, secretProvider } from './secret-provider';

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
  /**
   * IPv4 blocks the load balancer sends from (the VPC's public subnets): only they may reach the
   * pod port past the namespace's default-deny policy. Required with `targetGroup`.
   * @default - none (no target group)
   */
  readonly loadBalancerCidrs?: readonly string[];
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
      if (!props.loadBalancerCidrs) throw new Error(`${entry.service}/${entry.environment}: a target group needs loadBalancerCidrs`);
      // In the service's chart, not the environment's: one policy per service would make the
      // environment's manifest, in the cluster stack's own template, grow with the fleet.
      allowServing(this, 'FromLoadBalancers', {
        namespace: entry.environment,
        name: loadBalancerPolicyName(entry.service),
        selector,
        port: entry.port,
        fromCidrs: props.loadBalancerCidrs,
      });
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

    // A service with secrets or permissions of its own runs as its own ServiceAccount, which the
    // cluster stack's Pod Identity association binds to its role. Its token stays unmounted: the
    // EKS Pod Identity webhook projects a token of its own for the SDKs, and ASCP requests one
    // through the TokenRequest API (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html).
    const serviceAccount = needsAwsIdentity(entry)
      ? new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: { name: serviceAccountName(entry.service) }, automountToken: false })
      : undefined;
    const hasSecrets = Object.keys(entry.secrets).length > 0;
    if (hasSecrets) {
      const provider = secretProvider(entry.secrets);
      new ApiObject(this, 'SecretProviderClass', {
        ...SECRET_PROVIDER_CLASS,
        metadata: { name: secretProviderClassName(entry.service) },
        spec: {
          provider: 'aws',
          parameters: provider.parameters,
          secretObjects: [{ secretName: syncedSecretName(entry.service), type: 'Opaque', data: provider.data }],
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
      serviceAccount,
      // Above the pre-stop delay plus the app's own shutdown, so SIGKILL never cuts a response short.
      terminationGracePeriod: Duration.seconds(drain.terminationGracePeriodSeconds),
    });
    deployment.select(kplus.LabelSelector.of({ labels: selector }));
    for (const [key, value] of Object.entries(scannerSkipAnnotations(deploymentScannerSkips(entry)))) {
      deployment.metadata.addAnnotation(key, value);
    }

    const probe = { port: entry.port, periodSeconds: Duration.seconds(PROBE_PERIOD_SECONDS), timeoutSeconds: Duration.seconds(2) };
    const scheme = entry.probes.scheme === 'HTTPS' ? kplus.ConnectionScheme.HTTPS : kplus.ConnectionScheme.HTTP;
    const container = deployment.addContainer({
      name: entry.service,
      image: entry.image,
      command: entry.command ? [...entry.command] : undefined,
      args: entry.args ? [...entry.args] : undefined,
      envVariables: {
        ...Object.fromEntries(Object.entries(entry.env).map(([name, value]) => [name, kplus.EnvValue.fromValue(value)])),
        ...secretVariables(this, entry),
      },
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

    // The CSI volume is what makes the driver fetch the secrets and sync its Secret: mounted even
    // though the app reads variables. The restricted Pod Security level admits csi volumes
    // (https://kubernetes.io/docs/concepts/security/pod-security-standards/, "Volume Types").
    if (hasSecrets) {
      const volume = kplus.Volume.fromCsi(this, 'secrets-store', SECRETS_STORE_CSI_DRIVER, {
        name: 'secrets-store',
        readOnly: true,
        attributes: { secretProviderClass: secretProviderClassName(entry.service) },
      });
      container.mount(SECRETS_MOUNT_PATH, volume, { readOnly: true });
    }

    const pod = ApiObject.of(deployment);
    // Its writable paths and its logs, reserved as they may be used: past it the kubelet evicts this pod, not its
    // neighbours. A patch: cdk8s-plus takes ephemeral storage in whole gibibytes only; a Quantity, as a plain string there comes out null.
    const storage = k8s.Quantity.fromString(
      `${containerEphemeralStorageMebibytes(entry.writablePaths.map(({ sizeMebibytes }) => sizeMebibytes))}Mi`,
    );
    const resources = '/spec/template/spec/containers/0/resources';
    if (entry.podResources.requests && entry.podResources.limits) {
      pod.addJsonPatch(JsonPatch.add(`${resources}/requests/ephemeral-storage`, storage));
      pod.addJsonPatch(JsonPatch.add(`${resources}/limits/ephemeral-storage`, storage));
    } else {
      pod.addJsonPatch(JsonPatch.add(resources, { requests: { 'ephemeral-storage': storage }, limits: { 'ephemeral-storage': storage } }));
    }
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
        metadata: {
          name: entry.service,
          // A minimum of one is the config's choice (staging, previews): cost over availability.
          annotations: scannerSkipAnnotations(
            entry.autoscaling.minReplicas < 2
              ? [{ tool: 'kube-score', check: 'horizontalpodautoscaler-replicas', reason: 'minReplicas 1 is set in the config' }]
              : [],
          ),
        },
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

/** Each secret variable from the Secret the CSI driver syncs (named in domain/naming.ts). */
function secretVariables(scope: Construct, entry: ServiceEnvironment): Record<string, kplus.EnvValue> {
  const names = Object.keys(entry.secrets);
  if (names.length === 0) return {};
  const secret = kplus.Secret.fromSecretName(scope, 'SyncedSecret', syncedSecretName(entry.service));
  return Object.fromEntries(names.map((name) => [name, kplus.EnvValue.fromSecretValue({ secret, key: name })]));
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

/** The ids both scanners take as clear of a node's own users (ec2-user is 1000 on the EKS AMIs). */
const SCANNER_HIGH_ID = 10000;

/** Findings of checkov and kube-score that stand on a service's Deployment by design, each with why. */
function deploymentScannerSkips(entry: ServiceEnvironment): ScannerSkip[] {
  const skips: ScannerSkip[] = [
    {
      tool: 'kube-score',
      check: 'deployment-has-host-podantiaffinity',
      reason:
        'Hosts are spread by a ScheduleAnyway topology constraint, which kube-score does not read; a hard anti-affinity would block packing',
    },
  ];
  const { runAsUser, runAsGroup } = entry.securityContext;
  if (runAsUser < SCANNER_HIGH_ID || runAsGroup < SCANNER_HIGH_ID) {
    // The config's ids (default 1000, the USER of the official Node.js images): an image's files must stay readable to them.
    const reason = `runAsUser ${runAsUser} and runAsGroup ${runAsGroup} are the ids services.${entry.service}.securityContext gives`;
    skips.push({ tool: 'kube-score', check: 'container-security-context-user-group-id', reason });
    if (runAsUser < SCANNER_HIGH_ID) skips.push({ tool: 'checkov', check: 'CKV_K8S_40', reason });
  }
  if (Object.keys(entry.secrets).length > 0) {
    skips.push({
      tool: 'checkov',
      check: 'CKV_K8S_35',
      reason: `services.${entry.service}.secrets are variables, as the app read them on Beanstalk; files would need the app changed`,
    });
  }
  if (!entry.image.includes('@sha256:')) {
    skips.push({
      tool: 'checkov',
      check: 'CKV_K8S_43',
      reason: `services.${entry.service}.image names a tag; a digest there is the config's choice and passes this check`,
    });
  }
  return skips;
}
