import type { ServiceEnvironment } from '../../config';
import { repositoryLabelValue } from '../naming';

/**
 * What marks a preview namespace, and when it expires. The handler writes these labels, the
 * sweeper selects and reads them, `delivery status` lists them: one definition for all three.
 */

/** Label keys of a preview namespace; the annotations keep exact values labels cannot hold. */
export const PREVIEW_LABELS = {
  preview: 'kubeshift.io/preview',
  service: 'kubeshift.io/service',
  pullRequest: 'kubeshift.io/pull-request',
  repository: 'kubeshift.io/repository',
  /** Unix seconds: a label value cannot hold an ISO date's colons. */
  expires: 'kubeshift.io/expires',
} as const;

/** Annotations delivery writes on what it deploys (Deployment and preview namespace alike). */
export const DELIVERY_ANNOTATIONS = {
  /** The full commit SHA running. */
  commit: 'kubeshift.io/commit',
  /** When delivery last applied it, ISO 8601. */
  deployedAt: 'kubeshift.io/deployed-at',
  /** `owner/name` exactly. */
  repository: 'kubeshift.io/repository',
} as const;

/** `kubeshift.io/preview=true`: the selector of every preview namespace. */
export const PREVIEW_SELECTOR = `${PREVIEW_LABELS.preview}=true`;

const MS_PER_HOUR = 3_600_000;

/** When a preview pushed at `now` expires: every green push renews it. */
export function previewExpiry(now: Date, ttlHours: number): Date {
  return new Date(now.getTime() + ttlHours * MS_PER_HOUR);
}

export interface PreviewIdentity {
  readonly service: string;
  readonly pullRequest: number;
  readonly repository: string;
}

/** The labels of a preview namespace. */
export function previewLabels(identity: PreviewIdentity, expiresAt: Date): Record<string, string> {
  return {
    [PREVIEW_LABELS.preview]: 'true',
    [PREVIEW_LABELS.service]: identity.service,
    [PREVIEW_LABELS.pullRequest]: String(identity.pullRequest),
    [PREVIEW_LABELS.repository]: repositoryLabelValue(identity.repository),
    [PREVIEW_LABELS.expires]: String(Math.floor(expiresAt.getTime() / 1000)),
  };
}

/** A preview namespace as the cluster holds it. */
export interface LivePreview extends PreviewIdentity {
  readonly namespace: string;
  /** @default - never: a namespace without a readable expiry is kept until its pull request closes */
  readonly expiresAt?: Date;
  /** @default - unknown */
  readonly sha?: string;
}

/**
 * Reads a namespace's labels and annotations back into a preview; undefined when it is not a
 * complete kubeshift preview (another tool's namespace is never touched).
 */
export function livePreview(
  namespace: string,
  labels: Readonly<Record<string, string>> = {},
  annotations: Readonly<Record<string, string>> = {},
): LivePreview | undefined {
  const pullRequest = Number(labels[PREVIEW_LABELS.pullRequest]);
  const service = labels[PREVIEW_LABELS.service];
  const repository = annotations[DELIVERY_ANNOTATIONS.repository];
  if (labels[PREVIEW_LABELS.preview] !== 'true' || !service || !repository || !Number.isInteger(pullRequest) || pullRequest < 1) {
    return undefined;
  }
  const seconds = Number(labels[PREVIEW_LABELS.expires]);
  return {
    namespace,
    service,
    pullRequest,
    repository,
    expiresAt: labels[PREVIEW_LABELS.expires] && Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined,
    sha: annotations[DELIVERY_ANNOTATIONS.commit],
  };
}

/** What a preview is rendered from: the charts render it, the delivery worker asks for it. */
export interface PreviewRequest {
  /** The service in the environment previews start from, as the config resolves it. */
  readonly entry: ServiceEnvironment;
  readonly namespace: string;
  /** `<image repository>:<commit sha>` */
  readonly image: string;
  /** The namespace's labels (preview, service, pull request, repository, expiry). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** On the namespace and the Deployment: the commit, when, the repository. */
  readonly annotations: Readonly<Record<string, string>>;
  /** `<service>-pr-<number>.preview.<zone>` */
  readonly hostName: string;
}
