import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A temporary folder for one test run, removed when the run ends. aws-cdk-lib writes every App
 * without an outdir to a fresh `cdk.out*` folder under the temporary folder and never removes it
 * (each holds the kubectl layer, about 90 MB): a few hundred runs filled a 250 GB disk. Pointing
 * TMPDIR at one folder per run, set before jest starts its workers (they and their child
 * processes inherit it), lets the run remove all of it at once.
 */
const SCRATCH_ENV = 'KUBESHIFT_TEST_SCRATCH';

export function useScratchDir(): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeshift-test-run-'));
  process.env[SCRATCH_ENV] = scratch;
  process.env.TMPDIR = scratch;
}

export function removeScratchDir(): void {
  const scratch = process.env[SCRATCH_ENV];
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
