/**
 * The issues filed beside this suite's (issue 8), by title: a `test.failing` whose fault belongs
 * to one of them names it, and turns red (so it is flipped to `test`) the day the fault is fixed.
 * (None of this suite's assertions has found a fault of the edge issue yet.)
 */

export const CLUSTER_ISSUE =
  'The cluster on a real account: first deploy succeeds, nodes scale both ways, logs arrive, a locked-down API, and what a Beanstalk app needs to run (config, secrets, IAM)';
