import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { BUILD_SCRIPT, cacheRoot, k8sVersion, runRecordsDir, SERVER_VERSIONS, SYNTH_CACHE_ENV } from './cache';
import { isAlive, reapLeftovers } from './process-tracker';
import { ensurePythonTools } from '../tools/python-tools';

/**
 * Jest globalSetup of the cluster suite: builds the control planes once (the run's version and
 * every one of SERVER_VERSIONS; instant when the cache has them, about 10 minutes of CPU each the
 * first time), installs the pinned Python tools it runs (moto; instant once installed), kills what an
 * interrupted earlier run left, and names the folder where the test files share the manifests
 * they synthesize.
 */
export default async function globalSetup(): Promise<void> {
  for (const version of new Set([k8sVersion(), ...Object.values(SERVER_VERSIONS)])) {
    const build = spawnSync('bash', [BUILD_SCRIPT, version], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`${BUILD_SCRIPT} ${version} failed (exit ${build.status ?? build.signal})`);
  }
  // moto_server, for the delivery test's Route 53 record (checkov, in the other venv, is not needed here).
  ensurePythonTools(['tools']);
  await reapLeftovers(runRecordsDir());
  process.env[SYNTH_CACHE_ENV] = synthCacheDir();
}

/** A folder for this run's synthesized manifests (test files share them); those of finished runs go. */
function synthCacheDir(): string {
  const root = path.join(cacheRoot(), 'synth');
  if (existsSync(root)) {
    for (const entry of readdirSync(root)) {
      const owner = Number(entry.split('-')[0]);
      if (!Number.isInteger(owner) || !isAlive(owner)) rmSync(path.join(root, entry), { recursive: true, force: true });
    }
  }
  const dir = path.join(root, `${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
