import { writeFileSync } from 'node:fs';
import { parseConfig } from '../../../config';
import { diffTraffic, formatTrafficDiff, runDiff } from '../../../cli/traffic/diff';
import { replaceWeights } from '../../../cli/traffic/yaml-edit';
import { repoWithConfig } from './git-repo';
import { EXAMPLE, EXAMPLE_TEXT } from './helpers';

const stepped = replaceWeights(replaceWeights(EXAMPLE_TEXT, 'auth', 'production', { beanstalk: 75, blue: 25 }), 'search', 'production', {
  beanstalk: 90,
  blue: 10,
});

test('diffTraffic lists only the groups whose weights changed', () => {
  const changes = diffTraffic(EXAMPLE, parseConfig(stepped));
  expect(changes.map((change) => `${change.service}/${change.environment}/${change.kind}`)).toEqual([
    'auth/production/changed',
    'search/production/changed',
  ]);
  expect(changes[0].targets[1]).toEqual({ target: 'blue', beforeWeight: 10, afterWeight: 25, beforeShare: 10, afterShare: 25 });
});

test('a Markdown table for the pull request: one row per group, one cell per target', () => {
  expect(formatTrafficDiff(diffTraffic(EXAMPLE, parseConfig(stepped)), 'main').split('\n')).toEqual([
    '| Service · environment | Traffic (`main` → this change) |  |',
    '| --- | --- | --- |',
    '| auth · production | beanstalk 90% → 75% | blue 10% → 25% |',
    '| search · production | beanstalk 100% → 90% | blue 0% → 10% |',
  ]);
});

test('new and removed groups and targets are named as such', () => {
  const withoutPayments = EXAMPLE_TEXT.replace(/\n  payments:[\s\S]*?(?=\n\n)/, '');
  const withGreen = EXAMPLE_TEXT.replace('weights: { beanstalk: 50, blue: 50 }', 'weights: { beanstalk: 50, blue: 50, green: 0 }').replace(
    'clusters:\n',
    'clusters:\n  green:\n    kubernetesVersion: "1.33"\n    nodeGroups:\n      general: { instanceType: m5.large, minSize: 3, maxSize: 12 }\n',
  );
  const rows = formatTrafficDiff(diffTraffic(parseConfig(withoutPayments), parseConfig(withGreen)), 'main')
    .split('\n')
    .slice(2);
  expect(rows).toEqual([
    '| search · staging | beanstalk 50% | blue 50% | green new → 0% |',
    '| payments · production (new) | beanstalk new → 100% |  |  |',
    '| payments · staging (new) | beanstalk new → 100% |  |  |',
  ]);
  const removed = formatTrafficDiff(diffTraffic(EXAMPLE, parseConfig(withoutPayments)), 'main')
    .split('\n')
    .slice(2);
  expect(removed).toEqual([
    '| payments · production (removed) | beanstalk 100% → gone |',
    '| payments · staging (removed) | beanstalk 100% → gone |',
  ]);
});

test('no change says so', () => {
  expect(formatTrafficDiff([], 'main')).toBe('No traffic changes between `main` and this change.');
});

describe('runDiff against git', () => {
  test('compares the committed config with the working tree', () => {
    const { configPath } = repoWithConfig(EXAMPLE_TEXT);
    writeFileSync(configPath, stepped);
    const result = runDiff({ config: configPath, base: 'main' });
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('| auth · production | beanstalk 90% → 75% | blue 10% → 25% |');
  });

  test('--service filters and --json gives the same data', () => {
    const { configPath } = repoWithConfig(EXAMPLE_TEXT);
    writeFileSync(configPath, stepped);
    const json = JSON.parse(runDiff({ config: configPath, base: 'main', service: 'search', json: true }).output);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ service: 'search', environment: 'production', kind: 'changed' });
  });

  test.each([
    ['no-such-branch', /^cannot read .*kubeshift\.yaml at git ref "no-such-branch": invalid object name 'no-such-branch'\.$/],
    ['--output=/tmp/x', /^not a git ref: "--output=\/tmp\/x"$/],
  ])('a bad ref is one line: %s', (base, message) => {
    const { configPath } = repoWithConfig(EXAMPLE_TEXT);
    expect(() => runDiff({ config: configPath, base })).toThrow(message);
  });

  test('an invalid config at the base ref names the ref', () => {
    const { configPath } = repoWithConfig(EXAMPLE_TEXT.replace('ttl: 60', 'ttl: -1'));
    writeFileSync(configPath, EXAMPLE_TEXT);
    expect(() => runDiff({ config: configPath, base: 'main' })).toThrow(/^the config at git ref "main" is invalid: dns\.ttl: /);
  });

  test('an unknown --service is an error, not "no changes"', () => {
    const { configPath } = repoWithConfig(EXAMPLE_TEXT);
    expect(() => runDiff({ config: configPath, base: 'main', service: 'billing' })).toThrow(/^unknown service "billing"/);
  });
});
