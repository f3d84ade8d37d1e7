import * as path from 'node:path';

/**
 * Where scripts/control-plane/build.sh puts the control-plane binaries, and where the harness keeps
 * its run records. Both sides must agree, so the layout lives here and in build.sh only.
 */

/** The Kubernetes release the cluster tests run unless KUBESHIFT_K8S_VERSION names another. */
export const DEFAULT_K8S_VERSION = 'v1.35.4';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'control-plane', 'build.sh');

/** The binaries build.sh produces, by the name the harness runs them under. */
export const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
export type Binary = (typeof BINARIES)[number];

/** `v1.35.4` from an explicit version, else KUBESHIFT_K8S_VERSION, else the default. */
export function k8sVersion(requested?: string): string {
  const version = requested ?? process.env.KUBESHIFT_K8S_VERSION ?? DEFAULT_K8S_VERSION;
  return version.startsWith('v') ? version : `v${version}`;
}

export function cacheRoot(): string {
  return path.resolve(process.env.KUBESHIFT_CONTROL_PLANE_CACHE ?? path.join(REPO_ROOT, '.cache', 'control-plane'));
}

export function binaryPath(version: string, binary: Binary): string {
  return path.join(cacheRoot(), version, 'bin', binary);
}

/** kwok's default node and pod lifecycle stages, written by build.sh from the kwok release it built. */
export function kwokStagesPath(version: string): string {
  return path.join(cacheRoot(), version, 'kwok-stages.yaml');
}

/** One JSON record per running control plane (any version), so a later run can kill what a dead one left. */
export function runRecordsDir(): string {
  return path.join(cacheRoot(), 'run');
}

/** Names the folder where this run's synthesized manifests are kept, shared by the test files (set by global-setup.ts). */
export const SYNTH_CACHE_ENV = 'KUBESHIFT_CLUSTER_SYNTH_DIR';
