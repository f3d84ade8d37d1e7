import { spawnSync } from 'node:child_process';
import { BUILD_SCRIPT, k8sVersion, runRecordsDir } from './cache';
import { reapLeftovers } from './process-tracker';

/**
 * Jest globalSetup of the cluster suite: builds the control plane once (instant when the cache
 * has it; about 10 minutes of CPU the first time) and kills what an interrupted earlier run left.
 */
export default async function globalSetup(): Promise<void> {
  const version = k8sVersion();
  const build = spawnSync('bash', [BUILD_SCRIPT, version], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`${BUILD_SCRIPT} ${version} failed (exit ${build.status ?? build.signal})`);
  await reapLeftovers(runRecordsDir());
}
