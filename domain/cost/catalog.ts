import { DomainError } from '../domain-error';
import eksVersionsData from './data/eks-versions.json';
import instancesData from './data/instances.json';
import loadBalancersData from './data/load-balancers.json';
import pricesData from './data/prices.json';
import {
  LOAD_BALANCER_PRICES_FILE,
  type LoadBalancerPriceTable,
  parseLoadBalancerOverrides,
  parseLoadBalancerPrices,
  withLoadBalancerOverrides,
} from './load-balancer-prices';

/**
 * The facts the planner prices and packs with: instance shapes, on-demand prices and the EKS
 * support calendar. They come from the dated data files in `data/` (bundled through `import`, so
 * that synth reads no file; scripts/catalog/update.ts regenerates the first two) and `--prices`
 * may override the prices.
 */

/** Where the bundled data lives, for messages that tell the operator what to edit. */
export const INSTANCES_FILE = 'domain/cost/data/instances.json';
export const PRICES_FILE = 'domain/cost/data/prices.json';
export const EKS_VERSIONS_FILE = 'domain/cost/data/eks-versions.json';

export type Architecture = 'x86_64' | 'arm64';
const ARCHITECTURES: readonly string[] = ['x86_64', 'arm64'] satisfies Architecture[];

/** What EC2 says about one instance type. */
export interface InstanceFacts {
  /** Images must be built for it: planning another type keeps to the same one. */
  readonly architecture: Architecture;
  readonly vCpus: number;
  readonly memoryMebibytes: number;
  /** Network interfaces the type can attach: with the next field, it sets EKS's max pods. */
  readonly maxEnis: number;
  readonly ipv4PerEni: number;
}

/** On-demand USD per hour, per region and instance type, and the EKS control-plane fees. */
export interface PriceTable {
  /** Per cluster-hour while the cluster's Kubernetes version is in standard support. */
  readonly eksControlPlanePerHour: number;
  /** Per cluster-hour once it is past standard support: the whole fee, not a surcharge. */
  readonly eksExtendedSupportPerHour: number;
  readonly regions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Where the prices come from and when, for the report's footnote. */
  readonly source: string;
  readonly retrieved: string;
}

/** When a Kubernetes minor version leaves EKS standard and extended support: UTC days, YYYY-MM-DD. */
export interface KubernetesSupport {
  readonly standardSupportEnds: string;
  readonly extendedSupportEnds: string;
}

export interface EksCalendar {
  readonly versions: Readonly<Record<string, KubernetesSupport>>;
  readonly source: string;
  readonly retrieved: string;
}

export interface Catalog {
  readonly instances: Readonly<Record<string, InstanceFacts>>;
  readonly prices: PriceTable;
  /** Elastic Load Balancing, for the regions that could be sourced. */
  readonly loadBalancerPrices: LoadBalancerPriceTable;
  readonly instancesRetrieved: string;
  readonly eksCalendar: EksCalendar;
}

let bundled: Catalog | undefined;

/** The catalog from the bundled data files, validated once. */
export function bundledCatalog(): Catalog {
  bundled ??= {
    instances: parseInstances(instancesData, INSTANCES_FILE),
    prices: parsePrices(pricesData, PRICES_FILE),
    loadBalancerPrices: parseLoadBalancerPrices(loadBalancersData, LOAD_BALANCER_PRICES_FILE),
    instancesRetrieved: instancesData.retrieved,
    eksCalendar: parseEksCalendar(eksVersionsData, EKS_VERSIONS_FILE),
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
    if (typeof object.architecture !== 'string' || !ARCHITECTURES.includes(object.architecture)) {
      throw new DomainError(
        `${what}: ${at}.architecture must be one of ${ARCHITECTURES.join(', ')}, got: ${JSON.stringify(object.architecture) ?? 'nothing'}`,
      );
    }
    result[type] = {
      architecture: object.architecture as Architecture,
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
  const regions: Record<string, Record<string, number>> = {};
  if (object.regions !== undefined || !partial) {
    for (const [region, prices] of Object.entries(objectAt(object.regions, 'regions', what))) {
      regions[region] = {};
      for (const [type, price] of Object.entries(objectAt(prices, `regions.${region}`, what))) {
        regions[region][type] = positivePrice(price, `regions.${region}.${type}`, file);
      }
    }
  }
  // NaN marks a fee an override file leaves as it is.
  const fee = (key: string) => (object[key] === undefined && partial ? Number.NaN : positivePrice(object[key], key, file));
  return {
    eksControlPlanePerHour: fee('eksControlPlanePerHour'),
    eksExtendedSupportPerHour: fee('eksExtendedSupportPerHour'),
    regions,
    source: typeof object.source === 'string' ? object.source : file,
    retrieved: typeof object.retrieved === 'string' ? object.retrieved : 'undated',
  };
}

/** Validates the EKS support calendar (the shape of `data/eks-versions.json`). */
export function parseEksCalendar(document: unknown, file: string): EksCalendar {
  const what = `EKS calendar ${file}`;
  const object = objectAt(document, '', what);
  const versions: Record<string, KubernetesSupport> = {};
  for (const [version, dates] of Object.entries(objectAt(object.versions, 'versions', what))) {
    const entry = objectAt(dates, `versions.${version}`, what);
    const day = (key: string) => isoDay(entry[key], `${what}: versions.${version}.${key}`);
    versions[version] = { standardSupportEnds: day('standardSupportEnds'), extendedSupportEnds: day('extendedSupportEnds') };
  }
  return {
    versions,
    source: typeof object.source === 'string' ? object.source : file,
    retrieved: isoDay(object.retrieved, `${what}: retrieved`),
  };
}

/**
 * The catalog with an override file's prices laid over it, price by price: instance prices and
 * EKS fees in the shape of `data/prices.json`, load balancers under `loadBalancers` in the shape of
 * `data/load-balancers.json`'s regions.
 */
export function withPriceOverrides(catalog: Catalog, document: unknown, file: string): Catalog {
  const overrides = parsePrices(document, file, true);
  const loadBalancers = parseLoadBalancerOverrides((document as Record<string, unknown>).loadBalancers, file);
  const regions: Record<string, Record<string, number>> = {};
  for (const region of new Set([...Object.keys(catalog.prices.regions), ...Object.keys(overrides.regions)])) {
    regions[region] = { ...catalog.prices.regions[region], ...overrides.regions[region] };
  }
  const fee = (override: number, bundledFee: number) => (Number.isNaN(override) ? bundledFee : override);
  return {
    ...catalog,
    prices: {
      eksControlPlanePerHour: fee(overrides.eksControlPlanePerHour, catalog.prices.eksControlPlanePerHour),
      eksExtendedSupportPerHour: fee(overrides.eksExtendedSupportPerHour, catalog.prices.eksExtendedSupportPerHour),
      regions,
      source: `${file} over ${PRICES_FILE}`,
      retrieved: overrides.retrieved,
    },
    loadBalancerPrices: loadBalancers
      ? withLoadBalancerOverrides(catalog.loadBalancerPrices, loadBalancers, file, overrides.retrieved)
      : catalog.loadBalancerPrices,
  };
}

/** A catalog answer, or a one-line problem that names the config field (the caller says what it left out). */
export type Lookup<T> = { readonly value: T; readonly problem?: undefined } | { readonly value?: undefined; readonly problem: string };

/** An instance type's facts, or the problem: the type is not in the catalog. */
export function lookupInstance(catalog: Catalog, instanceType: string, field: string): Lookup<InstanceFacts> {
  const facts = catalog.instances[instanceType];
  return facts ? { value: facts } : { problem: `${field}: instance type ${instanceType} is not in the catalog (${INSTANCES_FILE})` };
}

/**
 * USD per hour of one instance, or the problem: no price for the type in the region. A region
 * with no prices at all is an error, not a gap: nothing could be priced there.
 */
export function lookupPrice(catalog: Catalog, region: string, instanceType: string, field: string): Lookup<number> {
  const prices = catalog.prices.regions[region];
  if (!prices) {
    throw new DomainError(
      `no prices for region ${region} in ${PRICES_FILE} (regions: ${Object.keys(catalog.prices.regions).join(', ')}); pass --prices with that region's prices`,
    );
  }
  const price = prices[instanceType];
  return price === undefined
    ? { problem: `${field}: no ${region} price for instance type ${instanceType} in ${PRICES_FILE} (pass --prices with it)` }
    : { value: price };
}

/** Whether the facts and a price are both there: what a Beanstalk environment or a priced node group needs. */
export function lookupPricedInstance(
  catalog: Catalog,
  region: string,
  instanceType: string,
  field: string,
): Lookup<{ readonly facts: InstanceFacts; readonly hourlyPrice: number }> {
  const facts = lookupInstance(catalog, instanceType, field);
  if (facts.problem !== undefined) return facts;
  const price = lookupPrice(catalog, region, instanceType, field);
  if (price.problem !== undefined) return price;
  return { value: { facts: facts.value, hourlyPrice: price.value } };
}

export type SupportTier = 'standard' | 'extended';

/** What a cluster's control plane costs on the plan date. */
export interface ControlPlanePrice {
  readonly kubernetesVersion: string;
  readonly support: SupportTier;
  readonly hourlyPrice: number;
  /** Absent when the calendar does not know the version. */
  readonly standardSupportEnds?: string;
  /** The version is not in the calendar: priced at the standard rate. */
  readonly problem?: string;
}

/**
 * The control-plane fee of a cluster on `planDate` (YYYY-MM-DD, UTC). EKS bills extended support
 * from the start of the day standard support ends, so that day is already extended.
 */
export function controlPlanePrice(catalog: Catalog, kubernetesVersion: string, planDate: string, field: string): ControlPlanePrice {
  isoDay(planDate, 'plan date');
  const support = catalog.eksCalendar.versions[kubernetesVersion];
  if (!support) {
    return {
      kubernetesVersion,
      support: 'standard',
      hourlyPrice: catalog.prices.eksControlPlanePerHour,
      problem: `${field}: Kubernetes ${kubernetesVersion} is not in the EKS support calendar (${EKS_VERSIONS_FILE}); control plane priced at the standard-support rate`,
    };
  }
  const extended = planDate >= support.standardSupportEnds;
  return {
    kubernetesVersion,
    support: extended ? 'extended' : 'standard',
    hourlyPrice: extended ? catalog.prices.eksExtendedSupportPerHour : catalog.prices.eksControlPlanePerHour,
    standardSupportEnds: support.standardSupportEnds,
  };
}

/** `what` names the document in the message: `prices file F` or `instance data F`. */
function objectAt(value: unknown, at: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError(`${what}: ${at || 'the document'} must be an object, got: ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value as Record<string, unknown>;
}

/** The UTC calendar day of a moment, as YYYY-MM-DD: the form plan dates and the EKS calendar use. */
export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 'YYYY-MM-DD'.length);
}

/** A calendar day as YYYY-MM-DD: such strings compare in date order. */
function isoDay(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new DomainError(`${what} must be a day as YYYY-MM-DD, got: ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
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
