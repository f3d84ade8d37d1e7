import { stringify } from 'yaml';
import { type KubeshiftConfig, parseConfig } from '../../../config';
import { type Catalog, bundledCatalog, withPriceOverrides } from '../../../domain/cost/catalog';

/** A small valid estate document: the example's shape, with whatever the test overrides. */
export function estateDocument(
  overrides: {
    nodeGroups?: Record<string, { instanceType: string; minSize: number; maxSize: number }>;
    services?: Record<string, unknown>;
    zones?: string[];
    region?: string;
    clusters?: Record<string, unknown>;
  } = {},
): Record<string, any> {
  const zones = overrides.zones ?? ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'];
  const region = overrides.region ?? 'sa-east-1';
  return {
    app: 'test',
    account: '123456789012',
    region,
    vpc: {
      vpcId: 'vpc-0a1b2c3d4e5f60001',
      availabilityZones: zones,
      privateSubnetIds: zones.map((_, i) => `subnet-0a1b2c3d4e5f6001${i}`),
      publicSubnetIds: zones.map((_, i) => `subnet-0a1b2c3d4e5f6002${i}`),
      publicSubnetCidrs: zones.map((_, i) => `10.0.${i}.0/24`),
    },
    dns: { zoneName: 'example.com.br', hostedZoneId: 'Z0123456789ABCDEFGHIJ' },
    clusters: overrides.clusters ?? {
      blue: {
        kubernetesVersion: '1.33',
        nodeGroups: overrides.nodeGroups ?? { general: { instanceType: 'm5.large', minSize: 3, maxSize: 12 } },
      },
    },
    environments: {
      production: { qos: 'Guaranteed', priority: 100000 },
      staging: { qos: 'Burstable', priority: 1000, requestRatio: 0.5 },
    },
    services: overrides.services ?? {
      auth: service({ cpu: '250m', memory: '512Mi' }, { minReplicas: 2, maxReplicas: 6 }),
    },
  };
}

/** The same estate, parsed and validated. */
export function estate(overrides: Parameters<typeof estateDocument>[0] = {}): KubeshiftConfig {
  return parseConfig(stringify(estateDocument(overrides)));
}

/** A service running on `blue` in production and staging, with Beanstalk blocks. */
export function service(
  resources: { cpu: string; memory: string },
  autoscaling?: { minReplicas: number; maxReplicas: number },
  environments?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    image: '123456789012.dkr.ecr.sa-east-1.amazonaws.com/app:1.0.0',
    port: 8080,
    healthCheckPath: '/healthz',
    resources,
    ...(autoscaling ? { autoscaling } : {}),
    environments: environments ?? {
      production: { beanstalk: { instanceType: 'c5.large', instances: 2 }, weights: { beanstalk: 0, blue: 100 } },
      staging: { beanstalk: { instanceType: 't3.small', instances: 1 }, weights: { beanstalk: 0, blue: 100 } },
    },
  };
}

/** A catalog of made-up types for property tests: one price per type in sa-east-1, x86_64 unless said. */
export function catalogOf(
  types: Record<
    string,
    { vCpus: number; memoryMebibytes: number; maxEnis: number; ipv4PerEni: number; architecture?: 'x86_64' | 'arm64'; price?: number }
  >,
): Catalog {
  return {
    instances: Object.fromEntries(
      Object.entries(types).map(([type, { price: _price, ...facts }]) => [type, { architecture: 'x86_64' as const, ...facts }]),
    ),
    prices: {
      eksControlPlanePerHour: 0.1,
      eksExtendedSupportPerHour: 0.6,
      regions: { 'sa-east-1': Object.fromEntries(Object.entries(types).map(([type, facts]) => [type, facts.price ?? 0.1])) },
      source: 'test',
      retrieved: 'test',
    },
    loadBalancerPrices: {
      regions: { 'sa-east-1': { rates: { application: { perHour: 0.03, perUnit: 0.01 } }, source: 'test' } },
      source: 'test',
      retrieved: 'test',
    },
    instancesRetrieved: 'test',
    eksCalendar: {
      versions: { '1.33': { standardSupportEnds: '2026-07-29', extendedSupportEnds: '2027-07-29' } },
      source: 'test',
      retrieved: '2026-01-01',
    },
  };
}

/** Made-up sa-east-1 Application Load Balancer prices (the bundled data has none there), for tests that price both sides. */
export const TEST_ALB_RATE = { perHour: 0.03, perLcuHour: 0.01 };

/** The bundled catalog with `TEST_ALB_RATE` in sa-east-1. */
export function withTestLoadBalancerPrices(catalog: Catalog = bundledCatalog()): Catalog {
  return withPriceOverrides(catalog, { loadBalancers: { 'sa-east-1': { application: TEST_ALB_RATE } } }, 'test-prices.json');
}
