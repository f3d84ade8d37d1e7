/**
 * Kubernetes minor versions this build can deploy: each needs its kubectl Lambda layer
 * (`@aws-cdk/lambda-layer-kubectl-vNN`) and its cdk8s-plus (`cdk8s-plus-NN`) installed.
 * `constructs/kubectl-layer.ts` maps each to its layer; a test keeps the two in step.
 */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = ['1.33'];
