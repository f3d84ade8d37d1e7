import { GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { CliError } from '../cli-error';
import {
  accessLogDayPrefixes,
  accessLogFileInWindow,
  accessLogUri,
  EMPTY_TALLY,
  tallyAccessLog,
  type AccessLogLocation,
  type AccessLogTally,
} from '../../domain/decommission/access-log';

/** A window's access-log tally and how many files it read. */
export interface AccessLogCount extends AccessLogTally {
  readonly files: number;
}

/**
 * Reads the load balancer's access-log files that can hold requests of the window, one day's
 * folder at a time, and tallies their entries. Files are small (5 minutes of one node each) and
 * read one after the other; an environment about to be deleted has few requests, so few bytes.
 */
export async function countAccessLogRequests(
  s3: S3Client,
  location: AccessLogLocation,
  window: { readonly start: Date; readonly end: Date },
  hosts: ReadonlySet<string>,
): Promise<AccessLogCount> {
  try {
    return await readWindow(s3, location, window, hosts);
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchBucket') {
      throw new CliError(
        `the access logs of ${location.loadBalancerId} go to ${accessLogUri(location)}, whose bucket does not exist: turn its access logs off to count by RequestCount, or point them at a bucket`,
      );
    }
    throw error;
  }
}

async function readWindow(
  s3: S3Client,
  location: AccessLogLocation,
  window: { readonly start: Date; readonly end: Date },
  hosts: ReadonlySet<string>,
): Promise<AccessLogCount> {
  let tally = EMPTY_TALLY;
  let files = 0;
  for (const prefix of accessLogDayPrefixes(location, window.start, window.end)) {
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await s3.send(
        new ListObjectsV2Command({ Bucket: location.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || !accessLogFileInWindow(object.Key, location, window.start)) continue;
        const body = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: object.Key }));
        const bytes = Buffer.from(await body.Body!.transformToByteArray());
        tally = tallyAccessLog(gunzipSync(bytes).toString('utf8'), hosts, window, tally);
        files++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return { ...tally, files };
}
