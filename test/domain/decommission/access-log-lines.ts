/** What Route 53's health checkers send as User-Agent, as an ALB access log shows it. */
export const ROUTE53_CHECKER_AGENT =
  'Amazon-Route53-Health-Check-Service (ref b5996862-d894-4595-88da-7940808e9665; report http://amzn.to/1vsZADi)';

/**
 * One ALB access-log entry in the documented format
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html),
 * the fields after user_agent as the documentation's example has them.
 */
export function accessLogLine(time: string, url: string, userAgent: string): string {
  return [
    'https',
    time,
    'app/awseb-AWSEB-1/50dc6c495c0c9188',
    '192.168.131.39:2817',
    '10.0.0.1:80',
    '0.086 0.048 0.037',
    '200 200 0 57',
    `"GET ${url} HTTP/1.1"`,
    `"${userAgent}"`,
    'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2',
    'arn:aws:elasticloadbalancing:sa-east-1:123456789012:targetgroup/tg/73e2d6bc24d8a067',
    '"Root=1-58337281-1d84f3d73c47ec4e58577259" "-" "arn:aws:acm:sa-east-1:123456789012:certificate/1"',
    `1 ${time} "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1`,
  ].join(' ');
}
