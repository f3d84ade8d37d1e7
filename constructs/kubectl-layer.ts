import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { KubectlV34Layer } from '@aws-cdk/lambda-layer-kubectl-v34';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import type { ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/**
 * The kubectl Lambda layer for each Kubernetes minor version this build supports. Adding a
 * version means installing its `@aws-cdk/lambda-layer-kubectl-vNN` (and `cdk8s-plus-NN`) and
 * adding its row to `domain/kubernetes-releases.ts` too.
 */
export const KUBECTL_LAYERS: Readonly<Record<string, new (scope: Construct, id: string) => ILayerVersion>> = {
  '1.33': KubectlV33Layer,
  '1.34': KubectlV34Layer,
  '1.35': KubectlV35Layer,
};

/** The kubectl layer for a version; the config loader has already rejected unsupported ones. */
export function kubectlLayerFor(scope: Construct, version: string): ILayerVersion {
  const Layer = KUBECTL_LAYERS[version];
  if (!Layer) {
    throw new Error(`no kubectl layer installed for Kubernetes ${version} (installed: ${Object.keys(KUBECTL_LAYERS).join(', ')})`);
  }
  return new Layer(scope, 'KubectlLayer');
}
