import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { kubeScoreBinary } from '../tools/kube-score';
import { pythonTool } from '../tools/python-tools';

/**
 * The two scanners of the quality gates, each run once over a whole set of files. Both read their
 * skips from the files themselves, each next to what it skips: checkov from
 * `Metadata.checkov.skip` of a CloudFormation resource (constructs/private/acknowledge.ts) and
 * `checkov.io/skip<n>` annotations, kube-score from `kube-score/ignore` (charts/scanner-skips.ts).
 * No check is skipped for the whole run.
 */

export interface CheckovResult {
  /** One line per failed check: `<check id> <resource> <file>`. */
  readonly findings: string[];
  /** Every skip checkov honoured: `<check id> <resource>: <reason>`. */
  readonly skips: string[];
  /** Files or parts checkov could not parse, and a run that did not end as expected. */
  readonly problems: string[];
}

/**
 * checkov over CloudFormation templates (nested stacks included) and Kubernetes manifests in one
 * run. `--skip-download`: nothing is fetched from Prisma Cloud, so the run is offline and the same
 * everywhere.
 */
export function checkov(files: readonly string[]): CheckovResult {
  const result = spawnSync(
    pythonTool('checkov', 'checkov'),
    ['--framework', 'cloudformation', 'kubernetes', '--skip-download', '--compact', '--output', 'json', '--file', ...files],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.error) throw new Error(`checkov did not start: ${result.error.message}`);
  const problems: string[] = [];
  // 0: no finding; 1: findings.
  if (result.status !== 0 && result.status !== 1) problems.push(`checkov exited ${result.status}: ${result.stderr.slice(-2000)}`);
  let reports: any[] = [];
  try {
    const parsed = JSON.parse(result.stdout);
    reports = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    problems.push(`checkov wrote no JSON report: ${result.stdout.slice(0, 500)} ${result.stderr.slice(-2000)}`);
  }
  const findings: string[] = [];
  const skips: string[] = [];
  for (const report of reports) {
    if (report.summary?.parsing_errors) problems.push(`${report.check_type}: ${report.summary.parsing_errors} files not parsed`);
    for (const failed of report.results?.failed_checks ?? []) {
      findings.push(`${failed.check_id} ${failed.resource} ${basename(failed.file_path)}`);
    }
    for (const skipped of report.results?.skipped_checks ?? []) {
      skips.push(`${skipped.check_id} ${skipped.resource}: ${skipped.check_result?.suppress_comment ?? ''}`);
    }
  }
  return { findings, skips, problems };
}

/**
 * kube-score over Kubernetes manifests, checked as for the given Kubernetes version: one line per
 * finding at WARNING or CRITICAL, as kube-score's `ci` format prints it.
 */
export function kubeScore(kubernetesVersion: string, files: readonly string[]): { findings: string[]; problems: string[] } {
  const result = spawnSync(
    kubeScoreBinary(),
    ['score', '--output-format', 'ci', '--kubernetes-version', `v${kubernetesVersion}`, ...files],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.error) throw new Error(`kube-score did not start: ${result.error.message}`);
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  const findings = lines.filter((line) => /^\[(WARNING|CRITICAL)\] /.test(line));
  const problems = lines.length === 0 ? [`kube-score printed nothing (exit ${result.status}): ${result.stderr.slice(-2000)}`] : [];
  return { findings, problems };
}
