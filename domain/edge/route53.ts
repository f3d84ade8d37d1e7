/**
 * Where Route 53 lives. Its records and health checks are global, but its API is signed in
 * us-east-1 and it publishes health-check metrics (`AWS/Route53 HealthCheckStatus`) only there:
 * "Route 53 metrics are not available if you select any other region"
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html).
 * A CloudWatch alarm reads metrics of its own region only, so the alarm on a health check, and
 * with it the stack that holds the check, belong in this region
 * (https://github.com/aws/aws-cdk/issues/30483: "Cannot create an Alarm in region … based on metric … in 'us-east-1'").
 */
export const ROUTE53_REGION = 'us-east-1';
