import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { WeightedRecordGroup, type WeightedTarget } from '../../constructs';

const BEANSTALK_CNAME = 'auth-prod.sa-east-1.elasticbeanstalk.com';
const BLUE_NAME = 'auth.blue.example.com';

function target(setIdentifier: string, hostname: string, weight: number): WeightedTarget {
  return {
    setIdentifier,
    hostname,
    weight,
    healthCheck: {
      spec: { protocol: 'HTTPS', fqdn: hostname, port: 443, path: '/healthz' },
      name: `auth/production/${setIdentifier}`,
      alarmName: `shop/auth/production/${setIdentifier}/unhealthy`,
    },
  };
}

function groupStack(weights: { beanstalk: number; blue: number }): Stack {
  const stack = new Stack(undefined, 'Dns', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'example.com',
  });
  new WeightedRecordGroup(stack, 'auth-production', {
    zone,
    recordName: 'auth.example.com',
    ttl: Duration.seconds(60),
    targets: [target('beanstalk', BEANSTALK_CNAME, weights.beanstalk), target('blue', BLUE_NAME, weights.blue)],
  });
  return stack;
}

const groupTemplate = (weights: { beanstalk: number; blue: number }) => Template.fromStack(groupStack(weights));

describe('WeightedRecordGroup', () => {
  const template = groupTemplate({ beanstalk: 90, blue: 10 });

  test('writes one weighted CNAME per target with weight, named by its set identifier', () => {
    template.resourceCountIs('AWS::Route53::RecordSet', 2);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'auth.example.com.',
      Type: 'CNAME',
      TTL: '60',
      SetIdentifier: 'beanstalk',
      Weight: 90,
      ResourceRecords: [BEANSTALK_CNAME],
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      SetIdentifier: 'blue',
      Weight: 10,
      Type: 'CNAME',
      TTL: '60',
      ResourceRecords: [BLUE_NAME],
    });
  });

  test('attaches to each record the health check of its own target', () => {
    const checks = template.findResources('AWS::Route53::HealthCheck');
    for (const record of Object.values(template.findResources('AWS::Route53::RecordSet'))) {
      const check = checks[record.Properties.HealthCheckId.Ref];
      expect(check.Properties.HealthCheckConfig.FullyQualifiedDomainName).toBe(record.Properties.ResourceRecords[0]);
    }
  });

  test('gives a target at weight 0 its health check and alarm but no record, so it never takes traffic', () => {
    const warming = groupTemplate({ beanstalk: 100, blue: 0 });
    expect(Object.values(warming.findResources('AWS::Route53::RecordSet')).map((record) => record.Properties.SetIdentifier)).toEqual([
      'beanstalk',
    ]);
    warming.resourceCountIs('AWS::Route53::HealthCheck', 2);
    warming.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    warming.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ FullyQualifiedDomainName: BLUE_NAME }),
    });
  });

  test('refuses a group where no target has weight: its name would not resolve', () => {
    const errors = Annotations.fromStack(groupStack({ beanstalk: 0, blue: 0 })).findError(
      '*',
      Match.stringLikeRegexp('auth.example.com: no target has a weight above 0'),
    );
    expect(errors).toHaveLength(1);
  });

  test('keeps logical ids when weights change, so a weight change is an update, never a replacement', () => {
    const moved = groupTemplate({ beanstalk: 75, blue: 25 });
    const before = template.toJSON().Resources;
    const after = moved.toJSON().Resources;
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const changed = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
    expect(changed).toHaveLength(2);
    for (const id of changed) {
      expect(before[id].Type).toBe('AWS::Route53::RecordSet');
      expect({ ...before[id].Properties, Weight: 0 }).toEqual({ ...after[id].Properties, Weight: 0 });
    }
  });

  test('moving a target from 0 adds exactly its record, and back to 0 removes exactly it', () => {
    const warming = groupTemplate({ beanstalk: 100, blue: 0 }).toJSON().Resources;
    const serving = groupTemplate({ beanstalk: 100, blue: 10 }).toJSON().Resources;
    const added = Object.keys(serving).filter((id) => !(id in warming));
    expect(added.map((id) => [serving[id].Type, serving[id].Properties.SetIdentifier])).toEqual([['AWS::Route53::RecordSet', 'blue']]);
    for (const id of Object.keys(warming)) expect(serving[id]).toEqual(warming[id]);
  });
});
