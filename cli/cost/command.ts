import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfigFile } from '../../config';
import { CliError, EXIT_NO } from '../cli-error';
import { type CommonOptions, withCommonOptions } from '../options';
import { bundledCatalog, withPriceOverrides } from './catalog';
import { estimateCost, nodeTypeOptions, selectEntries } from './estimate';
import { type ZoneLossCheck, nodeGroupCapacityShortfalls, planZoneLoss } from './planner';
import { toJson, toText } from './report';
import { costChart } from './svg';

interface CostOptions extends CommonOptions {
  readonly svg?: string;
  readonly failZone?: string;
  readonly prices?: string;
}

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
    .option('--prices <file>', 'JSON prices laid over the bundled snapshot (same shape as cli/cost/data/prices.json)')
    .action((options: CostOptions) => runCost(options));
}

export function runCost(options: CostOptions, print: (text: string) => void = (text) => console.log(text)): void {
  const config = loadConfigFile(options.config);
  const catalog = options.prices ? withPriceOverrides(bundledCatalog(), readJson(options.prices), options.prices) : bundledCatalog();
  const entries = selectEntries(config, options.service, options.env);
  const estimate = estimateCost(config, { catalog, entries });
  const shortfalls = config.clusters.flatMap((cluster) => nodeGroupCapacityShortfalls(config, cluster.name, catalog));
  const zoneLoss: ZoneLossCheck[] | undefined = options.failZone
    ? config.clusters.map((cluster) => planZoneLoss(config, cluster.name, options.failZone!, { catalog, entries }))
    : undefined;
  const nodeTypes = Object.fromEntries(
    config.clusters.map((cluster) => [cluster.name, nodeTypeOptions(config, cluster.name, { catalog, entries })]),
  );
  if (options.svg) writeFile(options.svg, costChart(estimate));
  const extras = { shortfalls, zoneLoss, nodeTypes };
  print(options.json ? JSON.stringify(toJson(estimate, extras), null, 2) : toText(estimate, extras));
  if (zoneLoss?.some((check) => !check.holds)) process.exitCode = EXIT_NO;
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
