import { coreDnsReplicas } from '../../domain/cost/system-pods';
import { cachedClusterManifests, type AppliedManifest } from './applied-manifests';
import { startControlPlane, type ControlPlane } from './control-plane';
import { eksSeedObjects, KUBE_SYSTEM } from './eks-seed';
import { refOf, type KubeObject, type ObjectRef } from './kube-client';
import { kubectlCreate, type CreateOutcome } from './kubectl';
import { installControllerCrds } from './load-balancer-controller';
import { bootNodes, kwokNode, nodeGroupShapes, type NodeGroupShape } from './kwok-nodes';
import { listNodes, settle } from './scheduling';
import { systemWorkloads } from './system-workloads';
import type { Target } from './test-configs';

/**
 * One cluster of one config on its own control plane: EKS's objects seeded, the stacks'
 * manifests created as the kubectl handler creates them, and what the tests do to it (nodes
 * added zone by zone, autoscalers at their minimum or maximum, CoreDNS scaled as the DNS
 * autoscaler would).
 */

export const START_TIMEOUT_MS = 120_000;
const WAIT_MS = 60_000;

type Hpa = KubeObject & {
  spec: { minReplicas?: number; maxReplicas: number; scaleTargetRef: { name: string } };
  status?: { currentReplicas?: number };
};
type Deployment = KubeObject & { spec: { replicas?: number } };

export class ClusterUnderTest {
  /** Outcome of every object of every manifest, in apply order (after `deploy`). */
  created: CreateOutcome[] = [];
  private nodesAdded = 0;

  private constructor(
    readonly target: Target,
    readonly cp: ControlPlane,
    /** The cluster's manifests in the order the stacks apply them. */
    readonly manifests: readonly AppliedManifest[],
    /** The cluster's (single) node group as the planner shapes it. */
    readonly nodeGroup: NodeGroupShape,
  ) {}

  static async start(target: Target): Promise<ClusterUnderTest> {
    const groups = nodeGroupShapes(target.cluster);
    if (groups.length !== 1) {
      // Nothing in the manifests pins a pod to a node group, so the planner's "first group that fits" cannot be checked.
      throw new Error(`${target.label}: the cluster suite models clusters of one node group, this one has ${groups.length}`);
    }
    const [synth, started] = await Promise.allSettled([
      cachedClusterManifests(target.testConfig.name, target.testConfig.file),
      startControlPlane({ version: target.serverVersion }),
    ]);
    if (synth.status === 'rejected' || started.status === 'rejected') {
      if (started.status === 'fulfilled') await started.value.stop();
      throw synth.status === 'rejected' ? synth.reason : (started as PromiseRejectedResult).reason;
    }
    const manifests = synth.value.find((cluster) => cluster.cluster === target.cluster.name)!.manifests;
    return new ClusterUnderTest(target, started.value, manifests, groups[0]);
  }

  get zones(): readonly string[] {
    return this.target.testConfig.config.vpc.availabilityZones;
  }

  get objects(): KubeObject[] {
    return this.manifests.flatMap((manifest) => manifest.objects);
  }

  /** The environments' namespaces, in config order. */
  get namespaces(): string[] {
    return this.objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name);
  }

  /** The services' Deployments (kube-system's come from the DNS chart and the seeds). */
  get serviceDeployments(): KubeObject[] {
    return this.objects.filter((object) => object.kind === 'Deployment' && object.metadata.namespace !== KUBE_SYSTEM);
  }

  get autoscalers(): Hpa[] {
    return this.objects.filter((object): object is Hpa => object.kind === 'HorizontalPodAutoscaler');
  }

  /**
   * What EKS created before the stacks' manifests, then the stand-ins for the other system
   * workloads, and the Load Balancer Controller's CRDs (its chart is installed before any
   * service manifest: the services' nested stacks depend on it).
   */
  async seed(): Promise<void> {
    for (const object of [...eksSeedObjects(), ...systemWorkloads()]) await this.cp.client.create(object);
    await installControllerCrds(this.cp.client);
  }

  /**
   * Seeds, then creates every manifest in apply order (the outcomes land in `created`), and waits
   * until each HPA has scaled its Deployment to its minimum (a Deployment without `replicas` starts
   * at one). `nodesFirst`, when given, adds nodes between the seed and the manifests, as the stacks
   * order a real deploy: the services' manifests depend on the Load Balancer Controller, which
   * depends on every node group (constructs/shared-cluster.ts). Nodes added after the pods are
   * Pending become schedulable one by one, and a spread that honours taints (`nodeTaintsPolicy:
   * Honor`) then counts only the zones already there: the pods pile into the first.
   */
  async deploy(nodesFirst?: () => Promise<unknown>): Promise<void> {
    await this.seed();
    if (nodesFirst) {
      await nodesFirst();
      await this.scaleCoreDns();
    }
    for (const manifest of this.manifests) this.created.push(...(await kubectlCreate(this.cp.client, manifest)));
    await this.autoscaleTo('min');
  }

  /**
   * Sets every HPA's floor to its minimum from the manifest, or to its maximum (`peak`), and waits
   * until the HPA controller has scaled each Deployment there and says so in its status (it
   * records the count it scaled from, and the new one a sync later). Only HPAs of `namespaces`
   * when given.
   */
  async autoscaleTo(level: 'min' | 'max', namespaces?: readonly string[]): Promise<void> {
    const chosen = this.autoscalers.filter((hpa) => !namespaces || namespaces.includes(hpa.metadata.namespace!));
    for (const hpa of chosen) {
      const floor = level === 'max' ? hpa.spec.maxReplicas : (hpa.spec.minReplicas ?? 1);
      await this.cp.client.patch(refOf(hpa), { spec: { minReplicas: floor } }, 'merge');
    }
    for (const hpa of chosen) {
      const want = level === 'max' ? hpa.spec.maxReplicas : (hpa.spec.minReplicas ?? 1);
      const ref: ObjectRef = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: hpa.metadata.namespace,
        name: hpa.spec.scaleTargetRef.name,
      };
      await this.cp.client.waitFor<Deployment>(ref, (d) => d.spec.replicas === want, { timeoutMs: WAIT_MS });
      await this.cp.client.waitFor<Hpa>(refOf(hpa), (live) => live.status?.currentReplicas === want, { timeoutMs: WAIT_MS });
    }
  }

  /** Adds `count` nodes of the node group, one zone after the other (as an Auto Scaling group over the VPC's zones balances). */
  async addNodes(count: number): Promise<string[]> {
    const nodes = Array.from({ length: count }, () => {
      const zone = this.zones[this.nodesAdded % this.zones.length];
      const name = `${this.nodeGroup.group.name}-${zone}-${++this.nodesAdded}`;
      return kwokNode(name, this.nodeGroup, zone, this.target.testConfig.config.region);
    });
    if (nodes.length > 0) await bootNodes(this.cp.client, nodes);
    return nodes.map((node) => node.metadata.name);
  }

  /** Adds nodes per zone as given, in the order given. */
  async addNodesPerZone(perZone: Readonly<Record<string, number>>): Promise<void> {
    const nodes = Object.entries(perZone).flatMap(([zone, count]) =>
      Array.from({ length: count }, () =>
        kwokNode(`${this.nodeGroup.group.name}-${zone}-${++this.nodesAdded}`, this.nodeGroup, zone, this.target.testConfig.config.region),
      ),
    );
    if (nodes.length > 0) await bootNodes(this.cp.client, nodes);
  }

  /**
   * CoreDNS replicas as the DNS autoscaler (cluster-proportional-autoscaler, linear mode) sets them
   * for the nodes there are now. Its pod runs on kwok, which runs no container, so the test does
   * its arithmetic (the planner's copy of it, domain/cost/system-pods.ts).
   */
  async scaleCoreDns(): Promise<number> {
    const nodes = await listNodes(this.cp);
    const cores = nodes.reduce((sum, node) => sum + Number(node.status?.capacity?.cpu ?? 0), 0);
    const replicas = coreDnsReplicas(this.target.cluster.dnsAutoscaler, cores, nodes.length);
    await this.cp.client.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: KUBE_SYSTEM, name: 'coredns' },
      { spec: { replicas } },
      'merge',
    );
    return replicas;
  }

  /** Runs `change`, scales CoreDNS for the nodes it leaves, and waits until the scheduler is done with both. */
  async changeAndSettle(change: () => Promise<unknown>): Promise<void> {
    await change();
    await this.scaleCoreDns();
    await settle(this.cp);
  }

  async stop(): Promise<void> {
    await this.cp.stop();
  }
}

/** Starts every target's control plane at once (starting is mostly waiting), stopping all if one fails. */
export async function startAll(targets: readonly Target[]): Promise<ClusterUnderTest[]> {
  const started = await Promise.allSettled(targets.map((target) => ClusterUnderTest.start(target)));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
    throw failed.reason;
  }
  const clusters = started.map((result) => (result as PromiseFulfilledResult<ClusterUnderTest>).value);
  announce(clusters);
  return clusters;
}

/**
 * Prints each server's version, and a note when a config's cluster runs another minor than its
 * server: the results hold for the server's minor (KUBESHIFT_K8S_VERSION picks another build).
 */
function announce(clusters: readonly ClusterUnderTest[]): void {
  const lines: string[] = [];
  for (const version of new Set(clusters.map((cluster) => cluster.cp.version))) {
    const on = clusters.filter((cluster) => cluster.cp.version === version);
    lines.push(
      `kube-apiserver ${version} (kube-scheduler, kube-controller-manager, kwok alike) for ${on.map((c) => c.target.label).join(', ')}`,
    );
  }
  for (const { target, cp } of clusters) {
    const serverMinor = /^v?(\d+\.\d+)/.exec(cp.version)?.[1];
    if (target.cluster.kubernetesVersion !== serverMinor) {
      lines.push(
        `  note: ${target.label} asks for Kubernetes ${target.cluster.kubernetesVersion}, the server is ${serverMinor}: results are ${serverMinor}'s (build another with KUBESHIFT_K8S_VERSION)`,
      );
    }
  }
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}
