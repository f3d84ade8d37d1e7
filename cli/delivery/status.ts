import { serviceEnvironmentsOn, type KubeshiftConfig } from '../../config';
import { imageTag, isCommitSha, shortSha } from '../../domain/delivery/image';
import { DELIVERY_ANNOTATIONS } from '../../domain/delivery/preview';
import { rolloutState, type DeploymentRollout } from '../../domain/delivery/rollout-state';
import { EXIT_NO, EXIT_OK } from '../cli-error';
import type { CommandResult } from '../command-result';
import { renderTable } from '../table';
import type { KubeApi, KubeObject } from './kube-api';
import { containerImage, livePreviewsOn } from './worker';

/**
 * `kubeshift delivery status`: per service, environment and cluster, the image tag that runs,
 * its rollout state and when it was deployed, read from the cluster (no GitHub call).
 */

export interface StatusRow {
  readonly service: string;
  /** The environment, or `pr-<n>` for a preview. */
  readonly environment: string;
  readonly cluster: string;
  /** The running image, in full; undefined where the Deployment is missing. */
  readonly image?: string;
  readonly tag?: string;
  readonly rollout: 'success' | 'pending' | 'failure' | 'missing';
  /** ISO 8601: delivery's annotation, else the creation of the ReplicaSet that runs the current revision. */
  readonly deployedAt?: string;
  /** `delivery` when delivery put this image there, `config` when it is the config's image. */
  readonly source?: 'delivery' | 'config' | 'other';
}

type Deployment = KubeObject & DeploymentRollout & { spec?: { template?: { spec?: { containers?: { name: string; image?: string }[] } } } };
type ReplicaSet = KubeObject & { metadata: { ownerReferences?: { uid: string }[] } };
/** The Deployment controller's revision annotation, on the Deployment and each of its ReplicaSets. */
const REVISION = 'deployment.kubernetes.io/revision';

export async function deliveryStatus(config: KubeshiftConfig, cluster: string, kube: KubeApi): Promise<StatusRow[]> {
  const rows: StatusRow[] = [];
  const read = async (service: string, environment: string, namespace: string, configImage: string) => {
    const live = await kube.find<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: service });
    if (!live) {
      rows.push({ service, environment, cluster, rollout: 'missing' });
      return;
    }
    const image = containerImage(live, service);
    const commit = live.metadata.annotations?.[DELIVERY_ANNOTATIONS.commit];
    const delivered = commit !== undefined && image !== undefined && imageTag(image) === commit;
    rows.push({
      service,
      environment,
      cluster,
      image,
      tag: image ? imageTag(image) : undefined,
      rollout: rolloutState(live),
      deployedAt:
        (delivered ? live.metadata.annotations?.[DELIVERY_ANNOTATIONS.deployedAt] : undefined) ?? (await revisionCreated(kube, live)),
      source: delivered ? 'delivery' : image === configImage ? 'config' : 'other',
    });
  };
  for (const entry of serviceEnvironmentsOn(config, cluster)) await read(entry.service, entry.environment, entry.environment, entry.image);
  for (const preview of await livePreviewsOn(kube)) {
    const service = config.services.find((candidate) => candidate.name === preview.service);
    if (service) await read(service.name, `pr-${preview.pullRequest}`, preview.namespace, service.image);
  }
  return rows;
}

/** When the ReplicaSet of the Deployment's current revision was created: when that revision was rolled out. */
async function revisionCreated(kube: KubeApi, deployment: Deployment): Promise<string | undefined> {
  const revision = deployment.metadata.annotations?.[REVISION];
  const replicaSets = await kube.list<ReplicaSet>({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: deployment.metadata.namespace });
  const current = replicaSets.find(
    (replicaSet) =>
      replicaSet.metadata.ownerReferences?.some((owner) => owner.uid === deployment.metadata.uid) &&
      replicaSet.metadata.annotations?.[REVISION] === revision,
  );
  return current?.metadata.creationTimestamp ?? deployment.metadata.creationTimestamp;
}

/** Exit 2 when anything failed its rollout or is missing, as `traffic status` does on drift. */
export function statusResult(rows: readonly StatusRow[], json: boolean): CommandResult {
  const exitCode = rows.some((row) => row.rollout === 'failure' || row.rollout === 'missing') ? EXIT_NO : EXIT_OK;
  if (json) return { output: JSON.stringify(rows, null, 2), exitCode };
  const tag = (row: StatusRow) => (row.tag && isCommitSha(row.tag) ? shortSha(row.tag) : (row.tag ?? '—'));
  const table = renderTable(
    ['SERVICE', 'ENVIRONMENT', 'CLUSTER', 'TAG', 'BY', 'ROLLOUT', 'DEPLOYED'],
    rows.map((row) => [row.service, row.environment, row.cluster, tag(row), row.source ?? '', row.rollout, row.deployedAt ?? '']),
  );
  return { output: table, exitCode };
}
