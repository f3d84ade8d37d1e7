import { startControlPlane } from './control-plane';

/**
 * Starts a control plane, prints its processes as one JSON line, and never stops it: the
 * interruption test kills this process with SIGKILL and checks that nothing it started survives.
 */
async function main(): Promise<void> {
  const controlPlane = await startControlPlane();
  process.stdout.write(`${JSON.stringify({ dir: controlPlane.dir, processes: controlPlane.processes })}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
