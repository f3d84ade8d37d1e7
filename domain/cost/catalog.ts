import { DomainError } from '../domain-error';
import instancesData from './data/instances.json';
import pricesData from './data/prices.json';

/**
 * The facts the planner prices and packs with: instance shapes and on-demand prices. They come
 * from the dated data files in `data/` (bundled through `import`, so that synth reads no file)
 * and `--prices` may override the prices.
 */

/** Where the bundled data lives, for messages that tell the operator what to edit. */
export const INSTANCES_FILE = 'domain/cost/data/instances.json';
export const PRICES_FILE = 'domain/cost/data/prices.json';

/** What EC2 says about one instance type. */
export interface InstanceFacts {
  readonly vCpus: number;
  readonly memoryMebibytes: number;
  /** Network interfaces the type can attach: with the next field, it sets EKS's max pods. */
  readonly maxEnis: number;
  readonly ipv4PerEni: number;
}

/** On-demand USD per hour, per region and instance type, and the EKS control-plane fee. */
export interface PriceTable {
  readonly eksControlPlanePerHour: number;
  readonly regions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Where the prices come from and when, for the report's footnote. */
  readonly source: string;
  readonly retrieved: string;
}

export interface Catalog {
  readonly instances: Readonly<Record<string, InstanceFacts>>;
  readonly prices: PriceTable;
  readonly instancesRetrieved: string;
}

let bundled: Catalog | undefined;

/** The catalog from the bundled data files, validated once. */
export function bundledCatalog(): Catalog {
  bundled ??= {
    instances: parseInstances(instancesData, INSTANCES_FILE),
    prices: parsePrices(pricesData, PRICES_FILE),
    instancesRetrieved: instancesData.retrieved,
  };
  return bundled;
}

/** Validates an instance-facts document (the shape of `data/instances.json`). */
export function parseInstances(document: unknown, file: string): Record<string, InstanceFacts> {
  const what = `instance data ${file}`;
  const types = objectAt(objectAt(document, '', what).types, 'types', what);
  const result: Record<string, InstanceFacts> = {};
  for (const [type, facts] of Object.entries(types)) {
    const at = `types.${type}`;
    const object = objectAt(facts, at, what);
    result[type] = {
      vCpus: positiveInteger(object.vCpus, `${at}.vCpus`, file),
      memoryMebibytes: positiveInteger(object.memoryMebibytes, `${at}.memoryMebibytes`, file),
      maxEnis: positiveInteger(object.maxEnis, `${at}.maxEnis`, file),
      ipv4PerEni: positiveInteger(object.ipv4PerEni, `${at}.ipv4PerEni`, file),
    };
  }
  return result;
}

/**
 * Validates a prices document (the shape of `data/prices.json`). For an override file every
 * key is optional: it names only the prices it changes.
 */
export function parsePrices(document: unknown, file: string, partial = false): PriceTable {
  const what = `prices file ${file}`;
  const object = objectAt(document, '', what);
  if (object.currency !== undefined && object.currency !== 'USD') {
    throw new DomainError(`prices file ${file}: currency must be "USD", got: ${JSON.stringify(object.currency)}`);
  }
  const fee = object.eksControlPlanePerHour;
  const regions: Record<string, Record<string, number>> = {};
  if (object.regions !== undefined || !partial) {
    for (const [region, prices] of Object.entries(objectAt(object.regions, 'regions', what))) {
      regions[region] = {};
      for (const [type, price] of Object.entries(objectAt(prices, `regions.${region}`, what))) {
        regions[region][type] = positivePrice(price, `regions.${region}.${type}`, file);
      }
    }
  }
  return {
    eksControlPlanePerHour: fee === undefined && partial ? Number.NaN : positivePrice(fee, 'eksControlPlanePerHour', file),
    regions,
    source: typeof object.source === 'string' ? object.source : file,
    retrieved: typeof object.retrieved === 'string' ? object.retrieved : 'undated',
  };
}

/** The catalog with an override file's prices laid over it, price by price. */
export function withPriceOverrides(catalog: Catalog, document: unknown, file: string): Catalog {
  const overrides = parsePrices(document, file, true);
  const regions: Record<string, Record<string, number>> = {};
  for (const region of new Set([...Object.keys(catalog.prices.regions), ...Object.keys(overrides.regions)])) {
    regions[region] = { ...catalog.prices.regions[region], ...overrides.regions[region] };
  }
  return {
    ...catalog,
    prices: {
      eksControlPlanePerHour: Number.isNaN(overrides.eksControlPlanePerHour)
        ? catalog.prices.eksControlPlanePerHour
        : overrides.eksControlPlanePerHour,
      regions,
      source: `${file} over ${PRICES_FILE}`,
      retrieved: overrides.retrieved,
    },
  };
}

/** An instance type's facts, or a one-line error saying where the type was named. */
export function instanceFacts(catalog: Catalog, instanceType: string, where: string): InstanceFacts {
  const facts = catalog.instances[instanceType];
  if (!facts) {
    throw new DomainError(
      `instance type ${instanceType} (${where}) is not in ${INSTANCES_FILE}; add its vCPUs, memory and ENI limits there (known: ${Object.keys(catalog.instances).join(', ')})`,
    );
  }
  return facts;
}

/** USD per hour of one instance, or a one-line error naming what is missing. */
export function hourlyPrice(catalog: Catalog, region: string, instanceType: string, where: string): number {
  const prices = catalog.prices.regions[region];
  if (!prices) {
    throw new DomainError(
      `no prices for region ${region} in ${PRICES_FILE} (regions: ${Object.keys(catalog.prices.regions).join(', ')}); pass --prices with that region's prices`,
    );
  }
  const price = prices[instanceType];
  if (price === undefined) {
    throw new DomainError(`no ${region} price for instance type ${instanceType} (${where}) in ${PRICES_FILE}; pass --prices with it`);
  }
  return price;
}

/** `what` names the document in the message: `prices file F` or `instance data F`. */
function objectAt(value: unknown, at: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError(`${what}: ${at || 'the document'} must be an object, got: ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value as Record<string, unknown>;
}

function positivePrice(value: unknown, at: string, file: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DomainError(
      `prices file ${file}: ${at} must be a positive number (USD per hour), got: ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return value;
}

function positiveInteger(value: unknown, at: string, file: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new DomainError(`instance data ${file}: ${at} must be a positive integer, got: ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}
