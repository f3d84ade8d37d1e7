import { readFileSync } from 'node:fs';
import { parseConfig, serviceEnvironments, type ServiceEnvironment } from '../../../config';
import type { LiveGroup } from '../../../domain/traffic/compare';
import type { LiveAlias, LiveRecord, LoadBalancerRef } from '../../../domain/traffic/live-record';

export const EXAMPLE_PATH = `${__dirname}/../../../config/example.yaml`;
export const EXAMPLE_TEXT = readFileSync(EXAMPLE_PATH, 'utf8');
export const EXAMPLE = parseConfig(EXAMPLE_TEXT);

export function entryOf(service: string, environment: string): ServiceEnvironment {
  return serviceEnvironments(EXAMPLE).find((entry) => entry.service === service && entry.environment === environment)!;
}

/** A weighted record as the DNS stack writes it: a cluster's to its per-target name, health check `hc-<target>`. */
export function recordOf(entry: ServiceEnvironment, target: string, weight: number, healthCheckId = `hc-${target}`): LiveRecord {
  const value = target === 'beanstalk' ? entry.beanstalk!.cname! : (entry.clusterRecordNames[target] ?? `${target}.example.net`);
  return { name: entry.recordName, setIdentifier: target, weight, value, healthCheckId };
}

export const aliasOf = (name: string, dnsName = 'dualstack.k-blue-prod-1.sa-east-1.elb.amazonaws.com.'): [string, LiveAlias] => [
  name,
  { name, dnsName },
];
export const BLUE_LB: LoadBalancerRef = { arn: 'arn:blue', dnsName: 'K-Blue-Prod-1.sa-east-1.elb.amazonaws.com' };

/** The whole live state of a group as a deploy leaves it; `change` replaces one part. */
export function deployedGroup(entry: ServiceEnvironment, change: Partial<LiveGroup> = {}): LiveGroup {
  const published = Object.entries(entry.weights).filter(
    ([target, weight]) => weight > 0 && (target !== 'beanstalk' || entry.beanstalk?.cname),
  );
  const checked = Object.keys(entry.weights).filter((target) => target !== 'beanstalk' || published.some(([name]) => name === target));
  return {
    records: published.map(([target, weight]) => recordOf(entry, target, weight)),
    aliases: new Map(Object.values(entry.clusterRecordNames).map((name) => aliasOf(name))),
    healthChecks: new Map(checked.map((target) => [`${entry.service}/${entry.environment}/${target}`, [`hc-${target}`]])),
    loadBalancers: (cluster, environment, group) =>
      cluster === 'blue' && environment === entry.environment && group === 1 ? [BLUE_LB] : [],
    ...change,
  };
}
