import {
  accessLogDayPrefixes,
  accessLogFileInWindow,
  accessLogUri,
  isRoute53HealthChecker,
  parseAccessLogLine,
  tallyAccessLog,
  type AccessLogLocation,
} from '../../../domain/decommission/access-log';
import { accessLogLine, ROUTE53_CHECKER_AGENT } from './access-log-lines';

const logLine = accessLogLine;
const CHECKER = ROUTE53_CHECKER_AGENT;
const location: AccessLogLocation = {
  bucket: 'logs',
  prefix: '/eb/',
  account: '123456789012',
  region: 'sa-east-1',
  loadBalancerId: 'app/awseb-AWSEB-1/50dc6c495c0c9188',
};

test('an entry: its time, the host of its request line (lower case, no port) and its user agent', () => {
  expect(parseAccessLogLine(logLine('2026-11-25T10:00:01.000000Z', 'https://Auth.Example.com.br:443/healthz?x=1', 'curl/8.5'))).toEqual({
    time: new Date('2026-11-25T10:00:01.000Z'),
    host: 'auth.example.com.br',
    userAgent: 'curl/8.5',
  });
});

test('a malformed request has no host; a quote inside a quoted field is kept; other lines are not entries', () => {
  expect(parseAccessLogLine(logLine('2026-11-25T10:00:01Z', '-', '-'))?.host).toBeUndefined();
  expect(parseAccessLogLine(logLine('2026-11-25T10:00:01Z', 'https://x.example/', 'say \\"hi\\"'))?.userAgent).toBe('say "hi"');
  expect(parseAccessLogLine('#Version: 1.0')).toBeUndefined();
  expect(parseAccessLogLine(logLine('yesterday', 'https://x.example/', 'curl'))).toBeUndefined();
});

test.each([
  [CHECKER, true],
  ['Amazon Route 53 Health Check Service; ref:47d9bc51-39d6-4cd9-9a7f-4c981c5db165; report http://amzn.to/1vsZADi', true],
  ['Mozilla/5.0 (compatible; Amazon-Route53-Health-Check-Service)', false],
  ['ELB-HealthChecker/2.0', false],
])('Route 53 health checker: %s → %s', (userAgent, expected) => {
  expect(isRoute53HealthChecker(userAgent)).toBe(expected);
});

test("counts the window's requests for the service's hosts; health checkers and other hosts apart", () => {
  const hosts = new Set(['auth.example.com.br', 'auth-prod.sa-east-1.elasticbeanstalk.com']);
  const window = { start: new Date('2026-11-25T10:00:00Z'), end: new Date('2026-11-25T11:00:00Z') };
  const text = [
    logLine('2026-11-25T10:05:00Z', 'https://auth.example.com.br:443/login', 'okhttp/4.12'),
    logLine('2026-11-25T10:06:00Z', 'http://AUTH-PROD.sa-east-1.elasticbeanstalk.com:80/', 'cron'),
    logLine('2026-11-25T10:07:00Z', 'https://auth-prod.sa-east-1.elasticbeanstalk.com:443/healthz', CHECKER),
    logLine('2026-11-25T10:08:00Z', 'http://54.232.1.2:80/.env', 'zgrab/0.x'),
    logLine('2026-11-25T10:09:00Z', 'http://54.232.1.2:80/wp-login.php', 'zgrab/0.x'),
    logLine('2026-11-25T10:10:00Z', '-', '-'),
    logLine('2026-11-25T09:59:59Z', 'https://auth.example.com.br:443/', 'before the window'),
    logLine('2026-11-25T11:00:00Z', 'https://auth.example.com.br:443/', 'at its end'),
    'garbage',
    '',
  ].join('\n');
  const tally = tallyAccessLog(text, hosts, window);
  expect(tally).toEqual({
    counted: 2,
    healthCheckers: 1,
    otherHosts: new Map([
      ['54.232.1.2', 2],
      ['-', 1],
    ]),
    entries: 8,
    unreadable: 1,
  });
  // Tallies add up over files.
  expect(tallyAccessLog(text, hosts, window, tally).counted).toBe(4);
});

test('one key prefix per delivery day from the start of the window, with the prefix trimmed', () => {
  expect(accessLogDayPrefixes(location, new Date('2026-11-30T23:10:00Z'), new Date('2026-12-02T00:05:00Z'))).toEqual([
    'eb/AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/11/30/',
    'eb/AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/12/01/',
    'eb/AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/12/02/',
  ]);
  expect(
    accessLogDayPrefixes({ ...location, prefix: undefined }, new Date('2026-11-30T23:10:00Z'), new Date('2026-11-30T23:50:00Z')),
  ).toEqual(['AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/11/30/']);
  expect(accessLogUri(location)).toBe('s3://logs/eb');
  expect(accessLogUri({ ...location, prefix: undefined })).toBe('s3://logs');
});

test("a file is read when it is this load balancer's and its interval reaches into the window", () => {
  const key = (lb: string, end: string) =>
    `eb/AWSLogs/123456789012/elasticloadbalancing/sa-east-1/2026/11/25/123456789012_elasticloadbalancing_sa-east-1_${lb}_${end}_52.1.2.3_5ke8a1xq.log.gz`;
  const start = new Date('2026-11-25T10:00:00Z');
  expect(accessLogFileInWindow(key('app.awseb-AWSEB-1.50dc6c495c0c9188', '20261125T1005Z'), location, start)).toBe(true);
  expect(accessLogFileInWindow(key('app.awseb-AWSEB-1.50dc6c495c0c9188', '20261125T0955Z'), location, start)).toBe(true);
  expect(accessLogFileInWindow(key('app.awseb-AWSEB-1.50dc6c495c0c9188', '20261125T0950Z'), location, start)).toBe(false);
  expect(accessLogFileInWindow(key('app.awseb-AWSEB-2.aaaaaaaaaaaaaaaa', '20261125T1005Z'), location, start)).toBe(false);
  expect(accessLogFileInWindow('eb/AWSLogs/123456789012/ELBAccessLogTestFile', location, start)).toBe(false);
});
