import * as path from 'node:path';

/**
 * Where scripts/control-plane/build.sh puts the control-plane binaries, and where the harness keeps
 * its run records. Both sides must agree, so the layout lives here and in build.sh only.
 */

/**
 * The release the suite runs for each Kubernetes minor a test config may ask for: the newest
 * patch of the minor on the Go module proxy when it was added (`go list -m -versions k8s.io/kubernetes`).
 * global-setup.ts builds every one; only the apply test starts the older ones (its configs name them).
 */
export const SERVER_VERSIONS: Readonly<Record<string, string>> = {
  '1.34': 'v1.34.4',
  '1.35': 'v1.35.4',
};

/** The Kubernetes release the cluster tests run unless KUBESHIFT_K8S_VERSION names another. */
export const DEFAULT_K8S_VERSION = SERVER_VERSIONS['1.35'];

/** The release that plays a cluster of Kubernetes `minor` (`1.34`), or an error naming the minors built. */
export function serverVersionFor(minor: string): string {
  const version = SERVER_VERSIONS[minor];
  if (!version) {
    throw new Error(
      `the cluster suite builds no Kubernetes ${minor} (built: ${Object.keys(SERVER_VERSIONS).join(', ')}): add it to SERVER_VERSIONS in test/cluster/cache.ts`,
    );
  }
  return version;
}

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
