import { createHash } from 'node:crypto';
import { Duration, Fn, NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { RunningImageChart, type ServiceChart } from '../charts';
import { needsAwsIdentity, type ServiceEnvironment } from '../config';
import { ServiceIdentity, ServiceTarget, type EnvironmentLoadBalancer } from '../constructs';
import { drainTimings } from '../domain/edge/draining';
import type { ServiceTargetGroup } from '../domain/edge/target-group';
import { RUNNING_IMAGE_KEY, runningImageConfigMapName, serviceAccountName } from '../domain/naming';

/** One environment of a service on the cluster: its chart and where the load balancer sends its traffic. */
export interface ServiceEnvironmentEdge {
  /** The service in the environment, as the config resolved it. */
  readonly entry: ServiceEnvironment;
  /** Its manifests. */
  readonly chart: ServiceChart;
  /** The target group its TargetGroupBinding names. */
  readonly targetGroup: ServiceTargetGroup;
  /** The environment's load balancer of the service's group. */
  readonly loadBalancer: EnvironmentLoadBalancer;
  /** Its rule's priority on that load balancer's HTTPS listener. */
  readonly rulePriority: number;
}

export interface ServiceWorkloadsStackProps extends NestedStackProps {
  /** Cluster name in the config (`blue`). */
  readonly clusterName: string;
  readonly cluster: eks.Cluster;
  readonly service: string;
  /** Each environment of the service on this cluster, by environment name. */
  readonly environments: ReadonlyMap<string, ServiceEnvironmentEdge>;
  readonly vpc: ec2.IVpc;
  /** The hosted zone of the per-target names. */
  readonly zone: route53.IHostedZone;
  /**
   * The environments whose image delivery sets (deploy on green), with the config's image: there
   * the running image is read from the cluster when the service is applied.
   * @default - none: the config's image is applied everywhere
   */
  readonly deliveredImages?: ReadonlyMap<string, string>;
}

/** How long reading a running image may take (the ConfigMap exists: it is created just before). */
export const RUNNING_IMAGE_WAIT = Duration.minutes(2);
/** Separates the running image from the hash the JSONPath appends (no image reference holds it). */
const HASH_SEPARATOR = '#';

/**
 * One service on one cluster, in all its environments: the manifests, and per environment the
 * target group, host rule and per-target name on the environment's load balancer. A nested
 * stack per service keeps each template small however large the fleet grows, and a service
 * never moves between stacks (a move would delete its objects from the cluster).
 */
export class ServiceWorkloadsStack extends NestedStack {
  /** The applied manifest per environment. */
  readonly manifests: ReadonlyMap<string, eks.KubernetesManifest>;
  /** The load-balancer side per environment. */
  readonly targets: ReadonlyMap<string, ServiceTarget>;
  /** The AWS identity per environment, where the service has secrets or permissions of its own. */
  readonly identities: ReadonlyMap<string, ServiceIdentity>;

  constructor(scope: Construct, id: string, props: ServiceWorkloadsStackProps) {
    super(scope, id, props);
    const manifests = new Map<string, eks.KubernetesManifest>();
    const serviceTargets = new Map<string, ServiceTarget>();
    const identities = new Map<string, ServiceIdentity>();
    for (const [environment, edge] of props.environments) {
      const { entry } = edge;
      const target = new ServiceTarget(this, `${environment}-Target`, {
        vpc: props.vpc,
        loadBalancer: edge.loadBalancer.loadBalancer,
        listener: edge.loadBalancer.httpsListener,
        targetGroup: edge.targetGroup,
        healthCheckPath: entry.healthCheckPath,
        deregistrationDelay: Duration.seconds(drainTimings(entry.shutdownSeconds).deregistrationDelaySeconds),
        priority: edge.rulePriority,
        hostNames: [entry.recordName, entry.clusterRecordNames[props.clusterName]],
        zone: props.zone,
        recordName: entry.clusterRecordNames[props.clusterName],
      });
      const configImage = props.deliveredImages?.get(environment);
      const objects = edge.chart.toJson();
      const running = configImage && this.runningImage(props, environment, configImage, objects);
      const manifest = new eks.KubernetesManifest(this, `${environment}-Manifest`, {
        cluster: props.cluster,
        manifest: running ? withImage(objects, props.service, running.image) : objects,
        // Removing a Deployment or Service from the chart removes it from the cluster too.
        prune: true,
      });
      // The binding names the target group: created after it, and deleted (its pods deregistered) before it.
      manifest.node.addDependency(target.targetGroup);
      if (running) manifest.node.addDependency(running.value);
      if (needsAwsIdentity(entry)) {
        const identity = new ServiceIdentity(this, `${environment}-Identity`, {
          cluster: props.cluster,
          namespace: environment,
          serviceAccount: serviceAccountName(props.service),
          secrets: entry.secrets,
          permissions: entry.iam,
        });
        // EKS gives a pod credentials when it is created, if its ServiceAccount has an association then
        // (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html): the association comes first.
        manifest.node.addDependency(identity.association);
        identities.set(environment, identity);
      }
      manifests.set(environment, manifest);
      serviceTargets.set(environment, target);
    }
    this.manifests = manifests;
    this.targets = serviceTargets;
    this.identities = identities;
  }

  /**
   * The image a delivered service runs, read from the cluster when its manifest is applied.
   * aws-eks-v2 applies an updated manifest with a client-side `kubectl apply`, which sets every
   * field whose configured value differs from the live one
   * (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-apply-calculates-differences-and-merges-changes):
   * with the config's image in it, any later deploy of the service would roll a delivered commit
   * back. So its image is the value of the running-image ConfigMap (created with the config's
   * image, so the config decides the first deploy). A custom resource is read again only when
   * its properties change, so the JSONPath ends with a literal hash of the rendered service
   * (JSONPath quotes text in double quotes, https://kubernetes.io/docs/reference/kubectl/jsonpath/):
   * every change of the service reads the running image anew; an unchanged service is not applied.
   */
  private runningImage(props: ServiceWorkloadsStackProps, environment: string, configImage: string, objects: unknown[]) {
    const source = new eks.KubernetesManifest(this, `${environment}-RunningImageSource`, {
      cluster: props.cluster,
      manifest: new RunningImageChart(new App(), `running-image-${props.service}-${environment}`, {
        service: props.service,
        environment,
        configImage,
      }).toJson(),
    });
    const hash = createHash('sha256').update(JSON.stringify(objects)).digest('hex').slice(0, 16);
    const value = new eks.KubernetesObjectValue(this, `${environment}-RunningImage`, {
      cluster: props.cluster,
      objectType: 'configmap',
      objectName: runningImageConfigMapName(props.service),
      objectNamespace: environment,
      // aws-eks-v2's handler wraps this in braces: {.data.image}{"#<hash>"}
      jsonPath: `.data.${RUNNING_IMAGE_KEY}}{"${HASH_SEPARATOR}${hash}"`,
      timeout: RUNNING_IMAGE_WAIT,
    });
    value.node.addDependency(source);
    return { value, image: Fn.select(0, Fn.split(HASH_SEPARATOR, value.value)) };
  }
}

/** The rendered objects with the service container's image replaced (a token read at deploy time). */
function withImage(objects: unknown[], container: string, image: string): unknown[] {
  return objects.map((object) => {
    const candidate = object as { kind?: string; spec?: { template?: { spec?: { containers?: { name: string; image: string }[] } } } };
    if (candidate.kind !== 'Deployment') return object;
    const copy = structuredClone(candidate);
    for (const entry of copy.spec?.template?.spec?.containers ?? []) if (entry.name === container) entry.image = image;
    return copy;
  });
}
