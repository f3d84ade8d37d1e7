/**
 * A failure of domain logic the operator can act on (an unknown cluster, a zone not in the VPC, a
 * price missing). The message is one line; entry points print it and exit 1. Outcomes that are
 * answers, such as a node type that does not fit, are returned as values instead.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainError';
  }
}
