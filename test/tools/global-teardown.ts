import { removeScratchDir } from './scratch-dir';

/** Jest global teardown: what the run wrote to its temporary folder goes with it. */
export default function globalTeardown(): void {
  removeScratchDir();
}
