import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { TargetHealthCheck, type TargetHealthCheckProps } from '../../constructs';

const HTTPS_CHECK: TargetHealthCheckProps = {
  spec: { protocol: 'HTTPS', fqdn: 'auth.blue.example.com', port: 443, path: '/healthz' },
  name: 'auth/production/blue',
  alarmName: 'shop/auth/production/blue/unhealthy',
};

function checkStack(props: TargetHealthCheckProps, region = 'us-east-1'): Stack {
  const stack = new Stack(undefined, 'Dns', { env: { account: '123456789012', region } });
  new TargetHealthCheck(stack, 'blue-HealthCheck', props);
  return stack;
}

describe('TargetHealthCheck', () => {
  const template = Template.fromStack(checkStack(HTTPS_CHECK));

  test('checks the target over HTTPS with SNI on, every 30 s, down after 3 misses, named by its Name tag', () => {
    template.resourceCountIs('AWS::Route53::HealthCheck', 1);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'auth.blue.example.com',
        Port: 443,
        ResourcePath: '/healthz',
        EnableSNI: true,
        RequestInterval: 30,
        FailureThreshold: 3,
        Inverted: false,
        MeasureLatency: false,
      },
      HealthCheckTags: [{ Key: 'Name', Value: 'auth/production/blue' }],
    });
  });

  test("alarms on Route 53's own verdict: HealthCheckStatus of this check below 1 for one minute", () => {
    const [checkId] = Object.keys(template.findResources('AWS::Route53::HealthCheck'));
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop/auth/production/blue/unhealthy',
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: checkId } }],
      Statistic: 'Minimum',
      Period: 60,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'missing',
    });
  });

  test('keeps the logical id a health check had before it was wrapped with its alarm', () => {
    // The health check is the construct's default child: its id is the construct's, as when it stood alone.
    expect(Object.keys(template.findResources('AWS::Route53::HealthCheck'))[0]).toMatch(/^blueHealthCheck[0-9A-F]{8}$/);
  });

  test('checks HTTP without SNI, on the port and path it is given', () => {
    const http = Template.fromStack(
      checkStack({ ...HTTPS_CHECK, spec: { protocol: 'HTTP', fqdn: 'auth-prod.sa-east-1.elasticbeanstalk.com', port: 8080, path: '/up' } }),
    );
    const [check] = Object.values(http.findResources('AWS::Route53::HealthCheck'));
    expect(check.Properties.HealthCheckConfig).toMatchObject({ Type: 'HTTP', Port: 8080, ResourcePath: '/up' });
    expect(check.Properties.HealthCheckConfig).not.toHaveProperty('EnableSNI');
  });

  test('refuses a stack outside us-east-1, where its alarm would never see a datapoint', () => {
    const errors = Annotations.fromStack(checkStack(HTTPS_CHECK, 'sa-east-1')).findError(
      '*',
      Match.stringLikeRegexp('alarm of health check auth/production/blue must be in us-east-1.*its stack is in sa-east-1'),
    );
    expect(errors).toHaveLength(1);
    expect(Annotations.fromStack(checkStack(HTTPS_CHECK)).findError('*', Match.anyValue())).toEqual([]);
  });
});
