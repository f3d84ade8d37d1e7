import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCost } from '../../../cli/cost/command';
import { EXIT_NO, EXIT_OK } from '../../../cli/cli-error';

const dir = mkdtempSync(join(tmpdir(), 'kubeshift-cost-'));

let exitCode: number;

function run(options: Record<string, unknown>): string {
  const result = runCost({ config: 'config/example.yaml', ...options });
  exitCode = result.exitCode;
  return result.output;
}

describe('kubeshift cost', () => {
  test('--json prints the plan as JSON; --svg writes the chart', () => {
    const svg = join(dir, 'cost.svg');
    const json = JSON.parse(run({ json: true, svg }));
    expect(json.beanstalk.instances).toBe(36);
    expect(json.kubernetes.instances).toBeGreaterThan(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
    expect(exitCode).toBe(EXIT_OK);
  });

  test('--fail-zone: exit 2 when the remaining nodes cannot hold production', () => {
    const config = join(dir, 'tight.yaml');
    // given the example with its node group capped at 4 nodes: at most 1–2 per zone
    const example = readFileSync('config/example.yaml', 'utf8');
    expect(example.match(/maxSize: \d+/g)).toHaveLength(1);
    writeFileSync(config, example.replace(/minSize: \d+/, 'minSize: 1').replace(/maxSize: \d+/, 'maxSize: 4'));
    const text = run({ config, failZone: 'sa-east-1a' });
    expect(text).toContain('does NOT hold');
    expect(exitCode).toBe(EXIT_NO);
  });

  test('--fail-zone: exit 0 when they can', () => {
    expect(run({ failZone: 'sa-east-1a', json: true })).toContain('"holds": true');
    expect(exitCode).toBe(EXIT_OK);
  });

  test('--prices overrides the bundled prices', () => {
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ retrieved: '2027-01-01', regions: { 'sa-east-1': { 'c5.large': 1 } } }));
    const json = JSON.parse(run({ json: true, prices }));
    expect(json.prices.retrieved).toBe('2027-01-01');
    expect(json.beanstalk.monthlyCost).toBeGreaterThan(3305.15);
  });

  // Through the real entry point: bad input is one line on stderr, a non-zero exit, no stack.
  test.each([
    [
      'prices that are not numbers',
      { 'sa-east-1': { 'm5.large': 'cheap' } },
      'kubeshift: prices file PRICES: regions.sa-east-1.m5.large must be a positive number (USD per hour), got: "cheap"',
    ],
    ['a prices file that is not JSON', '{not json', 'kubeshift: prices file PRICES is not valid JSON: '],
  ])('%s', (_name, content, message) => {
    const prices = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(prices, typeof content === 'string' ? content : JSON.stringify({ regions: content }));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/kubeshift.ts', 'cost', '--prices', prices], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(message.replace('PRICES', prices))).toBe(true);
    expect(result.stdout).toBe('');
  });
});
