import { readFileSync } from 'node:fs';
import { parseConfig } from '../../config';
import { selectOne, selectServiceEnvironments } from '../../cli/selection';

const config = parseConfig(readFileSync(`${__dirname}/../../config/example.yaml`, 'utf8'));
const names = (entries: { service: string; environment: string }[]) => entries.map((entry) => `${entry.service}/${entry.environment}`);

test('no filter selects every service environment in config order', () => {
  expect(selectServiceEnvironments(config, {})).toHaveLength(22);
  expect(names(selectServiceEnvironments(config, {})).slice(0, 3)).toEqual(['auth/production', 'auth/staging', 'search/production']);
});

test('filters combine', () => {
  expect(names(selectServiceEnvironments(config, { service: 'auth' }))).toEqual(['auth/production', 'auth/staging']);
  expect(names(selectServiceEnvironments(config, { service: 'auth', env: 'staging' }))).toEqual(['auth/staging']);
  expect(selectServiceEnvironments(config, { env: 'staging' })).toHaveLength(11);
});

test.each([
  [{ service: 'billing' }, /^unknown service "billing" \(services: auth, search, catalog, /],
  [{ env: 'qa' }, /^unknown environment "qa" \(environments: production, staging\)$/],
])('a filter naming nothing is an error: %p', (filters, message) => {
  expect(() => selectServiceEnvironments(config, filters)).toThrow(message);
});

test.each([
  [{ env: 'production' }, 'traffic step needs --service and --env'],
  [{ service: 'auth' }, 'traffic step needs --service and --env'],
])('selectOne needs both filters: %p', (filters, message) => {
  expect(() => selectOne(config, filters, 'traffic step')).toThrow(message);
});
