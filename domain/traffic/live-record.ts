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
