import { BEANSTALK, type ServiceEnvironment } from '../../config';
import { healthCheckName } from '../naming';

/** Cluster load balancers answer HTTPS on 443 (the HTTP listener only redirects). */
export const CLUSTER_HEALTH_CHECK_PORT = 443;

/**
 * What a Route 53 health check requests. Without an IP address, Route 53 resolves `fqdn`,
 * connects to an address it returns, and sends `fqdn` as the Host header and, over HTTPS with
 * SNI on, in the TLS client_hello: the host it checks is also where it connects
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html,
 * FullyQualifiedDomainName and EnableSNI).
 */
export interface HealthCheckSpec {
  /** HTTPS checks send SNI. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** Where Route 53 connects, and the Host header (and SNI) it sends. */
  readonly fqdn: string;
  readonly port: number;
  /** The path requested; a 2xx or 3xx answer is healthy. */
  readonly path: string;
}

/** One target of a service environment's weighted group: its health check, and its record while it has weight. */
export interface GroupTarget {
  /** `beanstalk` or a cluster name: the record's SetIdentifier and the construct id. */
  readonly target: string;
  /** The configured Route 53 weight, 0–255. */
  readonly weight: number;
  /**
   * Whether the group has a record for it: only above weight 0. Route 53 answers with
   * zero-weighted records when every other record is unhealthy
   * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html),
   * so weight 0 is expressed by having no record at all.
   */
  readonly published: boolean;
  /** The CNAME's value: a cluster's per-target name, or the Beanstalk environment's CNAME. */
  readonly recordValue: string;
  readonly healthCheck: HealthCheckSpec;
  /** The health check's `Name` tag: `<service>/<environment>/<target>`. */
  readonly healthCheckName: string;
}

/**
 * The targets of one service environment that Route 53 knows about, in the order of `weights`.
 * Every cluster named in the weights is health-checked, weight 0 included, on its per-target
 * name, so that moving it from 0 to 10 only adds its record. A Beanstalk environment is
 * health-checked only while it has weight: the checkers' own requests would otherwise keep its
 * load balancer busy and `decommission-check` could never call it idle. A Beanstalk weight above
 * 0 always comes with a CNAME and a health check (the config loader's rule).
 */
export function weightedTargets(entry: ServiceEnvironment): GroupTarget[] {
  return Object.entries(entry.weights).flatMap(([target, weight]): GroupTarget[] => {
    const base = { target, weight, published: weight > 0, healthCheckName: healthCheckName(entry.service, entry.environment, target) };
    if (target !== BEANSTALK) {
      const perTargetName = entry.clusterRecordNames[target];
      return [
        {
          ...base,
          recordValue: perTargetName,
          healthCheck: { protocol: 'HTTPS', fqdn: perTargetName, port: CLUSTER_HEALTH_CHECK_PORT, path: entry.healthCheckPath },
        },
      ];
    }
    if (weight === 0) return [];
    const { cname, healthCheck } = entry.beanstalk!;
    return [
      {
        ...base,
        recordValue: cname!,
        healthCheck: { protocol: healthCheck!.protocol, fqdn: healthCheck!.host, port: healthCheck!.port, path: healthCheck!.path },
      },
    ];
  });
}
