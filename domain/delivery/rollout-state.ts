/**
 * A Deployment's rollout as a GitHub commit status: `pending` while it rolls, `success` once
 * complete, `failure` once its progress deadline has passed. The rule is `kubectl rollout
 * status`'s: complete when the controller has seen the current generation and every desired
 * replica is updated and available; failed when the Progressing condition says
 * ProgressDeadlineExceeded (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status).
 */
export type RolloutState = 'pending' | 'success' | 'failure';

/** The parts of a Deployment this reads, as the API returns them. */
export interface DeploymentRollout {
  readonly metadata?: { readonly generation?: number };
  readonly spec?: { readonly replicas?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly availableReplicas?: number;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly reason?: string }[];
  };
}

/** Kubernetes defaults `spec.replicas` to 1. */
const DEFAULT_REPLICAS = 1;

export function rolloutState(deployment: DeploymentRollout): RolloutState {
  const status = deployment.status ?? {};
  // Until the controller has seen the current generation, its conditions describe the previous
  // revision: a deadline that revision exceeded says nothing of this one. kubectl checks the
  // generation first too (kubectl/pkg/polymorphichelpers/rollout_status.go).
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) return 'pending';
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return 'failure';
  const desired = deployment.spec?.replicas ?? DEFAULT_REPLICAS;
  const updated = status.updatedReplicas ?? 0;
  // Old replicas still terminating keep `replicas` above `updatedReplicas`: not complete yet.
  const complete = updated === desired && (status.replicas ?? 0) === updated && (status.availableReplicas ?? 0) === updated;
  return complete ? 'success' : 'pending';
}

/**
 * Whether a status must be posted: only when the state changes. GitHub keeps at most 1,000
 * statuses per commit and context, so a watcher that posted on every poll would run out.
 */
export function statusToPost<State extends string = RolloutState>(previous: State | undefined, current: State): State | undefined {
  return previous === current ? undefined : current;
}
