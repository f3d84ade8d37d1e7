/**
 * Regenerates the cost planner's instance and price data (domain/cost/data/instances.json and
 * prices.json) from ec2instances.info's instances.json. The EKS support calendar beside them
 * (eks-versions.json) is kept by hand from the EKS release calendar: this script leaves it alone.
 *
 * Usage:
 *   npx tsx scripts/catalog/update.ts                          the module's latest version, via the Go module proxy
 *   npx tsx scripts/catalog/update.ts --version v0.0.0-…       that version of the module
 *   npx tsx scripts/catalog/update.ts --source FILE --date YYYY-MM-DD
 *                                                              a copy of instances.json, taken on that date
 * Options: --out DIR (default domain/cost/data).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { type SourceInstance, buildCatalog } from './build';
import { type SourceFile, fromFile, fromGoModule } from './source';

const DEFAULT_OUT = join(__dirname, '..', '..', 'domain', 'cost', 'data');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      date: { type: 'string' },
      version: { type: 'string', default: 'latest' },
      out: { type: 'string', default: DEFAULT_OUT },
    },
  });
  const source = sourceFile(values);
  const records = JSON.parse(readFileSync(source.path, 'utf8')) as SourceInstance[];
  if (!Array.isArray(records)) throw new Error(`${source.path}: expected a JSON array of instance types`);
  const catalog = buildCatalog(records, source);
  const out = resolve(values.out);
  await writeJson(join(out, 'instances.json'), catalog.instances);
  await writeJson(join(out, 'prices.json'), catalog.prices);

  const regions = Object.entries(catalog.prices.regions);
  console.log(`source: ${source.source}`);
  console.log(`taken: ${source.date}`);
  console.log(`${Object.keys(catalog.instances.types).length} instance types, ${regions.length} regions: ${out}`);
  for (const [region, prices] of regions) console.log(`  ${region}: ${Object.keys(prices).length} prices`);
  console.log(`left out ${Object.keys(catalog.skipped).length} types of the source:`);
  for (const [type, why] of Object.entries(catalog.skipped)) console.log(`  ${type}: ${why}`);
}

function sourceFile(values: { source?: string; date?: string; version: string }): SourceFile {
  if (values.source === undefined) return fromGoModule(values.version);
  if (!values.date || !ISO_DATE.test(values.date)) {
    throw new Error('--source needs --date YYYY-MM-DD: the day the file was taken, recorded in the data');
  }
  return fromFile(values.source, values.date);
}

/** Formatted as the repo's Prettier config would (wherever --out points), so `prettier --check` passes on the output. */
async function writeJson(file: string, document: unknown): Promise<void> {
  const options = (await prettier.resolveConfig(join(DEFAULT_OUT, basename(file)))) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(document), { ...options, filepath: file }));
}

main().catch((error: unknown) => {
  console.error(`catalog update: ${(error as Error).message}`);
  process.exitCode = 1;
});
