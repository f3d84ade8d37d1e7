import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { CliError } from '../cli-error';

/**
 * The DNS record that sends `*.preview.<zone>` to the load balancer every preview shares. The
 * AWS Load Balancer Controller makes that load balancer when the first preview's Ingress joins
 * its group, so no stack knows its address at deploy time: the handler writes the record once the
 * Ingress reports the address, and again whenever the address changes.
 */
export interface PreviewRecord {
  /** Points the record at `hostName` (the load balancer's DNS name). */
  point(hostName: string): Promise<void>;
  /** Deletes the record, once no preview is left; false when there was none. */
  remove(): Promise<boolean>;
}

/**
 * Seconds resolvers keep the answer: short, so a load balancer the controller had to make again
 * is found within a minute.
 */
export const PREVIEW_RECORD_TTL_SECONDS = 60;

/**
 * The record in Route 53, written with UPSERT (create or replace, so a repeat is harmless). A
 * CNAME, not an alias: an alias needs the load balancer's own hosted zone id, one more call and
 * one more permission for the same answer. Route 53 takes `*` as the leftmost label of a record
 * name as a wildcard (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html).
 */
export class Route53PreviewRecord implements PreviewRecord {
  private pointedAt: string | undefined;

  constructor(
    private readonly route53: Route53Client,
    private readonly hostedZoneId: string,
    /** `*.preview.<zone>` (previewWildcardName in domain/naming.ts). */
    private readonly recordName: string,
  ) {}

  async point(hostName: string): Promise<void> {
    // Kept for the process's life (a Lambda container's): one write per address, not per event.
    if (this.pointedAt === hostName) return;
    await this.change('UPSERT', {
      Name: this.recordName,
      Type: 'CNAME',
      TTL: PREVIEW_RECORD_TTL_SECONDS,
      ResourceRecords: [{ Value: hostName }],
    });
    this.pointedAt = hostName;
  }

  /**
   * A DELETE must name the record exactly as it stands (TTL and value included), so it is read
   * first. Left in place, the record would send preview names to a load balancer the controller
   * deleted with the last preview's Ingress.
   */
  async remove(): Promise<boolean> {
    const found = await this.current();
    this.pointedAt = undefined;
    if (!found) return false;
    await this.change('DELETE', found);
    return true;
  }

  private async current(): Promise<ResourceRecordSet | undefined> {
    const listed = await this.route53
      .send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: this.hostedZoneId,
          StartRecordName: this.recordName,
          StartRecordType: 'CNAME',
          MaxItems: 1,
        }),
      )
      .catch((error: Error) => {
        throw this.refused('read', error);
      });
    const [first] = listed.ResourceRecordSets ?? [];
    // Listed from that name on: the first one is the record only if its name and type match.
    return first?.Type === 'CNAME' && listedName(first.Name) === this.recordName ? first : undefined;
  }

  private async change(action: 'UPSERT' | 'DELETE', record: ResourceRecordSet): Promise<void> {
    await this.route53
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: this.hostedZoneId,
          ChangeBatch: {
            Comment: 'kubeshift delivery: the shared preview load balancer',
            Changes: [{ Action: action, ResourceRecordSet: record }],
          },
        }),
      )
      .catch((error: Error) => {
        throw this.refused(action === 'UPSERT' ? 'write' : 'delete', error);
      });
  }

  /** An expected refusal (no such zone, no permission): one line naming what was asked, not a stack. */
  private refused(verb: string, error: Error): CliError {
    return new CliError(`${verb} ${this.recordName} in hosted zone ${this.hostedZoneId}: ${error.name}: ${error.message}`);
  }
}

/** A name as Route 53 lists it (`\052.preview.example.com.`) as the config writes it (`*.preview.example.com`). */
function listedName(name: string | undefined): string {
  return (name ?? '')
    .replace(/^\\052/, '*')
    .replace(/\.$/, '')
    .toLowerCase();
}
