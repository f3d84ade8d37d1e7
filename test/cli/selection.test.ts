import { readFileSync } from 'node:fs';
import { expectsHealthCheck, expectsRecord, publishesRecord, parseConfig } from '../../config';
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

test('a record only for a weight above 0 (Beanstalk also needs a CNAME); a health check for every cluster and a published Beanstalk', () => {
  const entry = (service: string, env: string) => selectOne(config, { service, env }, 'test');
  const catalogStaging = entry('catalog', 'staging'); // beanstalk 0 without a CNAME, blue 100
  const catalogProduction = entry('catalog', 'production'); // beanstalk 0 with a CNAME, blue 100
  const searchProduction = entry('search', 'production'); // beanstalk 100, blue 0
  expect([publishesRecord(catalogStaging, 'beanstalk'), publishesRecord(catalogStaging, 'blue')]).toEqual([false, true]);
  expect([publishesRecord(catalogProduction, 'beanstalk'), expectsHealthCheck(catalogProduction, 'beanstalk')]).toEqual([false, false]);
  expect([publishesRecord(searchProduction, 'beanstalk'), expectsHealthCheck(searchProduction, 'beanstalk')]).toEqual([true, true]);
  expect([publishesRecord(searchProduction, 'blue'), expectsHealthCheck(searchProduction, 'blue')]).toEqual([false, true]);
  expect([publishesRecord(searchProduction, 'green'), expectsHealthCheck(searchProduction, 'green')]).toEqual([false, false]);
});

test('the DNS stack of today (expectsRecord): a Beanstalk target without a CNAME expects no record; clusters always do', () => {
  const catalogStaging = selectOne(config, { service: 'catalog', env: 'staging' }, 'test');
  expect(expectsRecord(catalogStaging, 'beanstalk')).toBe(false);
  expect(expectsRecord(catalogStaging, 'blue')).toBe(true);
  expect(expectsRecord(selectOne(config, { service: 'catalog', env: 'production' }, 'test'), 'beanstalk')).toBe(true);
});
