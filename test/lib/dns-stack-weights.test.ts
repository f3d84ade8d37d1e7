import { Template } from 'aws-cdk-lib/assertions';
import { configFrom, edit, minimalDocument, synthStacks } from '../fixtures';

/**
 * What a weight change does to the deployed templates: every stack of the app (both clusters,
 * DNS, and every nested stack) is synthesized for two configs that differ in one weight, and the
 * whole templates are compared.
 */

type Weights = { beanstalk: number; blue: number; green: number };

const cache = new Map<string, Record<string, unknown>>();

/** Every template of the app, by construct path, for auth's production weights. */
function templates(weights: Weights): Record<string, unknown> {
  const key = JSON.stringify(weights);
  if (!cache.has(key)) {
    const document = minimalDocument();
    edit(document, 'clusters.green', {
      kubernetesVersion: '1.35',
      nodeGroups: { general: { instanceType: 'm5.large', minSize: 2, maxSize: 4 } },
    });
    edit(document, 'services.auth.environments.production.weights', weights);
    const { dns, clusters } = synthStacks(configFrom(document));
    const nested = (stacks: any[]) => stacks.flatMap((stack) => [...stack.services.values()]);
    cache.set(
      key,
      Object.fromEntries(
        [...clusters, dns, ...nested([...clusters, dns])].map((stack) => [stack.node.path, Template.fromStack(stack).toJSON()]),
      ),
    );
  }
  return cache.get(key)!;
}

/** Every leaf that differs, as `path: before → after` (a resource added or removed is one leaf). */
function differences(before: Weights, after: Weights): string[] {
  const found: string[] = [];
  const compare = (path: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare(`${path}/${key}`, (a as any)[key], (b as any)[key]);
    } else {
      found.push(`${path}: ${a === undefined ? 'absent' : JSON.stringify(a)} → ${b === undefined ? 'absent' : JSON.stringify(b)}`);
    }
  };
  compare('', templates(before), templates(after));
  return found;
}

/**
 * The differences, without the nested template's asset hash in the DNS parent: a nested template
 * whose content changes gets a new TemplateURL (`cdk diff` shows the nested change itself).
 * Checks that no other template's URL moved.
 */
function changes(before: Weights, after: Weights): string[] {
  const all = differences(before, after);
  const urls = all.filter((difference) => difference.includes('/TemplateURL/'));
  expect(urls.every((difference) => difference.startsWith('/shop-dns/Resources/ServiceauthNestedStack'))).toBe(true);
  return all.filter((difference) => !urls.includes(difference));
}

const RECORD = (identifier: string) => new RegExp(`^/shop-dns/Service-auth/Resources/production${identifier}[0-9A-F]{8}: `);

describe('changing one weight, compared over every template of the app', () => {
  const serving: Weights = { beanstalk: 20, blue: 40, green: 10 };

  test("from 40 to 30 changes exactly that record's Weight, in place", () => {
    const [weight, ...rest] = changes(serving, { ...serving, blue: 30 });
    expect(weight).toMatch(/^\/shop-dns\/Service-auth\/Resources\/productionblue[0-9A-F]{8}\/Properties\/Weight: 40 → 30$/);
    expect(rest).toEqual([]);
  });

  test("from 0 to 10 adds exactly that cluster's record (its health check and alarm were there already)", () => {
    const [added, ...rest] = changes({ ...serving, green: 0 }, serving);
    expect(rest).toEqual([]);
    expect(added).toMatch(RECORD('green'));
    const record = JSON.parse(added.split(' → ')[1]);
    expect(record).toMatchObject({
      Type: 'AWS::Route53::RecordSet',
      Properties: { Name: 'auth.example.com.', SetIdentifier: 'green', Weight: 10, ResourceRecords: ['auth.green.example.com'] },
    });
  });

  test("from 10 to 0 removes exactly that cluster's record and keeps its health check", () => {
    const [removed, ...rest] = changes(serving, { ...serving, green: 0 });
    expect(rest).toEqual([]);
    expect(removed).toMatch(RECORD('green'));
    expect(removed).toMatch(/ → absent$/);
  });

  test('Beanstalk going to 0 loses its record, its health check and its alarm, and nothing else changes', () => {
    const removed = changes(serving, { ...serving, beanstalk: 0 });
    expect(removed).toHaveLength(3);
    for (const difference of removed)
      expect(difference).toMatch(/^\/shop-dns\/Service-auth\/Resources\/productionbeanstalk[A-Za-z]*[0-9A-F]{8}: \{.* → absent$/);
    const types = removed.map((difference) => JSON.parse(difference.split(': ').slice(1).join(': ').split(' → ')[0]).Type).sort();
    expect(types).toEqual(['AWS::CloudWatch::Alarm', 'AWS::Route53::HealthCheck', 'AWS::Route53::RecordSet']);
  });
});
