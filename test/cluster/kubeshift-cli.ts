import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs the real `kubeshift` command line (bin/kubeshift.ts through tsx, as `npm run kubeshift`
 * does), so the suite checks what a user is told, exit code included.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(REPO_ROOT, 'bin', 'kubeshift.ts');
const CLI_TIMEOUT_MS = 60_000;

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command to its end; resolves with its exit code and output whatever the code. */
export function kubeshift(...args: string[]): Promise<CliRun> {
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', tsxLoader, ENTRY, ...args],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (status === null) reject(error ?? new Error('kubeshift did not exit'));
        else resolve({ status, stdout, stderr });
      },
    );
  });
}

/** What `kubeshift cost --json` plans for one node group, per scenario. */
export interface PlannedGroup {
  readonly nodeGroup: string;
  readonly instanceType: string;
  readonly nodes: number;
  readonly nodesPerZone: Record<string, number>;
}

interface CostJson {
  kubernetes: { clusters: { cluster: string; steady: { nodeGroups: PlannedGroup[] }; peak: { nodeGroups: PlannedGroup[] } }[] };
  zoneLoss?: {
    cluster: string;
    lostZone: string;
    holds: boolean;
    nodeGroups: { nodeGroup: string; availablePerZone: Record<string, number>; neededPerZone: Record<string, number> }[];
  }[];
}

/** `kubeshift cost --config <file> --json [--fail-zone <zone>]`, parsed; throws on exit 1. */
export async function kubeshiftCost(configFile: string, failZone?: string): Promise<{ status: number; report: CostJson }> {
  const run = await kubeshift('cost', '--config', configFile, '--json', ...(failZone ? ['--fail-zone', failZone] : []));
  if (run.status !== 0 && run.status !== 2) throw new Error(`kubeshift cost exited ${run.status}: ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as CostJson };
}
