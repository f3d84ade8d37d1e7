import { ensureKubeScore } from './kube-score';
import { ensurePythonTools } from './python-tools';

/** Jest global setup: the pinned test tools are there before any test file starts. */
export default function globalSetup(): void {
  ensurePythonTools();
  ensureKubeScore();
}
