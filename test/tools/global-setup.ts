import { ensurePythonTools } from './python-tools';

/** Jest global setup: the pinned Python tools are there before any test file starts. */
export default function globalSetup(): void {
  ensurePythonTools();
}
