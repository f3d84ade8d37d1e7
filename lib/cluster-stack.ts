import { Annotations, Aspects, Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cdk8s from 'cdk8s';
import type { Construct } from 'constructs';
import { DnsAutoscalerChart, EnvironmentChart, PreviewPolicyChart, ServiceChart } from '../charts';
import { DEFAULT_LOAD_BALANCER_GROUP, serviceEnvironmentsOn, type ClusterConfig, type KubeshiftConfig } from '../config';
import { ClusterEdge, SharedCluster, importVpc } from '../constructs';
import { skipCheckovOnCdkProviderSingletons } from '../constructs/private/acknowledge';
import { bundledCatalog, controlPlanePrice } from '../domain/cost/catalog';
import { nodeGroupCapacityShortfalls } from '../domain/cost/planner';
import { checkEdgeQuotas } from '../domain/edge/alb-quotas';
import { listenerRulePriorities } from '../domain/edge/listener-rules';
import { clusterLoadBalancers } from '../domain/edge/load-balancers';
import { serviceTargetGroup } from '../domain/edge/target-group';
import { eksClusterName } from '../domain/naming';
import { LoadBalancerGroupStack } from './load-balancer-group-stack';
import { PublicEndpointRule } from './public-endpoint-rule';
import { ServiceWorkloadsStack, type ServiceEnvironmentEdge } from './service-workloads-stack';

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
 * namespace policy, CoreDNS scaling, and every service whose weights name this cluster, with the
 * load balancers that bring it traffic (a nested stack per load-balancer group, one Application
 * Load Balancer per environment in each). To change the cluster itself, add a new one to the
 * config and move traffic to it.
 */
export class ClusterStack extends Stack {
  readonly sharedCluster: SharedCluster;
  /** Cluster name in the config (`blue`). */
  readonly clusterName: string;
  /** Every chart applied to the cluster, in apply order: also written as YAML at synth. */
  readonly charts: readonly cdk8s.Chart[];
  /** Per-service nested stacks, by service name. */
  readonly services: ReadonlyMap<string, ServiceWorkloadsStack>;
  /** Per load-balancer group, the nested stack of its load balancers, by group number. */
  readonly loadBalancerGroups: ReadonlyMap<number, LoadBalancerGroupStack>;
  /** What the cluster's load balancers share: security group and access-log bucket. */
  readonly edge: ClusterEdge;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { config, cluster } = props;
    this.clusterName = cluster.name;
    // Before anything is built: a group past the ALB's hard limit stops synth with one line.
    const quotaWarnings = checkEdgeQuotas(config, cluster.name);

    const vpc = importVpc(this, 'Vpc', config.vpc);
    this.sharedCluster = new SharedCluster(this, 'SharedCluster', {
      clusterName: eksClusterName(config.app, cluster.name),
      kubernetesVersion: cluster.kubernetesVersion,
      vpc,
      nodeGroups: cluster.nodeGroups,
      adminRoleArns: config.adminRoleArns,
      publicEndpointCidrs: cluster.publicEndpointCidrs,
      mirrors: config.mirrors,
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

    const dnsChart = new DnsAutoscalerChart(chartScope(), 'dns-autoscaler', { params: cluster.dnsAutoscaler, mirrors: config.mirrors });
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

    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: config.dns.hostedZoneId,
      zoneName: config.dns.zoneName,
    });
    const slots = clusterLoadBalancers(config, cluster.name);
    this.edge = new ClusterEdge(this, 'Edge', {
      vpc,
      clusterSecurityGroup: eksCluster.clusterSecurityGroup,
      podPorts: slots.flatMap((slot) => slot.services.map((entry) => entry.port)),
      deletionProtection: cluster.deletionProtection,
    });
    const groups = new Map<number, LoadBalancerGroupStack>();
    for (const group of new Set(slots.map((slot) => slot.group))) {
      groups.set(
        group,
        new LoadBalancerGroupStack(this, `LoadBalancerGroup-${group}`, {
          config,
          cluster: cluster.name,
          group,
          slots: slots.filter((slot) => slot.group === group),
          deletionProtection: cluster.deletionProtection,
          vpc,
          zone,
          edge: this.edge,
          description: `kubeshift: load balancers of group ${group} on cluster ${cluster.name}`,
        }),
      );
    }
    const priorities = new Map(
      slots.map((slot) => [`${slot.group}/${slot.environment}`, listenerRulePriorities(slot.services.map((entry) => entry.service))]),
    );

    // Each service environment's chart and load-balancer side, grouped by service in config order: one nested stack each.
    const byService = new Map<string, Map<string, ServiceEnvironmentEdge>>();
    for (const entry of onCluster) {
      const targetGroup = serviceTargetGroup(config.app, config.vpc.vpcId, cluster.name, entry);
      const chart = new ServiceChart(chartScope(), `service-${entry.service}-${entry.environment}`, {
        entry,
        priorityClassName: environmentCharts.get(entry.environment)!.priorityClassName,
        targetGroup,
        loadBalancerCidrs: config.vpc.publicSubnetCidrs,
      });
      if (!byService.has(entry.service)) byService.set(entry.service, new Map());
      byService.get(entry.service)!.set(entry.environment, {
        entry,
        chart,
        targetGroup,
        loadBalancer: groups.get(entry.loadBalancerGroup)!.loadBalancers.get(entry.environment)!,
        rulePriority: priorities.get(`${entry.loadBalancerGroup}/${entry.environment}`)!.get(entry.service)!,
      });
      charts.push(chart);
    }

    const services = new Map<string, ServiceWorkloadsStack>();
    for (const [service, environments] of byService) {
      const group = [...environments.values()][0].entry.loadBalancerGroup;
      // The default group's services stay nested in this stack, where every service was before groups existed (see LoadBalancerGroupStack).
      const workloads = new ServiceWorkloadsStack(group === DEFAULT_LOAD_BALANCER_GROUP ? this : groups.get(group)!, `Service-${service}`, {
        clusterName: cluster.name,
        cluster: eksCluster,
        service,
        environments,
        vpc,
        zone,
        deliveredImages: deliveredImages(config, service, [...environments.keys()]),
        description: `kubeshift: ${service} on cluster ${cluster.name}`,
      });
      // Namespaces and the controller (and its TargetGroupBinding CRD) first; on teardown, bindings go before the controller.
      workloads.node.addDependency(...environmentManifests, this.sharedCluster.loadBalancerController);
      // The SecretProviderClass CRD and the driver that mounts its volumes, likewise.
      if ([...environments.values()].some(({ entry }) => Object.keys(entry.secrets).length > 0)) {
        workloads.node.addDependency(this.sharedCluster.secretsStore.provider);
      }
      services.set(service, workloads);
    }
    this.charts = charts;
    this.services = services;
    this.loadBalancerGroups = groups;
    for (const warning of quotaWarnings) Annotations.of(this).addWarningV2('kubeshift:edgeQuota', warning.message);
    this.warnOnCapacityShortfall(config, cluster.name);
    this.warnOnExtendedSupport(cluster, props.today);
    skipCheckovOnCdkProviderSingletons(this);
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
