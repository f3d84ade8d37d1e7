import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SourceNote } from './build';

/**
 * Where the catalog's source file comes from: the Go module that embeds ec2instances.info's
 * `instances.json`, fetched through the Go module proxy (the module's date is its commit's), or
 * a copy of that file given by path with the date it was taken.
 */

/** Embeds the file as data/instances.json; its Makefile fetches it from UPSTREAM_URL. */
export const SOURCE_MODULE = 'github.com/cristim/ec2-instances-info';
const MODULE_FILE = join('data', 'instances.json');
export const UPSTREAM_URL = 'https://instances.vantage.sh/instances.json';

/** What the file is: vantage-sh/ec2instances.info scrapes the EC2 API and the AWS Price List. */
const DATASET =
  `ec2instances.info instances.json (${UPSTREAM_URL}, vantage-sh/ec2instances.info): vCPUs, memory, architecture and ENI limits ` +
  "from the EC2 API's DescribeInstanceTypes, on-demand Linux prices (pricing.<region>.linux.ondemand) from the AWS Price List API";

export interface SourceFile extends SourceNote {
  readonly path: string;
}

/** The module at `version` (`latest` or a pseudo-version) through `go mod download`. */
export function fromGoModule(version: string): SourceFile {
  const scratch = mkdtempSync(join(tmpdir(), 'kubeshift-catalog-'));
  let output: string;
  try {
    // Outside any module, so that no go.mod of ours is read or changed.
    output = execFileSync('go', ['mod', 'download', '-json', `${SOURCE_MODULE}@${version}`], { cwd: scratch, encoding: 'utf8' });
  } catch (error) {
    throw new Error(`go mod download ${SOURCE_MODULE}@${version} failed: ${goError(error)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const module = JSON.parse(output) as { Version: string; Dir: string; Info: string };
  const info = JSON.parse(readFileSync(module.Info, 'utf8')) as { Time: string };
  return {
    path: join(module.Dir, MODULE_FILE),
    date: info.Time.slice(0, 'YYYY-MM-DD'.length),
    source: `${DATASET}; as embedded in the Go module ${SOURCE_MODULE}@${module.Version} (${MODULE_FILE}), through the Go module proxy`,
  };
}

/** A copy of instances.json on disk, taken on `date`. */
export function fromFile(path: string, date: string): SourceFile {
  return { path, date, source: `${DATASET}; the copy ${basename(path)} taken on ${date}` };
}

/** `go mod download -json` reports a failure as JSON with an Error field on stdout. */
function goError(error: unknown): string {
  const stdout = (error as { stdout?: string }).stdout ?? '';
  try {
    return (JSON.parse(stdout) as { Error?: string }).Error ?? stdout.trim();
  } catch {
    return stdout.trim() || (error as Error).message;
  }
}
