import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfigFile } from '../../config';
import { CliError, EXIT_NO, EXIT_OK } from '../cli-error';
import { emit, type CommandResult } from '../command-result';
import { type CommonOptions, withCommonOptions } from '../options';
import { bundledCatalog, utcDay, withPriceOverrides } from '../../domain/cost/catalog';
import { estimateCost, nodeTypeOptions } from '../../domain/cost/estimate';
import { type ZoneLossCheck, capacityShortfalls, packCluster, planZoneLoss } from '../../domain/cost/planner';
import { toJson, toText } from './report';
import { selectServiceEnvironments } from '../selection';
import { costChart } from './svg';

interface CostOptions extends CommonOptions {
  readonly svg?: string;
  readonly failZone?: string;
  readonly prices?: string;
  readonly date?: string;
}

/** The report for stdout, and what was left out of it for stderr. */
export interface CostResult extends CommandResult {
  /** One line each, naming the config field. */
  readonly warnings: readonly string[];
}

/** Each warning is one stderr line with this prefix, as errors are (`kubeshift: …`). */
export const WARNING_PREFIX = 'kubeshift: warning: ';

/** Registers `cost`: instances and monthly cost, Beanstalk against the shared clusters. */
export function registerCostCommand(program: Command): void {
  withCommonOptions(
    program
      .command('cost')
      .description(
        'What the move saves: instances and monthly on-demand cost on Beanstalk vs the shared EKS clusters, and the node-group sizes the plan implies',
      ),
  )
    .option('--svg <file>', 'also write a bar chart (instances and cost per environment) to this SVG file')
    .option('--fail-zone <az>', 'plan again with this availability zone gone; exit 2 when production no longer fits')
    .option('--prices <file>', 'JSON prices laid over the bundled snapshot (same shape as domain/cost/data/prices.json)')
    .option(
      '--date <yyyy-mm-dd>',
      "price the EKS control plane as on this day: the extended-support rate once the cluster's Kubernetes version is past standard support (default: today, UTC)",
    )
    .action((options: CostOptions) => {
      const result = runCost(options);
      for (const warning of result.warnings) process.stderr.write(`${WARNING_PREFIX}${warning}\n`);
      emit(result);
    });
}

/** `today` is the plan date unless `--date` names one: the domain never reads the clock. */
export function runCost(options: CostOptions, today: Date = new Date()): CostResult {
  const config = loadConfigFile(options.config);
  const catalog = options.prices ? withPriceOverrides(bundledCatalog(), readJson(options.prices), options.prices) : bundledCatalog();
  const entries = selectServiceEnvironments(config, options);
  const planDate = options.date ?? utcDay(today);
  const estimate = estimateCost(config, { catalog, entries, planDate });
  // Capacity is checked against every service, whatever --service / --env select.
  const packings = config.clusters.map((cluster) => packCluster(config, cluster.name, { catalog }));
  const shortfalls = packings.flatMap(capacityShortfalls);
  // The environments the estimate compares: any whose Beanstalk type is unknown are left out of every table.
  const compared = { catalog, entries: estimate.entries, planDate };
  const zoneLoss: ZoneLossCheck[] | undefined = options.failZone
    ? config.clusters.map((cluster) => planZoneLoss(config, cluster.name, options.failZone!, compared))
    : undefined;
  const nodeTypes = Object.fromEntries(config.clusters.map((cluster) => [cluster.name, nodeTypeOptions(config, cluster.name, compared)]));
  if (options.svg) writeFile(options.svg, costChart(estimate));
  const extras = { shortfalls, zoneLoss, nodeTypes };
  return {
    output: options.json ? JSON.stringify(toJson(estimate, extras), null, 2) : toText(estimate, extras),
    exitCode: zoneLoss?.some((check) => !check.holds) ? EXIT_NO : EXIT_OK,
    // The same node group left out of every plan is one line.
    warnings: [
      ...new Set([
        ...estimate.warnings,
        ...packings.flatMap((packing) => packing.warnings),
        ...(zoneLoss ?? []).flatMap((check) => check.warnings),
      ]),
    ],
  };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read prices file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`prices file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function writeFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
