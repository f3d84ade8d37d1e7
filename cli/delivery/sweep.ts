import type { KubeshiftConfig } from '../../config';
import { shortSha } from '../../domain/delivery/image';
import { greenAt, sweepPlan, type OpenPullRequest } from '../../domain/delivery/sweep-plan';
import type { DeliveryAction } from '../../domain/delivery/webhook-event';
import { EXIT_ERROR, EXIT_OK } from '../cli-error';
import type { CommandResult } from '../command-result';
import type { GitHubApi } from './github';
import { onCluster } from './webhook';
import { describeAction, describeFailure } from './work-queue';
import type { DeliveryWorker } from './worker';

/**
 * `kubeshift delivery sweep`: what webhooks should have done, done again from what GitHub and
 * the cluster say now, so a lost delivery (GitHub never retries one by itself) costs a delay,
 * not a preview left behind or an environment left on an old commit. Every step stands alone:
 * one failure is reported and the rest still run.
 */

export interface SweepContext {
  readonly config: KubeshiftConfig;
  readonly cluster: string;
  readonly github: GitHubApi;
  readonly worker: DeliveryWorker;
  readonly now: Date;
}

export async function sweep(context: SweepContext): Promise<CommandResult> {
  const { config, cluster, github, worker } = context;
  const done: string[] = [];
  const failed: string[] = [];
  const attempt = async (what: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      failed.push(`${what}: ${describeFailure(error)}`);
    }
  };
  const repositories = [...new Set(config.services.flatMap((service) => (service.repository ? [service.repository] : [])))];
  const actions: DeliveryAction[] = [];

  // The default branch's head, where it is green and not yet running.
  for (const repository of repositories) {
    await attempt(`default branch of ${repository}`, async () => {
      const head = await github.defaultBranchHead(repository);
      if (!greenAt(await github.checkSuites(repository, head.sha))) return;
      for (const service of config.services.filter((candidate) => candidate.repository === repository)) {
        const environments = service.environments
          .map((entry) => entry.environment)
          .filter((name) => config.delivery?.deployOnGreen.includes(name));
        if (environments.length > 0) actions.push({ kind: 'deploy', service: service.name, environments, sha: head.sha });
      }
    });
  }

  // Previews: closed or expired ones go, open green pull requests get theirs.
  if (config.delivery?.previews?.cluster === cluster) {
    const polled: string[] = [];
    const open: OpenPullRequest[] = [];
    for (const repository of repositories) {
      await attempt(`open pull requests of ${repository}`, async () => {
        const pulls = [];
        for (const pull of await github.openPullRequests(repository)) {
          const suites = await github.checkSuites(repository, pull.head.sha);
          pulls.push({
            repository,
            number: pull.number,
            headSha: pull.head.sha,
            sameRepository: pull.head.repo?.id === pull.base.repo.id,
            greenAt: greenAt(suites),
          });
        }
        open.push(...pulls);
        polled.push(repository);
      });
    }
    let plan;
    try {
      plan = sweepPlan(config, { live: await worker.livePreviews(), open, polled, now: context.now });
    } catch (error) {
      failed.push(`list previews on ${cluster}: ${describeFailure(error)}`);
    }
    for (const deletion of plan?.deletions ?? []) {
      const { preview, reason } = deletion;
      await attempt(`delete ${preview.namespace}`, async () => {
        await worker.removePreview(preview, reason);
        done.push(`deleted ${preview.namespace} (${reason})`);
      });
    }
    actions.push(...(plan?.previews ?? []));
  }

  for (const action of onCluster(actions, config, cluster)) {
    await attempt(describeAction(action), async () => {
      for (const rollout of await worker.converge(action)) done.push(`${rollout.where}: ${shortSha(rollout.sha)}`);
    });
  }

  // After the previews changed: the shared load balancer gets its address minutes after the first
  // preview asked for it, and goes with the last one.
  if (config.delivery?.previews?.cluster === cluster) await attempt('the preview record', () => worker.syncPreviewRecord());

  // Statuses of every delivered revision, for rollouts nobody followed to the end.
  let rollouts: Awaited<ReturnType<DeliveryWorker['deliveredRollouts']>> = [];
  await attempt(`list delivered revisions on ${cluster}`, async () => {
    rollouts = await worker.deliveredRollouts();
  });
  for (const rollout of rollouts) await attempt(`status of ${rollout.where}`, async () => void (await worker.observe(rollout)));

  const lines = [
    `kubeshift delivery sweep of cluster ${cluster}: ${done.length} change(s), ${rollouts.length} delivered revision(s) checked, ${failed.length} failure(s)`,
    ...done.map((line) => `  ${line}`),
    ...failed.map((line) => `  failed: ${line}`),
  ];
  return { output: lines.join('\n'), exitCode: failed.length > 0 ? EXIT_ERROR : EXIT_OK };
}
