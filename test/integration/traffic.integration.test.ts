import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorEnv, runCli, type CliRun } from './cli';
import { startMoto, type Moto } from './moto';
import { FILLER_RECORDS, seedEstate, setHealth, setLiveWeight, type Seeded, type SeedOptions } from './seed';
import { repoWithConfig } from '../cli/traffic/git-repo';

/**
 * Every `traffic` command, run as the real CLI in a child process against moto_server's
 * Route 53, ELBv2 and CloudWatch APIs, seeded with the example estate as the stacks of the new
 * edge leave it: records only above weight 0, a per-target alias to each cluster's ALB, health
 * checks found by Name tag.
 */

let moto: Moto;
let seeded: Seeded;
let dir: string;
let config: string;
let env: Record<string, string>;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});
async function seed(options: SeedOptions = {}): Promise<void> {
  await moto.reset();
  seeded = await seedEstate(moto.endpoint, options);
  writeFileSync(config, seeded.configText);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubeshift-it-'));
  config = join(dir, 'kubeshift.yaml');
  env = emulatorEnv(moto.endpoint);
  await seed();
});

const cli = (...args: string[]) => runCli([...args, '--config', config], env);

/** An error is one line on stderr, `kubeshift: ...`, without a stack trace. */
function expectOneLineError(run: CliRun, code: number, message: string | RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr.trimEnd()).toMatch(typeof message === 'string' ? `kubeshift: ${message}` : message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('traffic status', () => {
  test(`in sync: every group of the example estate, paging through a zone with ${FILLER_RECORDS} other records`, async () => {
    const run = await cli('traffic', 'status');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^auth\s+production\s+beanstalk\s+auth-prod\.sa-east-1\.elasticbeanstalk\.com\s+90\s+90%\s+90\s+healthy\s*$/m,
    );
    expect(run.stdout).toMatch(/^auth\s+production\s+blue\s+auth\.blue\.example\.com\.br\s+10\s+10%\s+10\s+healthy\s*$/m);
    // Weight 0: no record by design, and no drift; a cluster keeps its health check, Beanstalk does not.
    expect(run.stdout).toMatch(/^search\s+production\s+blue\s+search\.blue\.example\.com\.br\s+not published\s+0\s+healthy\s*$/m);
    expect(run.stdout).toMatch(/^auth\s+staging\s+beanstalk\s+auth-staging\.sa-east-1\.elasticbeanstalk\.com\s+not published\s+0\s*$/m);
    expect(run.stdout).toMatch(/^catalog\s+staging\s+beanstalk\s+not published\s+0\s*$/m);
    expect(run.stdout).toContain('In sync: all 22 record groups match the config.');
  });

  test('a zone name written in capitals with its trailing dot, and a /hostedzone/ id, still match the live (lower-case) records', async () => {
    writeFileSync(
      config,
      seeded.configText
        .replace('zoneName: example.com.br', 'zoneName: Example.COM.BR.')
        .replace(`hostedZoneId: ${seeded.zoneId}`, `hostedZoneId: /hostedzone/${seeded.zoneId}`),
    );
    const run = await cli('traffic', 'status');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('In sync: all 22 record groups match the config.');
    expect(run.code).toBe(0);
  });

  test('--json: one object per target with its name, live and config weight, health check and drift', async () => {
    const run = await cli('traffic', 'status', '--json', '--service', 'search');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout);
    expect(
      rows.map((row: Record<string, unknown>) => [row.environment, row.target, row.published, row.liveWeight, row.configWeight, row.drift]),
    ).toEqual([
      ['production', 'beanstalk', true, 100, 100, false],
      ['production', 'blue', false, null, 0, false],
      ['staging', 'beanstalk', true, 50, 50, false],
      ['staging', 'blue', true, 50, 50, false],
    ]);
    expect(rows[1]).toMatchObject({
      targetName: 'search.blue.example.com.br',
      healthCheckName: 'search/production/blue',
      healthCheckId: seeded.healthChecks.get('search/production/blue'),
      health: 'healthy',
      perTargetAlias: `dualstack.${seeded.loadBalancers.get('blue/production')!.DNSName}`,
    });
  });

  test('drifted: another weight, a missing record, a missing per-target name, a Beanstalk record left at 0; exit 2', async () => {
    await seed({ omit: ['search/staging/blue'], omitAlias: ['checkout/staging/blue'], leftBehind: ['catalog/production/beanstalk'] });
    await setLiveWeight(moto.endpoint, seeded, 'auth', 'production', 'blue', 5);
    const run = await cli('traffic', 'status');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^auth\s+production\s+blue\s+\S+\s+5\s+5.3%\s+10\s+healthy\s+✗ live 5 ≠ config 10$/m);
    expect(run.stdout).toMatch(/^search\s+staging\s+blue\s+\S+\s+—\s+50\s+healthy\s+✗ record missing$/m);
    expect(run.stdout).toMatch(/^checkout\s+staging\s+blue\s+.*✗ no alias record at checkout\.blue\.staging\.example\.com\.br$/m);
    expect(run.stdout).toMatch(
      /^catalog\s+production\s+beanstalk\s+\S+\s+0\s+0%\s+0\s+healthy\s+✗ published at weight 0; health check catalog\/production\/beanstalk remains$/m,
    );
    expect(run.stdout).toContain(
      'Drift: 4 of 22 record groups differ from the config: auth · production, search · staging, catalog · production, checkout · staging.',
    );
  });

  test('an unhealthy health check, and one missing, show as such', async () => {
    await seed({ omitHealthCheck: ['search/production/blue'] });
    await setHealth(moto.endpoint, [seeded.healthChecks.get('content/production/blue')!], 0);
    const content = await cli('traffic', 'status', '--service', 'content', '--env', 'production');
    expect(content.stdout).toMatch(/^content\s+production\s+blue\s+\S+\s+50\s+50%\s+50\s+unhealthy\s*$/m);
    const search = await cli('traffic', 'status', '--service', 'search', '--env', 'production');
    expect(search.code).toBe(2);
    expect(search.stdout).toMatch(/^search\s+production\s+blue\s+.*no check\s+✗ no health check named search\/production\/blue$/m);
  });
});

describe('traffic verify', () => {
  test('waits, with a progress line, until a change applied meanwhile makes live equal config', async () => {
    await setLiveWeight(moto.endpoint, seeded, 'auth', 'production', 'blue', 5);
    // The fix lands once verify has seen the drift (a loaded machine starts the CLI slowly).
    let sawDrift: () => void = () => {};
    const seen = new Promise<void>((resolve) => (sawDrift = resolve));
    const verifying = runCli(['traffic', 'verify', '--timeout', '120', '--interval', '1', '--config', config], env, undefined, (stderr) => {
      if (stderr.includes('waiting: ')) sawDrift();
    });
    void verifying.then(() => sawDrift()); // an early exit fails below rather than hanging here
    await seen;
    await setLiveWeight(moto.endpoint, seeded, 'auth', 'production', 'blue', 10);
    const run = await verifying;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('waiting: 1 record(s) in auth · production still differ');
    expect(run.stdout).toMatch(/^In sync after \d+s: all 22 record groups match the config\.$/m);
  });

  test('at the timeout: exit 2 with what still differs', async () => {
    await setLiveWeight(moto.endpoint, seeded, 'checkout', 'production', 'beanstalk', 100);
    const run = await cli('traffic', 'verify', '--timeout', '2', '--interval', '1', '--service', 'checkout');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^checkout\s+production\s+beanstalk\s+100\s+75\s+✗ live 100 ≠ config 75$/m);
    expect(run.stdout).toMatch(/Still differs after \d+s: checkout · production\./);
  });

  test("a per-target name that resolves to another environment's load balancer: not in sync", async () => {
    await seed({ crossAlias: ['recommendations/production/blue'] });
    const run = await cli('traffic', 'verify', '--timeout', '1', '--interval', '1', '--service', 'recommendations');
    expect(run.code).toBe(2);
    const production = seeded.loadBalancers.get('blue/production')!.DNSName!;
    const staging = seeded.loadBalancers.get('blue/staging')!.DNSName!;
    expect(run.stdout).toContain(`✗ recommendations.blue.example.com.br → dualstack.${staging}, not ${production}`);
    // status reads Route 53 only: the alias exists, so it sees no drift there.
    expect((await cli('traffic', 'status', '--service', 'recommendations')).code).toBe(0);
  });
});

describe('traffic step', () => {
  test('writes the next step into the file, changing only that line; then status shows the pending change', async () => {
    const run = await cli('traffic', 'step', '--service', 'auth', '--env', 'production', '--to', 'blue');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('auth · production: blue 10% → 25% (schedule 10, 25, 50, 100)');
    expect(run.stdout).toContain(`health check of blue: healthy (${seeded.healthChecks.get('auth/production/blue')})`);
    expect(readFileSync(config, 'utf8')).toBe(
      seeded.configText.replace('weights: { beanstalk: 90, blue: 10 }', 'weights: { beanstalk: 75, blue: 25 }'),
    );
    expect(readFileSync(config, 'utf8')).toContain('# Mid-shift: a tenth of production already on the cluster.');

    // The deploy has not run: Route 53 still serves 90/10, so status reports the pending step,
    // and a second step is refused until it lands.
    const status = await cli('traffic', 'status', '--service', 'auth', '--env', 'production');
    expect(status.code).toBe(2);
    expect(status.stdout).toContain('✗ live 10 ≠ config 25');
    const again = await cli('traffic', 'step', '--service', 'auth', '--env', 'production', '--to', 'blue');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('its group is not in sync with the config (beanstalk: live 90 ≠ config 75; blue: live 10 ≠ config 25)');
  });

  test('a warming cluster at weight 0, healthy on its per-target name, takes its first step', async () => {
    const run = await cli('traffic', 'step', '--service', 'search', '--env', 'production', '--to', 'blue');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(config, 'utf8')).toContain('weights: { beanstalk: 90, blue: 10 }');
  });

  test('refuses (exit 2) onto a target whose health check is unhealthy, and the file stays as it was; --force says it skipped the checks', async () => {
    await setHealth(moto.endpoint, [seeded.healthChecks.get('search/production/blue')!], 0);
    const run = await cli('traffic', 'step', '--service', 'search', '--env', 'production', '--to', 'blue');
    expectOneLineError(
      run,
      2,
      `refusing to move more traffic of search · production onto blue: its Route 53 health check ${seeded.healthChecks.get('search/production/blue')} (search/production/blue) is unhealthy (pass --force to override)`,
    );
    expect(readFileSync(config, 'utf8')).toBe(seeded.configText);
    const forced = await cli('traffic', 'step', '--service', 'search', '--env', 'production', '--to', 'blue', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(
      'health check of blue: not checked (--force: neither its health nor whether its group is in sync was read)',
    );
    expect(readFileSync(config, 'utf8')).toContain('weights: { beanstalk: 90, blue: 10 }');
  });

  test('refuses (exit 2) onto an unpublished target: no per-target name, or no record for its weight', async () => {
    await seed({ omitAlias: ['search/production/blue'], omit: ['progress/staging/blue'] });
    expectOneLineError(
      await cli('traffic', 'step', '--service', 'search', '--env', 'production', '--to', 'blue'),
      2,
      'refusing to move more traffic of search · production onto blue: its group is not in sync with the config (blue: no alias record at search.blue.example.com.br); deploy and run traffic verify first (pass --force to override)',
    );
    expectOneLineError(
      await cli('traffic', 'step', '--service', 'progress', '--env', 'staging', '--to', 'blue'),
      2,
      'refusing to move more traffic of progress · staging onto blue: its group is not in sync with the config (blue: record missing); deploy and run traffic verify first (pass --force to override)',
    );
    expect(readFileSync(config, 'utf8')).toBe(seeded.configText);
  });
});

describe('traffic diff', () => {
  test('the config at the base ref against the working tree, as a Markdown table; a bad ref is one line', async () => {
    // given: the config committed on main in a repository, then stepped in the working tree
    const { root: repo, configPath: repoConfig } = repoWithConfig(seeded.configText);
    expect(
      (await runCli(['traffic', 'step', '--config', repoConfig, '--service', 'auth', '--env', 'production', '--to', 'blue'], env)).code,
    ).toBe(0);

    // when: run from the repository root with a relative path
    const run = await runCli(['traffic', 'diff', '--config', 'config/kubeshift.yaml'], env, repo);

    // then
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      '| Service · environment | Traffic (`main` → this change) |  |',
      '| --- | --- | --- |',
      '| auth · production | beanstalk 90% → 75% | blue 10% → 25% |',
    ]);
    const bad = await runCli(['traffic', 'diff', '--config', 'config/kubeshift.yaml', '--base', 'release/9'], env, repo);
    expectOneLineError(bad, 1, `cannot read config/kubeshift.yaml at git ref "release/9": invalid object name 'release/9'.`);
  });
});

describe('bad input: one line, exit 1, no stack trace', () => {
  test('an unknown service', async () => {
    expectOneLineError(
      await cli('traffic', 'status', '--service', 'billing'),
      1,
      /^kubeshift: unknown service "billing" \(services: auth, /,
    );
  });

  test('a config that fails validation', async () => {
    writeFileSync(config, seeded.configText.replace('weights: { beanstalk: 90, blue: 10 }', 'weights: { beanstalk: 90, green: 10 }'));
    expectOneLineError(
      await cli('traffic', 'status'),
      1,
      'invalid config: services.auth.environments.production.weights.green: unknown cluster "green" (clusters: blue)',
    );
  });

  test('no credentials', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubeshift-home-'));
    const run = await runCli(['traffic', 'status', '--config', config], {
      HOME: home,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    });
    expectOneLineError(run, 1, /^kubeshift: no AWS credentials: /);
  });

  test('a hosted zone that does not exist', async () => {
    writeFileSync(config, seeded.configText.replace(seeded.zoneId, 'Z0000000000NOSUCHZONE'));
    expectOneLineError(
      await cli('traffic', 'status'),
      1,
      /^kubeshift: hosted zone Z0000000000NOSUCHZONE does not exist \(dns\.hostedZoneId in .*\): /,
    );
  });

  test('a --by that overshoots 100%, and the file is untouched', async () => {
    const run = await cli('traffic', 'step', '--service', 'auth', '--env', 'production', '--to', 'blue', '--by', '95');
    expectOneLineError(run, 1, '--by 95 overshoots: blue has 10% of auth · production, so --by can add at most 90%');
    expect(readFileSync(config, 'utf8')).toBe(seeded.configText);
  });

  test('an unknown cluster', async () => {
    expectOneLineError(
      await cli('traffic', 'step', '--service', 'auth', '--env', 'production', '--to', 'green'),
      1,
      'unknown cluster "green" (clusters: blue)',
    );
  });
});
