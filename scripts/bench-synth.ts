/**
 * `npm run bench:synth`: how long `cdk synth` of the example takes against an EKS Blueprints app
 * of one cluster and six add-ons (bench/blueprints: @aws-quickstart/eks-blueprints 1.19.0 on
 * aws-cdk-lib 2.261.0, the same cluster shape), and how kubeshift's synth grows with generated
 * fleets of 100, 300 and 1,000 services × 2 environments.
 *
 * Each figure is the whole process — `node_modules/.bin/cdk synth --quiet --no-notices` of the
 * project, run the same way for both, into a fresh temporary output folder — timed from spawn to
 * exit; the cases alternate run by run, after untimed warm-ups, and the median is printed. Each
 * app runs as its cdk.json says: kubeshift's `node bin/app.js` (its sources bundled by esbuild in
 * memory), the peer's `node --import tsx bin/app.ts` (its own repository runs `npx ts-node`,
 * which type-checks at every synth: far slower). A third row runs kubeshift through tsx as well,
 * so the table shows what each of the two changes (the bundle, the app itself) is worth.
 * Where /usr/bin/time exists it also gives the run's CPU time (user + system, every process of it;
 * less disturbed than wall time by other load on the machine) and its peak RSS (the largest
 * process's, GNU time's %M).
 * The everyday synth runs without `CI` in its environment, as on a workstation; "full checks" is
 * the synth CI runs (`-c kubeshift:checks=full`: CDK's CloudFormation validation as well).
 * It prints figures; it asserts nothing.
 *
 *   npm run bench:synth -- [--runs 5] [--only example|fleets] [--fleets 100,300,1000]
 *
 * The first run installs the peer (`npm ci` in bench/blueprints, from its lockfile); later runs
 * reuse it while the lockfile is unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const ROOT = join(__dirname, '..');
const PEER = join(ROOT, 'bench', 'blueprints');
const GNU_TIME = '/usr/bin/time';

interface Options {
  runs: number;
  only?: 'example' | 'fleets';
  fleets: number[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 5, fleets: [100, 300, 1000] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--runs') options.runs = Number(value());
    else if (flag === '--only') options.only = value() as Options['only'];
    else if (flag === '--fleets') options.fleets = value().split(',').map(Number);
    else if (flag === '--help' || flag === '-h') {
      console.log('npm run bench:synth -- [--runs 5] [--only example|fleets] [--fleets 100,300,1000]');
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]} (--help)`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  if (options.only && !['example', 'fleets'].includes(options.only)) throw new Error('--only takes example or fleets');
  if (options.fleets.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--fleets takes sizes like 100,300');
  return options;
}

interface Case {
  readonly label: string;
  readonly cwd: string;
  readonly args: readonly string[];
}

interface Run {
  readonly seconds: number;
  readonly cpuSeconds?: number;
  readonly peakMiB?: number;
  readonly status: number | null;
  readonly stderr: string;
}

/** The environment of a workstation: no CI flag, no validation switch inherited from the caller. */
function everydayEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['CI', 'CDK_VALIDATION', 'NODE_ENV', 'CDK_APP_MODE']) delete env[name];
  return env;
}

const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M %U %S', 'true'], { encoding: 'utf8' }).status === 0;

function runOnce(benchCase: Case): Run {
  const workdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  const outdir = join(workdir, 'cdk.out');
  const rssFile = join(workdir, 'peak-rss');
  const cdk = join(benchCase.cwd, 'node_modules', '.bin', 'cdk');
  const cdkArgs = ['synth', '--quiet', '--no-notices', '-o', outdir, ...benchCase.args];
  const [command, args] = hasGnuTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, cdk, ...cdkArgs]] : [cdk, cdkArgs];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: benchCase.cwd, env: everydayEnv(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let peakMiB: number | undefined;
  let cpuSeconds: number | undefined;
  if (hasGnuTime && existsSync(rssFile)) {
    // The last line: GNU time writes "Command exited with non-zero status N" before it.
    const [kib, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    if (Number.isFinite(kib)) peakMiB = kib / 1024;
    if (Number.isFinite(user + system)) cpuSeconds = user + system;
  }
  rmSync(workdir, { recursive: true, force: true });
  return { seconds, cpuSeconds, peakMiB, status: result.status, stderr: result.stderr ?? '' };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Result {
  readonly benchCase: Case;
  readonly runs: Run[];
}

/** Untimed warm-ups (module and disk caches), then `runs` rounds, each case once per round in turn. */
function measure(cases: readonly Case[], runs: number, warmUps: readonly Case[] = cases): Result[] {
  for (const benchCase of warmUps) {
    process.stderr.write(`  warm-up: ${benchCase.label}\n`);
    const warmUp = runOnce(benchCase);
    if (warmUp.status !== 0) {
      process.stderr.write(
        `  ${benchCase.label}: cdk synth exited ${warmUp.status}:\n${warmUp.stderr.split('\n').slice(-15).join('\n')}\n`,
      );
    }
  }
  const results = cases.map((benchCase) => ({ benchCase, runs: [] as Run[] }));
  for (let round = 1; round <= runs; round++) {
    for (const result of results) {
      const run = runOnce(result.benchCase);
      result.runs.push(run);
      process.stderr.write(`  round ${round}/${runs}: ${result.benchCase.label}: ${run.seconds.toFixed(2)} s\n`);
    }
  }
  return results;
}

const seconds = (value: number) => `${value.toFixed(2)} s`;

const defined = (values: readonly (number | undefined)[]) => values.filter((value): value is number => value !== undefined);

function row(result: Result): string[] {
  const times = result.runs.map((run) => run.seconds);
  const cpu = defined(result.runs.map((run) => run.cpuSeconds));
  const peaks = defined(result.runs.map((run) => run.peakMiB));
  const failed = result.runs.filter((run) => run.status !== 0).length;
  return [
    result.benchCase.label,
    seconds(median(times)),
    `${seconds(Math.min(...times))} – ${seconds(Math.max(...times))}`,
    cpu.length ? seconds(median(cpu)) : 'n/a',
    peaks.length ? `${median(peaks).toFixed(0)} MiB` : 'n/a',
    failed ? `exit ${result.runs.find((run) => run.status !== 0)!.status} ×${failed}` : 'ok',
  ];
}

function printTable(title: string, results: readonly Result[]): void {
  const header = ['case', 'median', 'min – max', 'CPU', 'peak RSS', 'status'];
  const rows = [header, ...results.map(row)];
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  console.log(`\n${title}`);
  for (const cells of rows)
    console.log(
      '  ' +
        cells
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
    );
}

/** bench/blueprints/node_modules from its lockfile, reinstalled only when the lockfile changes. */
function ensurePeerInstalled(): void {
  const lock = readFileSync(join(PEER, 'package-lock.json'));
  const stamp = join(PEER, 'node_modules', '.bench-lock-sha256');
  const digest = createHash('sha256').update(lock).digest('hex');
  if (existsSync(join(PEER, 'node_modules', '.bin', 'cdk')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  process.stderr.write('installing the peer: npm ci in bench/blueprints (once)\n');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEER, stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`npm ci in bench/blueprints failed (exit ${install.status})`);
  writeFileSync(stamp, digest);
}

function machine(): string {
  const [one, five] = loadavg();
  const busy = one > cpus().length ? ' — busier than its cores: the figures may be disturbed, run it again' : '';
  return `node ${process.version}, ${cpus().length} cores, load average ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min)${busy}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  console.log(`kubeshift synth benchmark: whole-process wall time of \`cdk synth --quiet\`, median of ${options.runs} alternating runs`);
  console.log(`  ${machine()}`);
  if (!hasGnuTime) console.log(`  (no ${GNU_TIME}: CPU time and peak RSS not measured)`);

  if (options.only !== 'fleets') {
    ensurePeerInstalled();
    const example: Case = { label: 'kubeshift example, everyday synth', cwd: ROOT, args: [] };
    const peer: Case = { label: 'EKS Blueprints 1.19 peer (1 cluster, 6 add-ons)', cwd: PEER, args: [] };
    const full: Case = { label: 'kubeshift example, full checks (as CI)', cwd: ROOT, args: ['-c', 'kubeshift:checks=full'] };
    const throughTsx: Case = {
      label: 'kubeshift example, everyday, run through tsx as the peer is',
      cwd: ROOT,
      args: ['--app', 'node --import tsx bin/app.ts'],
    };
    const results = measure([example, peer, full, throughTsx], options.runs);
    printTable('config/example.yaml against the peer', results);
    const [exampleMedian, peerMedian, fullMedian, tsxMedian] = results.map((result) => median(result.runs.map((run) => run.seconds)));
    console.log(
      `  ratio example / peer (median wall time): ${(exampleMedian / peerMedian).toFixed(2)} everyday, ${(fullMedian / peerMedian).toFixed(2)} with full checks, ${(tsxMedian / peerMedian).toFixed(2)} everyday through tsx`,
    );
    const [exampleCpu, peerCpu] = results.map((result) => defined(result.runs.map((run) => run.cpuSeconds)));
    if (exampleCpu.length && peerCpu.length)
      console.log(`  ratio example / peer (median CPU time): ${(median(exampleCpu) / median(peerCpu)).toFixed(2)} everyday`);
  }

  if (options.only !== 'example' && options.fleets.length) {
    // Imported here: the fixtures load the whole CDK app, which the example's figures do not need.
    const { fleetDocument } = await import('../test/fixtures');
    const dir = mkdtempSync(join(tmpdir(), 'bench-synth-fleets-'));
    try {
      const cases = options.fleets.map((size): Case => {
        const path = join(dir, `fleet-${size}.yaml`);
        writeFileSync(path, stringify(fleetDocument(size), { aliasDuplicateObjects: false }));
        return { label: `kubeshift fleet of ${size} services × 2 environments, everyday`, cwd: ROOT, args: ['-c', `config=${path}`] };
      });
      // One warm-up, of the smallest fleet: the larger ones load the same modules.
      const results = measure(cases, options.runs, cases.slice(0, 1));
      printTable(
        'generated fleets (test/fixtures.ts fleetDocument; the peer has no equivalent: one Blueprints app is one cluster)',
        results,
      );
      for (const result of results) {
        const failed = result.runs.find((run) => run.status !== 0);
        // kubeshift's own one-line errors, or aws-cdk-lib's («TooManyResourcesInStack» …).
        const reason = failed?.stderr.split('\n').find((line) => /^kubeshift:|«\w+»/.test(line));
        if (failed) console.log(`  ${result.benchCase.label}: failed: ${reason?.trim().slice(0, 240) ?? `exit ${failed.status}`}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\n  after: ${machine()}`);
}

main().catch((error: unknown) => {
  console.error(`bench-synth: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
