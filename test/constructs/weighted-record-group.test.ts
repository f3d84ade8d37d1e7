import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { WeightedRecordGroup } from '../../constructs';

function groupTemplate(weights: { beanstalk: number; blue: number }): Template {
  const stack = new Stack();
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'example.com',
  });
  new WeightedRecordGroup(stack, 'auth-production', {
    zone,
    recordName: 'auth.example.com',
    ttl: Duration.seconds(60),
    healthCheckPath: '/healthz',
    targets: [
      { setIdentifier: 'beanstalk', hostname: 'auth-prod.sa-east-1.elasticbeanstalk.com', weight: weights.beanstalk },
      { setIdentifier: 'blue', hostname: 'k8s-production-auth.elb.sa-east-1.amazonaws.com', weight: weights.blue },
    ],
  });
  return Template.fromStack(stack);
}

describe('WeightedRecordGroup', () => {
  const template = groupTemplate({ beanstalk: 90, blue: 10 });

  test('writes one weighted CNAME per target, named by its set identifier', () => {
    template.resourceCountIs('AWS::Route53::RecordSet', 2);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'auth.example.com.',
      Type: 'CNAME',
      TTL: '60',
      SetIdentifier: 'beanstalk',
      Weight: 90,
      ResourceRecords: ['auth-prod.sa-east-1.elasticbeanstalk.com'],
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { SetIdentifier: 'blue', Weight: 10, Type: 'CNAME', TTL: '60' });
  });

  test('health-checks every target on its path, and attaches the check to its record', () => {
    template.resourceCountIs('AWS::Route53::HealthCheck', 2);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({
        Type: 'HTTP',
        FullyQualifiedDomainName: 'auth-prod.sa-east-1.elasticbeanstalk.com',
        ResourcePath: '/healthz',
        Port: 80,
      }),
    });
    const records = template.findResources('AWS::Route53::RecordSet');
    for (const record of Object.values(records)) {
      expect(record.Properties.HealthCheckId).toEqual({ Ref: expect.stringMatching(/HealthCheck/) });
    }
  });

  test('keeps logical ids when weights change, so a weight change is an update, never a replacement', () => {
    const moved = groupTemplate({ beanstalk: 75, blue: 25 });
    const before = template.toJSON().Resources;
    const after = moved.toJSON().Resources;
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const changed = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
    expect(changed).toHaveLength(2);
    for (const id of changed) {
      expect({ ...before[id].Properties, Weight: 0 }).toEqual({ ...after[id].Properties, Weight: 0 });
    }
  });
});
