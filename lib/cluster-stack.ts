import { Annotations, Aspects, Stack, type StackProps } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import type { Construct } from 'constructs';
import { DnsAutoscalerChart, EnvironmentChart, PreviewPolicyChart, ServiceChart } from '../charts';
import { serviceEnvironmentsOn, type ClusterConfig, type KubeshiftConfig } from '../config';
import { SharedCluster, importVpc } from '../constructs';
import { bundledCatalog, controlPlanePrice } from '../domain/cost/catalog';
import { nodeGroupCapacityShortfalls } from '../domain/cost/planner';
import { eksClusterName } from '../domain/naming';
import { PublicEndpointRule } from './public-endpoint-rule';
import { ServiceWorkloadsStack } from './service-workloads-stack';

export interface ClusterStackProps extends StackProps {
  /** The whole config: environments and services decide what runs on the cluster. */
  readonly config: KubeshiftConfig;
  /** The cluster this stack builds. */
  readonly cluster: ClusterConfig;
  /** The day synth runs (YYYY-MM-DD, UTC): a version past EKS standard support is warned about. */
  readonly today: string;
}

/**
 * A cdk8s App of its own for each chart. Rendering a chart (`toJson`) resolves and validates the
 * whole App it belongs to, so charts sharing one App made synth quadratic in the fleet's size;
 * nothing crosses charts (their order is the stacks' dependencies), so each stands alone.
 * cdk8s never writes files here: the manifests are rendered into the templates and by bin/app.ts.
 */
function chartScope(): cdk8s.App {
  return new cdk8s.App({ outdir: '.', outputFileExtension: '.k8s.yaml' });
}

/**
 * One immutable EKS cluster in the existing VPC and everything applied to it: each environment's
 * namespace policy, CoreDNS scaling, and every service whose weights name this cluster. To change
 * the cluster itself, add a new one to the config and move traffic to it.
 */
export class ClusterStack extends Stack {
  readonly sharedCluster: SharedCluster;
  /** Cluster name in the config (`blue`). */
  readonly clusterName: string;
  /** Every chart applied to the cluster, in apply order: also written as YAML at synth. */
  readonly charts: readonly cdk8s.Chart[];
  /** Per-service nested stacks, by service name. */
  readonly services: ReadonlyMap<string, ServiceWorkloadsStack>;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { config, cluster } = props;
    this.clusterName = cluster.name;

    this.sharedCluster = new SharedCluster(this, 'SharedCluster', {
      clusterName: eksClusterName(config.app, cluster.name),
      kubernetesVersion: cluster.kubernetesVersion,
      vpc: importVpc(this, 'Vpc', config.vpc),
      nodeGroups: cluster.nodeGroups,
      adminRoleArns: config.adminRoleArns,
      publicEndpointCidrs: cluster.publicEndpointCidrs,
    });
    const eksCluster = this.sharedCluster.cluster;
    const charts: cdk8s.Chart[] = [];

    // The cluster that hosts pull-request previews gets their PriorityClass (cluster-scoped, so
    // the delivery handler, confined to preview namespaces, could not create it).
    if (config.delivery?.previews?.cluster === cluster.name) {
      const previewChart = new PreviewPolicyChart(chartScope(), 'preview-policy');
      eksCluster.addCdk8sChart('PreviewPolicy', previewChart);
      charts.push(previewChart);
    }

    const dnsChart = new DnsAutoscalerChart(chartScope(), 'dns-autoscaler', { params: cluster.dnsAutoscaler });
    eksCluster.addCdk8sChart('DnsAutoscaler', dnsChart).node.addDependency(this.sharedCluster.coreDns);
    charts.push(dnsChart);

    const onCluster = serviceEnvironmentsOn(config, cluster.name);
    const environmentCharts = new Map<string, EnvironmentChart>();
    const environmentManifests = [];
    for (const environment of config.environments) {
      const chart = new EnvironmentChart(chartScope(), `environment-${environment.name}`, {
        environment,
        services: onCluster.filter((entry) => entry.environment === environment.name),
      });
      environmentCharts.set(environment.name, chart);
      environmentManifests.push(eksCluster.addCdk8sChart(`Environment-${environment.name}`, chart));
      charts.push(chart);
    }

    // Service charts grouped by service, in config order: one nested stack each.
    const chartsByService = new Map<string, Map<string, ServiceChart>>();
    for (const entry of onCluster) {
      const chart = new ServiceChart(chartScope(), `service-${entry.service}-${entry.environment}`, {
        entry,
        priorityClassName: environmentCharts.get(entry.environment)!.priorityClassName,
      });
      if (!chartsByService.has(entry.service)) chartsByService.set(entry.service, new Map());
      chartsByService.get(entry.service)!.set(entry.environment, chart);
      charts.push(chart);
    }

    const services = new Map<string, ServiceWorkloadsStack>();
    for (const [service, serviceCharts] of chartsByService) {
      const workloads = new ServiceWorkloadsStack(this, `Service-${service}`, {
        app: config.app,
        clusterName: cluster.name,
        cluster: eksCluster,
        service,
        charts: serviceCharts,
        deliveredImages: deliveredImages(config, service, [...serviceCharts.keys()]),
        description: `kubeshift: ${service} on cluster ${cluster.name}`,
      });
      // Namespaces first; on teardown, Services (and so their load balancers) go before the controller.
      workloads.node.addDependency(...environmentManifests, this.sharedCluster.loadBalancerController);
      services.set(service, workloads);
    }
    this.charts = charts;
    this.services = services;
    this.warnOnCapacityShortfall(config, cluster.name);
    this.warnOnExtendedSupport(cluster, props.today);
    Aspects.of(this).add(new PublicEndpointRule(cluster.publicEndpointCidrs, `clusters.${cluster.name}.endpoint.publicCidrs`));
  }

  /**
   * A cluster on a version past EKS standard support still deploys, but its control plane is
   * billed at the extended-support rate and EKS upgrades it in place when extended support ends:
   * against the immutable-cluster model, so the warning says to create a newer cluster instead.
   */
  private warnOnExtendedSupport(cluster: ClusterConfig, today: string): void {
    const field = `clusters.${cluster.name}.kubernetesVersion`;
    const price = controlPlanePrice(bundledCatalog(), cluster.kubernetesVersion, today, field);
    if (price.support !== 'extended') return;
    Annotations.of(this).addWarningV2(
      'kubeshift:extendedSupport',
      `${field}: Kubernetes ${cluster.kubernetesVersion} left EKS standard support on ${price.standardSupportEnds}: the control plane is billed at the extended-support rate (${price.hourlyPrice} USD/h) and EKS upgrades it in place when extended support ends; create a cluster on a newer version and move traffic to it`,
    );
  }

  /** A warning, not an error: the cluster still deploys, but HPA scale-out would leave pods pending. */
  private warnOnCapacityShortfall(config: KubeshiftConfig, clusterName: string): void {
    let shortfalls;
    try {
      shortfalls = nodeGroupCapacityShortfalls(config, clusterName);
    } catch (error) {
      Annotations.of(this).addWarningV2('kubeshift:capacityPlan', `cannot plan node capacity: ${(error as Error).message}`);
      return;
    }
    for (const shortfall of shortfalls) {
      Annotations.of(this.sharedCluster).addWarningV2(`kubeshift:nodeGroupTooSmall:${shortfall.nodeGroup}`, shortfall.message);
    }
  }
}

/**
 * The environments of a service whose image delivery sets (it has a repository, they deploy on
 * green), with the config's image of each: the first deploy runs that.
 */
function deliveredImages(config: KubeshiftConfig, service: string, environments: readonly string[]): Map<string, string> {
  const found = config.services.find((candidate) => candidate.name === service);
  const deployOnGreen = config.delivery?.deployOnGreen ?? [];
  if (!found?.repository) return new Map();
  return new Map(
    environments.filter((environment) => deployOnGreen.includes(environment)).map((environment) => [environment, found.image]),
  );
}
