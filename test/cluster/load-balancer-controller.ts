import { vendoredCrds } from '../crds/custom-resources';
import type { KubeClient, KubeObject } from './kube-client';

/**
 * What the AWS Load Balancer Controller's Helm chart puts in the cluster before any kubeshift
 * service manifest can be applied: its CustomResourceDefinitions, which Helm installs from the
 * chart's crds/ folder before anything else (https://helm.sh/docs/chart_best_practices/custom_resource_definitions/),
 * as the vendored copy in test/crds/ has them. The controller itself and its webhooks are not
 * seeded: they would need the controller running to answer, and kwok runs no containers, so
 * no pod gets a readiness gate here and no binding is reconciled; what is tested is that the
 * API server admits kubeshift's objects as the CRD's schema says.
 */

type Crd = KubeObject & {
  spec: { group: string; names: { plural: string } };
  status?: { conditions?: { type: string; status: string }[] };
};

/** Creates the controller's CRDs and waits until the API server serves them. */
export async function installControllerCrds(client: KubeClient): Promise<void> {
  for (const crd of vendoredCrds() as Crd[]) {
    await client.create(crd);
    await client.waitFor<Crd>({ apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name }, (live) =>
      (live.status?.conditions ?? []).some((condition) => condition.type === 'Established' && condition.status === 'True'),
    );
  }
}
