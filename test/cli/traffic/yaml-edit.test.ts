import { replaceWeights } from '../../../cli/traffic/yaml-edit';
import { EXAMPLE_TEXT } from './helpers';

function changedLines(before: string, after: string): [string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, index) => (line === b[index] ? [] : [[line, b[index]] as [string, string]]));
}

test('changes only the numbers of one group: comments, alignment and flow maps stay', () => {
  const edited = replaceWeights(EXAMPLE_TEXT, 'auth', 'production', { beanstalk: 75, blue: 25 });
  expect(changedLines(EXAMPLE_TEXT, edited)).toEqual([
    ['        weights: { beanstalk: 90, blue: 10 }', '        weights: { beanstalk: 75, blue: 25 }'],
  ]);
});

test('block-style weights with comments', () => {
  const text = [
    'services:',
    '  auth:',
    '    environments:',
    '      production:',
    '        weights:',
    '          beanstalk: 90   # legacy',
    '          blue: 10        # canary since Monday',
    '',
  ].join('\n');
  expect(replaceWeights(text, 'auth', 'production', { beanstalk: 75, blue: 25 })).toBe(
    text.replace('90   #', '75   #').replace('10        #', '25        #'),
  );
});

test('a weight that does not change is left as written', () => {
  const text = 'services:\n  a:\n    environments:\n      production:\n        weights: { beanstalk: 0x0, blue: 100 }\n';
  expect(replaceWeights(text, 'a', 'production', { beanstalk: 0, blue: 100 })).toBe(text);
});

test.each([
  [
    'defaults: &w { beanstalk: 90, blue: 10 }\nservices:\n  a:\n    environments:\n      production:\n        weights: *w\n',
    'services.a.environments.production.weights is not a plain mapping in the config file (an alias?); edit it by hand',
  ],
  [
    'defaults: &w { beanstalk: 90 }\nservices:\n  a:\n    environments:\n      production:\n        weights: { <<: *w, blue: 10 }\n',
    'services.a.environments.production.weights uses a YAML merge key; edit it by hand',
  ],
  [
    'n: &n 90\nservices:\n  a:\n    environments:\n      production:\n        weights: { beanstalk: *n, blue: 10 }\n',
    'services.a.environments.production.weights.beanstalk is not a number written in place (an alias?); edit it by hand',
  ],
])('refuses weights shared through YAML aliases %#', (text, message) => {
  expect(() => replaceWeights(text, 'a', 'production', { beanstalk: 75, blue: 25 })).toThrow(message);
});
