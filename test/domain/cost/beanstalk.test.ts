import {
  DEFAULT_BEANSTALK_INSTANCE_TYPE,
  DEFAULT_INSTANCES,
  DEFAULT_PRODUCTION_INSTANCES,
  beanstalkEnvironments,
  productionEnvironment,
} from '../../../domain/cost/beanstalk';
import { bundledCatalog } from '../../../domain/cost/catalog';
import { serviceEnvironments } from '../../../config';
import { estate, service } from './fixtures';

describe('beanstalkEnvironments', () => {
  test('prices what each environment runs today, one app per instance', () => {
    const config = estate();
    const [production, staging] = beanstalkEnvironments(config, serviceEnvironments(config), bundledCatalog()).environments;
    expect(production).toEqual({
      service: 'auth',
      environment: 'production',
      instanceType: 'c5.large',
      instances: 2,
      monthlyCost: 2 * 0.131 * 730,
      defaulted: false,
      loadBalancer: { type: 'application', inferred: true },
    });
    expect(staging).toMatchObject({ instanceType: 't3.small', instances: 1, monthlyCost: 0.0336 * 730 });
  });

  test('a load balancer is inferred from the instance count unless beanstalk.loadBalancer says', () => {
    const environment = (beanstalk: Record<string, unknown>) => ({ beanstalk, weights: { beanstalk: 0, blue: 100 } });
    const config = estate({
      services: {
        single: service({ cpu: '250m', memory: '512Mi' }, undefined, { staging: environment({ instances: 1 }) }),
        pair: service({ cpu: '250m', memory: '512Mi' }, undefined, { production: environment({ instances: 2 }) }),
        old: service({ cpu: '250m', memory: '512Mi' }, undefined, { production: environment({ instances: 2, loadBalancer: 'classic' }) }),
        lone: service({ cpu: '250m', memory: '512Mi' }, undefined, { production: environment({ instances: 1, loadBalancer: 'none' }) }),
        // one instance behind a load balancer: a load-balanced environment scaled down
        scaled: service({ cpu: '250m', memory: '512Mi' }, undefined, { staging: environment({ instances: 1, loadBalancer: 'network' }) }),
      },
    });
    const fronts = beanstalkEnvironments(config, serviceEnvironments(config), bundledCatalog()).environments.map((entry) => [
      entry.service,
      entry.loadBalancer,
    ]);
    expect(fronts).toEqual([
      ['single', { type: 'none', inferred: true }],
      ['pair', { type: 'application', inferred: true }],
      ['old', { type: 'classic', inferred: false }],
      ['lone', { type: 'none', inferred: false }],
      ['scaled', { type: 'network', inferred: false }],
    ]);
  });

  test('defaults: at least two instances in production (multi-AZ), one elsewhere, the console default type', () => {
    const config = estate({
      services: {
        bare: service({ cpu: '250m', memory: '512Mi' }, undefined, {
          production: { beanstalk: {}, weights: { beanstalk: 0, blue: 100 } },
          staging: { beanstalk: {}, weights: { beanstalk: 0, blue: 100 } },
        }),
      },
    });
    const entries = beanstalkEnvironments(config, serviceEnvironments(config), bundledCatalog()).environments;
    expect(entries.map((entry) => [entry.environment, entry.instanceType, entry.instances, entry.defaulted])).toEqual([
      ['production', DEFAULT_BEANSTALK_INSTANCE_TYPE, DEFAULT_PRODUCTION_INSTANCES, true],
      ['staging', DEFAULT_BEANSTALK_INSTANCE_TYPE, DEFAULT_INSTANCES, true],
    ]);
    expect(DEFAULT_PRODUCTION_INSTANCES).toBeGreaterThanOrEqual(2);
  });

  test('a service environment without a beanstalk block never ran there and costs nothing on that side', () => {
    const config = estate({
      services: { born: service({ cpu: '250m', memory: '512Mi' }, undefined, { production: { weights: { blue: 100 } } }) },
    });
    expect(beanstalkEnvironments(config, serviceEnvironments(config), bundledCatalog())).toEqual({
      environments: [],
      leftOut: [],
      warnings: [],
    });
  });

  test('a Beanstalk instance type missing from the catalog is a warning naming the field; the others are priced', () => {
    const config = estate({
      services: {
        odd: service({ cpu: '250m', memory: '512Mi' }, undefined, {
          production: { beanstalk: { instanceType: 'x9.huge', instances: 2 }, weights: { beanstalk: 0, blue: 100 } },
          staging: { beanstalk: { instanceType: 'm1.small', instances: 1 }, weights: { beanstalk: 0, blue: 100 } },
        }),
      },
    });
    const result = beanstalkEnvironments(config, serviceEnvironments(config), bundledCatalog());
    expect(result.warnings).toEqual([
      'services.odd.environments.production.beanstalk.instanceType: instance type x9.huge is not in the catalog (domain/cost/data/instances.json); left out of the report',
    ]);
    expect(result.environments.map((entry) => [entry.environment, entry.instanceType])).toEqual([['staging', 'm1.small']]);
  });

  test('a type the catalog knows but does not price in the region is a warning too', () => {
    // given a1 (the first Graviton), which São Paulo never offered
    const config = estate({
      services: {
        arm: service({ cpu: '250m', memory: '512Mi' }, undefined, {
          production: { beanstalk: { instanceType: 'a1.large', instances: 2 }, weights: { beanstalk: 0, blue: 100 } },
        }),
      },
    });
    expect(bundledCatalog().instances['a1.large']).toBeDefined();
    expect(beanstalkEnvironments(config, serviceEnvironments(config), bundledCatalog()).warnings).toEqual([
      'services.arm.environments.production.beanstalk.instanceType: no sa-east-1 price for instance type a1.large in domain/cost/data/prices.json (pass --prices with it); left out of the report',
    ]);
  });
});

test('productionEnvironment is the one named production', () => {
  expect(productionEnvironment(estate())).toBe('production');
});
