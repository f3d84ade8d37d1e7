import { ensureKubeScore } from './kube-score';
import { ensurePythonTools } from './python-tools';
import { useScratchDir } from './scratch-dir';

/** Jest global setup: the pinned test tools are there before any test file starts, and the run has a temporary folder of its own. */
export default function globalSetup(): void {
  ensurePythonTools();
  ensureKubeScore();
  useScratchDir();
}
