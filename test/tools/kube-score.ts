import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * kube-score, built from source through the Go module proxy into the git-ignored
 * `.cache/tools/kube-score-<version>/` on first use, like the control plane of the cluster suite
 * (scripts/control-plane/build.sh): a machine needs Go and nothing else, and every machine runs the
 * same release.
 */

/** github.com/zegl/kube-score release. */
export const KUBE_SCORE_VERSION = 'v1.20.0';
const MODULE = 'github.com/zegl/kube-score/cmd/kube-score';
const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, '.cache', 'tools', `kube-score-${KUBE_SCORE_VERSION}`);

/** The kube-score binary the gates run. */
export function kubeScoreBinary(): string {
  return join(DIR, 'kube-score');
}

/** Builds kube-score unless this version is already there (about a minute on two cores, once). */
export function ensureKubeScore(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (existsSync(kubeScoreBinary())) return;
  log(`Building kube-score ${KUBE_SCORE_VERSION} into ${DIR} (first run only; needs Go)...`);
  // Into a directory of its own first, so an interrupted build never leaves a half binary behind.
  const staging = `${DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const result = spawnSync('go', ['install', '-trimpath', '-ldflags=-s -w', `${MODULE}@${KUBE_SCORE_VERSION}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOBIN: staging, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
  });
  if (result.error || result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    const why = result.error ? result.error.message : `exited with ${result.status}`;
    throw new Error(`cannot build kube-score (go install ${MODULE}@${KUBE_SCORE_VERSION}): ${why}; Go is required (https://go.dev/dl/)`);
  }
  rmSync(DIR, { recursive: true, force: true });
  renameSync(staging, DIR);
}
