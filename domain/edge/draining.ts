/**
 * How a pod leaves its load balancer without dropping a request. When a pod starts terminating,
 * its endpoint turns not-ready, the AWS Load Balancer Controller deregisters it, and the ALB
 * stops sending new requests a few seconds later; meanwhile the pod keeps serving, because its
 * pre-stop hook delays SIGTERM. Then the app finishes its in-flight requests (`shutdownSeconds`).
 * https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html
 */

/** The pre-stop delay: long enough for the controller to deregister the pod and the ALB to stop sending. */
export const PRE_STOP_SECONDS = 15;
/** Between the app's own shutdown and SIGKILL, so a slow exit is not cut mid-response. */
const GRACE_MARGIN_SECONDS = 5;

export interface DrainTimings {
  /** `lifecycle.preStop.sleep.seconds` of every container. */
  readonly preStopSeconds: number;
  /** The pod's `terminationGracePeriodSeconds`: above pre-stop plus the app's shutdown. */
  readonly terminationGracePeriodSeconds: number;
  /** The target group's `deregistration_delay.timeout_seconds`: as long as the pod can still answer, no longer. */
  readonly deregistrationDelaySeconds: number;
}

export function drainTimings(shutdownSeconds: number): DrainTimings {
  return {
    preStopSeconds: PRE_STOP_SECONDS,
    terminationGracePeriodSeconds: PRE_STOP_SECONDS + shutdownSeconds + GRACE_MARGIN_SECONDS,
    deregistrationDelaySeconds: PRE_STOP_SECONDS + shutdownSeconds,
  };
}
