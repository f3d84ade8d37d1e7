/** One weighted record as Route 53 serves it now. */
export interface LiveRecord {
  /** Lower case, without the trailing dot, as the config writes record names. */
  readonly name: string;
  /** The target: `beanstalk` or a cluster name. */
  readonly setIdentifier: string;
  readonly weight: number;
  /** Where the record points (the CNAME value). */
  readonly value?: string;
  /** @default - no health check attached */
  readonly healthCheckId?: string;
}

/** An alias record (a per-target name) as Route 53 serves it now. */
export interface LiveAlias {
  /** Lower case, without the trailing dot. */
  readonly name: string;
  /** `AliasTarget.DNSName` as Route 53 stores it (often `dualstack.<name>.`). */
  readonly dnsName: string;
  /** @default - not read */
  readonly hostedZoneId?: string;
}

/** A cluster load balancer found by its tags. */
export interface LoadBalancerRef {
  readonly arn: string;
  readonly dnsName: string;
  /** @default - not read */
  readonly canonicalHostedZoneId?: string;
}
