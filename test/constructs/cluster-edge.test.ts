import { Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterEdge } from '../../constructs';
import { edgeStack } from './edge-fixtures';

function edgeTemplate(podPorts: number[], deletionProtection = true) {
  const { stack, vpc, clusterSecurityGroup } = edgeStack();
  new ClusterEdge(stack, 'Edge', { vpc, clusterSecurityGroup, podPorts, deletionProtection });
  return Template.fromStack(stack);
}

describe('ClusterEdge', () => {
  const template = edgeTemplate([8080, 9200, 8080]);
  const group = () => Object.keys(template.findResources('AWS::EC2::SecurityGroup'))[0];

  test('opens the load balancers to the internet on 443 and 80 only, and lets them out only to the pods', () => {
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    const [securityGroup] = Object.values(template.findResources('AWS::EC2::SecurityGroup')) as any[];
    expect(securityGroup.Properties.SecurityGroupIngress.map((rule: any) => [rule.CidrIp, rule.FromPort, rule.ToPort])).toEqual([
      ['0.0.0.0/0', 443, 443],
      ['0.0.0.0/0', 80, 80],
    ]);
    // No allow-all egress: only the rules below.
    expect(JSON.stringify(securityGroup.Properties.SecurityGroupEgress ?? [])).not.toContain('"0.0.0.0/0"');
  });

  test('opens each distinct pod port once, from the load balancers to the cluster security group', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as any[];
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')) as any[];
    expect(ingress.map((rule) => rule.Properties.FromPort).sort()).toEqual([8080, 9200]);
    expect(egress.map((rule) => rule.Properties.FromPort).sort()).toEqual([8080, 9200]);
    for (const rule of ingress) {
      expect(rule.Properties).toMatchObject({
        GroupId: 'sg-0123456789abcdef0',
        IpProtocol: 'tcp',
        SourceSecurityGroupId: { 'Fn::GetAtt': [group(), 'GroupId'] },
      });
      expect(rule.Properties.ToPort).toBe(rule.Properties.FromPort);
    }
    for (const rule of egress) {
      expect(rule.Properties).toMatchObject({
        GroupId: { 'Fn::GetAtt': [group(), 'GroupId'] },
        DestinationSecurityGroupId: 'sg-0123456789abcdef0',
      });
    }
  });

  test('keeps access logs a month in an encrypted, private, TLS-only bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('a protected cluster leaves its log bucket behind when destroyed; one meant to be destroyed takes it along, emptied', () => {
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    const unprotected = edgeTemplate([8080], false);
    unprotected.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    unprotected.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  });

  test('with no service yet, opens no pod port', () => {
    const empty = edgeTemplate([]);
    empty.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    empty.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });
});
