import { Duration, NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { ServiceChart } from '../charts';
import { loadBalancerParameterName } from '../domain/naming';

/** How long a new Service may take to get its load balancer's hostname. */
export const LOAD_BALANCER_WAIT = Duration.minutes(10);

export interface ServiceWorkloadsStackProps extends NestedStackProps {
  readonly app: string;
  /** Cluster name in the config (`blue`). */
  readonly clusterName: string;
  readonly cluster: eks.Cluster;
  readonly service: string;
  /** The service's chart per environment on this cluster. */
  readonly charts: ReadonlyMap<string, ServiceChart>;
}

/**
 * One service's manifests on one cluster, in all its environments, plus the hostname of each
 * environment's load balancer published for the DNS stack. A nested stack per service keeps
 * each template small however large the fleet grows, and a service never moves between stacks
 * (a move would delete its objects from the cluster).
 */
export class ServiceWorkloadsStack extends NestedStack {
  /** The applied manifest per environment. */
  readonly manifests: ReadonlyMap<string, eks.KubernetesManifest>;

  constructor(scope: Construct, id: string, props: ServiceWorkloadsStackProps) {
    super(scope, id, props);
    const manifests = new Map<string, eks.KubernetesManifest>();
    for (const [environment, chart] of props.charts) {
      const manifest = new eks.KubernetesManifest(this, `${environment}-Manifest`, {
        cluster: props.cluster,
        manifest: chart.toJson(),
        // Removing a Deployment or Service from the chart removes it from the cluster too.
        prune: true,
      });
      manifests.set(environment, manifest);

      const hostname = new eks.KubernetesObjectValue(this, `${environment}-LoadBalancer`, {
        cluster: props.cluster,
        objectType: 'service',
        objectName: props.service,
        objectNamespace: environment,
        jsonPath: '.status.loadBalancer.ingress[0].hostname',
        timeout: LOAD_BALANCER_WAIT,
      });
      hostname.node.addDependency(manifest);

      new ssm.StringParameter(this, `${environment}-LoadBalancerParameter`, {
        parameterName: loadBalancerParameterName(props.app, props.clusterName, environment, props.service),
        stringValue: hostname.value,
        description: `Load balancer of ${props.service} in ${environment} on cluster ${props.clusterName} (read by the DNS stack)`,
      });
    }
    this.manifests = manifests;
  }
}
