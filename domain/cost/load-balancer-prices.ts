import { DomainError } from '../domain-error';

/**
 * Elastic Load Balancing prices: per load balancer-hour and per capacity unit, by region and
 * type, from `data/load-balancers.json` (kept by hand, each region naming its source) with any
 * `loadBalancers` an override file (`--prices`) lays over them.
 */

export const LOAD_BALANCER_PRICES_FILE = 'domain/cost/data/load-balancers.json';

export type LoadBalancerType = 'application' | 'classic' | 'network';
export const LOAD_BALANCER_TYPES: readonly LoadBalancerType[] = ['application', 'classic', 'network'];

/**
 * What each type bills beside its hours, and the key that prices it in the data: an Application
 * Load Balancer per LCU-hour, a Network Load Balancer per NLCU-hour, a Classic Load Balancer per GB
 * processed (https://aws.amazon.com/elasticloadbalancing/pricing/).
 */
export const CAPACITY_UNIT = {
  application: { key: 'perLcuHour', unit: 'LCU' },
  network: { key: 'perNlcuHour', unit: 'NLCU' },
  classic: { key: 'perGigabyte', unit: 'GB' },
} as const satisfies Record<LoadBalancerType, { key: string; unit: string }>;

/** USD per load balancer-hour, and per capacity unit (an LCU-hour, an NLCU-hour or a GB: `CAPACITY_UNIT`). */
export interface LoadBalancerRate {
  readonly perHour: number;
  readonly perUnit: number;
}

export interface RegionLoadBalancerPrices {
  readonly rates: Readonly<Partial<Record<LoadBalancerType, LoadBalancerRate>>>;
  /** Where this region's numbers were read. */
  readonly source: string;
}

export interface LoadBalancerPriceTable {
  readonly regions: Readonly<Record<string, RegionLoadBalancerPrices>>;
  /** Where the prices come from and when, for the report's footnote. */
  readonly source: string;
  readonly retrieved: string;
}

/** Validates a load-balancer prices document (the shape of `data/load-balancers.json`). */
export function parseLoadBalancerPrices(document: unknown, file: string): LoadBalancerPriceTable {
  const what = `load-balancer prices ${file}`;
  const object = objectAt(document, '', what);
  if (object.currency !== undefined && object.currency !== 'USD') {
    throw new DomainError(`${what}: currency must be "USD", got: ${JSON.stringify(object.currency)}`);
  }
  return {
    regions: parseRegions(object.regions, 'regions', what, file),
    source: typeof object.source === 'string' ? object.source : file,
    retrieved: typeof object.retrieved === 'string' ? object.retrieved : 'undated',
  };
}

/**
 * The `loadBalancers` key of an override file (`{ "<region>": { "application": { "perHour": …,
 * "perLcuHour": … } } }`), or undefined when it has none. Its messages name the key as written.
 */
export function parseLoadBalancerOverrides(value: unknown, file: string): Record<string, RegionLoadBalancerPrices> | undefined {
  if (value === undefined) return undefined;
  return parseRegions(value, 'loadBalancers', `prices file ${file}`, file);
}

/** The bundled prices with an override file's laid over them, rate by rate. */
export function withLoadBalancerOverrides(
  table: LoadBalancerPriceTable,
  overrides: Readonly<Record<string, RegionLoadBalancerPrices>>,
  file: string,
  retrieved: string,
): LoadBalancerPriceTable {
  const regions: Record<string, RegionLoadBalancerPrices> = { ...table.regions };
  for (const [region, prices] of Object.entries(overrides)) {
    const bundled = table.regions[region];
    regions[region] = {
      rates: { ...bundled?.rates, ...prices.rates },
      source: bundled ? `${file} over ${bundled.source}` : file,
    };
  }
  return { regions, source: `${file} over ${LOAD_BALANCER_PRICES_FILE}`, retrieved };
}

/** The prices of one type in one region, or the reason there are none: the caller names the field. */
export function loadBalancerRate(
  table: LoadBalancerPriceTable,
  region: string,
  type: LoadBalancerType,
): { readonly rate: LoadBalancerRate; readonly missing?: undefined } | { readonly rate?: undefined; readonly missing: string } {
  const prices = table.regions[region];
  if (!prices) {
    return {
      missing: `no ${region} load-balancer prices in ${LOAD_BALANCER_PRICES_FILE} (regions: ${Object.keys(table.regions).join(', ')}; pass --prices with loadBalancers.${region})`,
    };
  }
  const rate = prices.rates[type];
  return rate
    ? { rate }
    : {
        missing: `no ${region} price for ${type} load balancers in ${LOAD_BALANCER_PRICES_FILE} (pass --prices with loadBalancers.${region}.${type})`,
      };
}

function parseRegions(value: unknown, at: string, what: string, file: string): Record<string, RegionLoadBalancerPrices> {
  const regions: Record<string, RegionLoadBalancerPrices> = {};
  for (const [region, entry] of Object.entries(objectAt(value, at, what))) {
    const here = `${at}.${region}`;
    const object = objectAt(entry, here, what);
    const rates: Partial<Record<LoadBalancerType, LoadBalancerRate>> = {};
    for (const [key, rate] of Object.entries(object)) {
      if (key === 'source' || key === 'retrieved') continue;
      if (!(LOAD_BALANCER_TYPES as readonly string[]).includes(key)) {
        throw new DomainError(`${what}: ${here}.${key} is not a load balancer type (${LOAD_BALANCER_TYPES.join(', ')})`);
      }
      const type = key as LoadBalancerType;
      const rateObject = objectAt(rate, `${here}.${type}`, what);
      const unitKey = CAPACITY_UNIT[type].key;
      const extra = Object.keys(rateObject).find((name) => name !== 'perHour' && name !== unitKey);
      if (extra !== undefined) {
        throw new DomainError(`${what}: ${here}.${type}.${extra} is not a price of ${type} load balancers (perHour, ${unitKey})`);
      }
      rates[type] = {
        perHour: positive(rateObject.perHour, `${here}.${type}.perHour`, what),
        perUnit: positive(rateObject[unitKey], `${here}.${type}.${unitKey}`, what),
      };
    }
    regions[region] = { rates, source: typeof object.source === 'string' ? object.source : file };
  }
  return regions;
}

function objectAt(value: unknown, at: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError(`${what}: ${at || 'the document'} must be an object, got: ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value as Record<string, unknown>;
}

function positive(value: unknown, at: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DomainError(`${what}: ${at} must be a positive number (USD), got: ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}
