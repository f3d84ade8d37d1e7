import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeshiftConfig, ServiceConfig } from '../../config';
import type { PreviewRequest } from '../../domain/delivery/preview';
import { commitImage, imageTag, isCommitSha, shortSha } from '../../domain/delivery/image';
import {
  DELIVERY_ANNOTATIONS,
  livePreview,
  PREVIEW_SELECTOR,
  previewExpiry,
  previewLabels,
  type LivePreview,
} from '../../domain/delivery/preview';
import { rolloutState, type DeploymentRollout } from '../../domain/delivery/rollout-state';
import type { DeliveryAction } from '../../domain/delivery/webhook-event';
import {
  commitStatusContext,
  previewHostName,
  previewNamespace,
  previewWildcardName,
  PREVIEW_STATUS_ENVIRONMENT,
  RUNNING_IMAGE_KEY,
  runningImageConfigMapName,
} from '../../domain/naming';
import { CliError } from '../cli-error';
import type { GitHubApi } from './github';
import type { KubeApi, KubeObject, ObjectRef } from './kube-api';
import { livePreviewComment, removedPreviewComment, upsertPreviewComment } from './preview-comment';
import type { PreviewRecord } from './preview-record';
import type { CommitStatuses, StatusTarget } from './statuses';

/**
 * Turns each delivery action into the cluster's state, re-reading what it needs first (the
 * Deployment, the pull request) so that the order and repetition of webhooks do not matter, then
 * follows each rollout it started and reports it as a commit status.
 */

/** Renders every object of a preview, in apply order (the cli may not import charts/: bin/ passes this in). */
export type PreviewRenderer = (request: PreviewRequest) => KubeObject[];

/** One Deployment rolling to one commit, and the status that reports it. */
export interface Rollout extends StatusTarget {
  readonly deployment: ObjectRef;
  /** The container that runs the service's image. */
  readonly container: string;
  readonly image: string;
  /** `blue/staging`, `blue/pr-42-auth`: for descriptions and log lines. */
  readonly where: string;
}

/** How following a rollout ended. */
export type RolloutOutcome = 'success' | 'failure' | 'superseded' | 'gone' | 'pending';

/** The address the AWS Load Balancer Controller writes back once the load balancer exists. */
type Ingress = KubeObject & { status?: { loadBalancer?: { ingress?: { hostname?: string; ip?: string }[] } } };

type Deployment = KubeObject & DeploymentRollout & { spec?: { template?: { spec?: { containers?: { name: string; image?: string }[] } } } };

export interface WorkerOptions {
  readonly config: KubeshiftConfig;
  /** The cluster this worker acts on (`--cluster`). */
  readonly cluster: string;
  readonly kube: KubeApi;
  readonly github: GitHubApi;
  readonly statuses: CommitStatuses;
  readonly renderPreview: PreviewRenderer;
  /**
   * Points `*.preview.<zone>` at the previews' shared load balancer once it exists.
   * @default - no record is written (the address is only logged)
   */
  readonly previewRecord?: PreviewRecord;
  /** One line per thing done or skipped. */
  readonly log: (line: string) => void;
  /** @default - the clock */
  readonly now?: () => Date;
}

export interface WatchOptions {
  /** Between two reads of the Deployment. */
  readonly pollMs: number;
  /** Give up following (the status stays pending; the sweeper reports it later). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const deploymentRef = (namespace: string, name: string): ObjectRef => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });

export class DeliveryWorker {
  private readonly now: () => Date;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private get config(): KubeshiftConfig {
    return this.options.config;
  }

  /** Converges one action; returns the rollouts it started or found running, to follow. */
  async converge(action: DeliveryAction): Promise<Rollout[]> {
    const service = this.config.services.find((candidate) => candidate.name === action.service);
    if (!service?.repository) throw new CliError(`service ${action.service} has no repository in the config`);
    switch (action.kind) {
      case 'deploy':
        return this.deploy(service, service.repository, action.environments, action.sha);
      case 'preview':
        return this.preview(service, service.repository, action.pullRequest, action.sha);
      case 'delete-preview':
        await this.deletePreviewOfClosed(service, service.repository, action.pullRequest);
        return [];
    }
  }

  /** Sets the image of the service's Deployment in each environment on this cluster to the commit's. */
  private async deploy(service: ServiceConfig, repository: string, environments: readonly string[], sha: string): Promise<Rollout[]> {
    const rollouts: Rollout[] = [];
    const image = commitImage(service.image, sha);
    for (const environment of environments) {
      const entry = service.environments.find((candidate) => candidate.environment === environment);
      const where = `${this.options.cluster}/${environment}`;
      if (!entry || !(this.options.cluster in entry.weights)) {
        this.options.log(`${service.name} · ${environment} does not run on cluster ${this.options.cluster}: skipped`);
        continue;
      }
      const ref = deploymentRef(environment, service.name);
      const live = await this.options.kube.find<Deployment>(ref);
      if (!live)
        throw new CliError(
          `Deployment ${environment}/${service.name} is not on cluster ${this.options.cluster}: deploy its cluster stack first`,
        );
      const rollout: Rollout = {
        repository,
        sha,
        context: commitStatusContext(this.options.cluster, environment),
        targetUrl: `https://${entry.recordName}`,
        deployment: ref,
        container: service.name,
        image,
        where,
      };
      const running = containerImage(live, service.name);
      if (running !== image) {
        const runningSha = running ? imageTag(running) : undefined;
        // A late event for an older commit must not roll the environment back.
        if (runningSha && isCommitSha(runningSha) && (await this.options.github.compare(repository, runningSha, sha)) === 'behind') {
          this.options.log(`${where}: ${service.name} runs ${shortSha(runningSha)}, newer than ${shortSha(sha)}: left alone`);
          continue;
        }
        // Recorded first: the cluster stack reads it back when it applies the service again, so a
        // later cdk deploy keeps this image (lib/service-workloads-stack.ts).
        await this.options.kube.apply({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: runningImageConfigMapName(service.name), namespace: environment },
          data: { [RUNNING_IMAGE_KEY]: image },
        });
        await this.options.kube.patch(
          ref,
          {
            metadata: { annotations: this.deliveryAnnotations(repository, sha) },
            // Containers merge by name (strategic merge patch): only this one's image changes.
            spec: { template: { spec: { containers: [{ name: service.name, image }] } } },
          },
          'strategic',
        );
        this.options.log(`${where}: ${service.name} → ${shortSha(sha)}`);
        await this.options.statuses.post(rollout, 'pending', `rolling out on ${where}`);
      }
      rollouts.push(rollout);
    }
    return rollouts;
  }

  /** Creates or updates a pull request's preview at a commit, if the pull request is still open at that commit. */
  private async preview(service: ServiceConfig, repository: string, pullRequest: number, sha: string): Promise<Rollout[]> {
    const previews = this.config.delivery?.previews;
    const label = `${service.name} #${pullRequest}`;
    if (!previews || previews.cluster !== this.options.cluster) return [];
    const entry = service.environments.find((candidate) => candidate.environment === previews.environment);
    if (!entry) {
      this.options.log(`${label}: ${service.name} has no ${previews.environment} environment to preview from: skipped`);
      return [];
    }
    const pull = await this.options.github.pullRequest(repository, pullRequest);
    if (pull.state !== 'open') {
      this.options.log(`${label}: the pull request is ${pull.state}: no preview`);
      return [];
    }
    if (pull.head.sha !== sha) {
      this.options.log(`${label}: its head moved on to ${shortSha(pull.head.sha)}: that commit's checks decide`);
      return [];
    }
    if (!pull.head.repo || pull.head.repo.id !== pull.base.repo.id) {
      this.options.log(`${label}: from a fork: no preview`);
      return [];
    }
    const namespace = previewNamespace(pullRequest, service.name);
    const hostName = previewHostName(service.name, pullRequest, this.config.dns.zoneName);
    const image = commitImage(service.image, sha);
    const ref = deploymentRef(namespace, service.name);
    const live = await this.options.kube.find<Deployment>(ref);
    const changed = containerImage(live, service.name) !== image;
    const annotations = changed
      ? this.deliveryAnnotations(repository, sha)
      : { ...this.deliveryAnnotations(repository, sha), ...pick(live) };
    const objects = this.options.renderPreview({
      entry,
      namespace,
      image,
      namespaceLabels: previewLabels({ service: service.name, pullRequest, repository }, previewExpiry(this.now(), previews.ttlHours)),
      annotations,
      hostName,
    });
    for (const object of objects) await this.options.kube.apply(object);
    // The preview is up whether or not its name resolves yet: a failed record write is for the sweep to redo.
    await this.pointPreviewRecord([{ namespace, service: service.name }]).catch((error: unknown) =>
      this.options.log(`previews: record not written: ${(error as Error).message}`),
    );
    const where = `${this.options.cluster}/${namespace}`;
    const rollout: Rollout = {
      repository,
      sha,
      context: commitStatusContext(this.options.cluster, PREVIEW_STATUS_ENVIRONMENT),
      targetUrl: `https://${hostName}`,
      deployment: ref,
      container: service.name,
      image,
      where,
    };
    if (changed) {
      this.options.log(`${where}: preview of ${label} → ${shortSha(sha)}`);
      await this.options.statuses.post(rollout, 'pending', `preview rolling out on ${where}`);
    }
    const target = { repository, pullRequest, cluster: this.options.cluster, service: service.name };
    await upsertPreviewComment(this.options.github, target, livePreviewComment(target, rollout.targetUrl, sha, previews.ttlHours));
    return [rollout];
  }

  /** Deletes a pull request's preview once the pull request is closed (a reopened one keeps it). */
  private async deletePreviewOfClosed(service: ServiceConfig, repository: string, pullRequest: number): Promise<void> {
    const previews = this.config.delivery?.previews;
    if (!previews || previews.cluster !== this.options.cluster) return;
    const pull = await this.options.github.pullRequest(repository, pullRequest);
    if (pull.state === 'open') {
      this.options.log(`${service.name} #${pullRequest}: reopened since: preview kept`);
      return;
    }
    await this.removePreview(
      { namespace: previewNamespace(pullRequest, service.name), service: service.name, pullRequest, repository },
      'pull request closed',
    );
  }

  /** Deletes a preview's namespace (and with it everything in it) and says so in its comment. */
  async removePreview(preview: LivePreview, reason: string): Promise<void> {
    const deleted = await this.options.kube.delete({ apiVersion: 'v1', kind: 'Namespace', name: preview.namespace });
    if (!deleted) return;
    this.options.log(
      `${this.options.cluster}/${preview.namespace}: preview of ${preview.service} #${preview.pullRequest} deleted (${reason})`,
    );
    const target = {
      repository: preview.repository,
      pullRequest: preview.pullRequest,
      cluster: this.options.cluster,
      service: preview.service,
    };
    await upsertPreviewComment(this.options.github, target, removedPreviewComment(target, reason), true);
  }

  /**
   * Points the previews' wildcard record at their shared load balancer, read from the first of
   * these previews' Ingresses that has an address. A new load balancer takes a few minutes to
   * get one; until then this logs so, and the sweep tries again.
   */
  async pointPreviewRecord(previews: readonly Pick<LivePreview, 'namespace' | 'service'>[]): Promise<void> {
    for (const preview of previews) {
      const ingress = await this.options.kube.find<Ingress>({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        namespace: preview.namespace,
        name: preview.service,
      });
      const hostName = ingress?.status?.loadBalancer?.ingress?.find((address) => address.hostname)?.hostname;
      if (!hostName) continue;
      if (this.options.previewRecord) await this.options.previewRecord.point(hostName);
      else
        this.options.log(
          `previews: load balancer ${hostName}; no record written (point ${previewWildcardName(this.config.dns.zoneName)} at it)`,
        );
      return;
    }
    if (previews.length > 0) this.options.log('previews: their load balancer has no address yet: the record is written once it has');
  }

  /**
   * The record as the previews on the cluster now call for: pointed at their load balancer while
   * any is left, deleted once none is (the controller deletes the load balancer with the last
   * Ingress).
   */
  async syncPreviewRecord(): Promise<void> {
    const previews = await this.livePreviews();
    if (previews.length > 0) return this.pointPreviewRecord(previews);
    if (await this.options.previewRecord?.remove()) {
      this.options.log(`previews: none left: ${previewWildcardName(this.config.dns.zoneName)} deleted`);
    }
  }

  /** The previews on this cluster. */
  livePreviews(): Promise<LivePreview[]> {
    return livePreviewsOn(this.options.kube);
  }

  /**
   * Every revision delivery has put on this cluster that still runs: the deploy-on-green
   * Deployments and the previews carrying a commit annotation.
   */
  async deliveredRollouts(): Promise<Rollout[]> {
    const rollouts: Rollout[] = [];
    const add = (live: Deployment | undefined, service: ServiceConfig, environment: string, targetUrl: string, where: string) => {
      const sha = live?.metadata.annotations?.[DELIVERY_ANNOTATIONS.commit];
      const image = containerImage(live, service.name);
      if (!live || !sha || !service.repository || image !== commitImage(service.image, sha)) return;
      const context = commitStatusContext(this.options.cluster, environment);
      rollouts.push({
        repository: service.repository,
        sha,
        context,
        targetUrl,
        deployment: deploymentRef(live.metadata.namespace!, service.name),
        container: service.name,
        image,
        where,
      });
    };
    for (const service of this.config.services.filter((candidate) => candidate.repository)) {
      for (const entry of service.environments) {
        if (!(this.options.cluster in entry.weights) || !this.config.delivery?.deployOnGreen.includes(entry.environment)) continue;
        const live = await this.options.kube.find<Deployment>(deploymentRef(entry.environment, service.name));
        add(live, service, entry.environment, `https://${entry.recordName}`, `${this.options.cluster}/${entry.environment}`);
      }
    }
    // Only the preview cluster lets the handler list namespaces (its access entry elsewhere is namespace-scoped).
    const previews = this.config.delivery?.previews?.cluster === this.options.cluster ? await this.livePreviews() : [];
    for (const preview of previews) {
      const service = this.config.services.find((candidate) => candidate.name === preview.service);
      if (!service) continue;
      const live = await this.options.kube.find<Deployment>(deploymentRef(preview.namespace, service.name));
      const url = `https://${previewHostName(service.name, preview.pullRequest, this.config.dns.zoneName)}`;
      add(live, service, PREVIEW_STATUS_ENVIRONMENT, url, `${this.options.cluster}/${preview.namespace}`);
    }
    return rollouts;
  }

  /** Reads the rollout once and posts its status if it changed; `pending` while it rolls. */
  async observe(rollout: Rollout): Promise<RolloutOutcome> {
    const live = await this.options.kube.find<Deployment>(rollout.deployment);
    if (!live || live.metadata.deletionTimestamp) return 'gone';
    const running = containerImage(live, rollout.container);
    if (running !== rollout.image) {
      const by = running ? imageTag(running) : undefined;
      const replacement = by && isCommitSha(by) ? shortSha(by) : (by ?? 'another image');
      await this.options.statuses.post(rollout, 'error', `replaced by ${replacement} on ${rollout.where} before its rollout finished`);
      return 'superseded';
    }
    const state = rolloutState(live);
    const description = {
      pending: `rolling out on ${rollout.where}`,
      success: `running on ${rollout.where}`,
      failure: `rollout on ${rollout.where} exceeded its progress deadline`,
    }[state];
    const posted = await this.options.statuses.post(rollout, state, description);
    if (posted && state !== 'pending') this.options.log(`${rollout.where}: ${shortSha(rollout.sha)} ${state}`);
    return state;
  }

  /** Follows a rollout until it completes, fails, is replaced or goes; the last outcome at the timeout. */
  async watch(rollout: Rollout, options: WatchOptions): Promise<RolloutOutcome> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const outcome = await this.observe(rollout);
      if (outcome !== 'pending' || Date.now() >= deadline || options.signal?.aborted) return outcome;
      try {
        await sleep(options.pollMs, undefined, { signal: options.signal });
      } catch {
        return outcome; // aborted: the process is stopping
      }
    }
  }

  private deliveryAnnotations(repository: string, sha: string): Record<string, string> {
    return {
      [DELIVERY_ANNOTATIONS.repository]: repository,
      [DELIVERY_ANNOTATIONS.commit]: sha,
      [DELIVERY_ANNOTATIONS.deployedAt]: this.now().toISOString(),
    };
  }
}

/** The previews on a cluster, read back from their namespaces (one being deleted is gone already). */
export async function livePreviewsOn(kube: KubeApi): Promise<LivePreview[]> {
  const namespaces = await kube.list<KubeObject>({ apiVersion: 'v1', kind: 'Namespace' }, PREVIEW_SELECTOR);
  return namespaces
    .filter((namespace) => !namespace.metadata.deletionTimestamp)
    .map((namespace) => livePreview(namespace.metadata.name, namespace.metadata.labels, namespace.metadata.annotations))
    .filter((preview): preview is LivePreview => preview !== undefined);
}

/** The image of the named container, as the Deployment's pod template says. */
export function containerImage(deployment: Deployment | undefined, container: string): string | undefined {
  return deployment?.spec?.template?.spec?.containers?.find((candidate) => candidate.name === container)?.image;
}

/** When the running commit was deployed, kept across re-applies of the same commit. */
function pick(live: Deployment | undefined): Record<string, string> {
  const deployedAt = live?.metadata.annotations?.[DELIVERY_ANNOTATIONS.deployedAt];
  return deployedAt ? { [DELIVERY_ANNOTATIONS.deployedAt]: deployedAt } : {};
}
