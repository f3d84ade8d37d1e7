import { Duration, NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { ServiceChart } from '../charts';
import type { ServiceEnvironment } from '../config';
import { ServiceTarget, type EnvironmentLoadBalancer } from '../constructs';
import { drainTimings } from '../domain/edge/draining';
import type { ServiceTargetGroup } from '../domain/edge/target-group';

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
}

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

  constructor(scope: Construct, id: string, props: ServiceWorkloadsStackProps) {
    super(scope, id, props);
    const manifests = new Map<string, eks.KubernetesManifest>();
    const serviceTargets = new Map<string, ServiceTarget>();
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
      const manifest = new eks.KubernetesManifest(this, `${environment}-Manifest`, {
        cluster: props.cluster,
        manifest: edge.chart.toJson(),
        // Removing a Deployment or Service from the chart removes it from the cluster too.
        prune: true,
      });
      // The binding names the target group: created after it, and deleted (its pods deregistered) before it.
      manifest.node.addDependency(target.targetGroup);
      manifests.set(environment, manifest);
      serviceTargets.set(environment, target);
    }
    this.manifests = manifests;
    this.targets = serviceTargets;
  }
}
