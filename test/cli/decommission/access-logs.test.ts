import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { countAccessLogRequests } from '../../../cli/decommission/access-logs';
import { accessLogLine } from '../../domain/decommission/access-log-lines';

const s3Mock = mockClient(S3Client);
const location = { bucket: 'eb-logs', account: '123456789012', region: 'sa-east-1', loadBalancerId: 'app/awseb-AWSEB-1/50dc6c495c0c9188' };
const key = (end: string, lb = 'app.awseb-AWSEB-1.50dc6c495c0c9188') =>
  `AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/11/25/123456789012_elasticloadbalancing_sa-east-1_${lb}_${end}_52.1.2.3_x.log.gz`;

test("pages through a day's objects, reads only this load balancer's files in the window, and tallies them", async () => {
  s3Mock.reset();
  s3Mock
    .on(ListObjectsV2Command, { ContinuationToken: undefined })
    .resolves({
      Contents: [{ Key: key('20261125T0900Z') }, { Key: key('20261125T1005Z') }],
      IsTruncated: true,
      NextContinuationToken: 't2',
    })
    .on(ListObjectsV2Command, { ContinuationToken: 't2' })
    .resolves({ Contents: [{ Key: key('20261125T1010Z', 'app.other.1') }, { Key: key('20261125T1010Z') }], IsTruncated: false });
  s3Mock.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    const line = accessLogLine(`2026-11-25T${input.Key.includes('T1005Z') ? '10:04' : '10:09'}:00Z`, 'https://auth.example.com.br/', 'app');
    return { Body: { transformToByteArray: async () => new Uint8Array(gzipSync(line)) } } as unknown as GetObjectCommandOutput;
  });

  const count = await countAccessLogRequests(
    new S3Client({}),
    location,
    { start: new Date('2026-11-25T10:00:00Z'), end: new Date('2026-11-25T10:30:00Z') },
    new Set(['auth.example.com.br']),
  );

  expect(s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input.Key)).toEqual([
    key('20261125T1005Z'),
    key('20261125T1010Z'),
  ]);
  expect(count).toMatchObject({ files: 2, counted: 2, healthCheckers: 0, entries: 2 });
});

test('a bucket that does not exist: one line naming it', async () => {
  s3Mock.reset();
  s3Mock.on(ListObjectsV2Command).rejects(Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' }));
  await expect(
    countAccessLogRequests(
      new S3Client({}),
      location,
      { start: new Date('2026-11-25T10:00:00Z'), end: new Date('2026-11-25T10:30:00Z') },
      new Set(),
    ),
  ).rejects.toThrow(
    'the access logs of app/awseb-AWSEB-1/50dc6c495c0c9188 go to s3://eb-logs, whose bucket does not exist: turn its access logs off to count by RequestCount, or point them at a bucket',
  );
});
