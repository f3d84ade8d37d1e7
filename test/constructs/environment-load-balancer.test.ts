import { Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterEdge, EnvironmentLoadBalancer, type EnvironmentLoadBalancerProps } from '../../constructs';
import { edgeStack } from './edge-fixtures';

function loadBalancerTemplate(props: Partial<EnvironmentLoadBalancerProps> = {}) {
  const { stack, vpc, zone, clusterSecurityGroup } = edgeStack();
  const edge = new ClusterEdge(stack, 'Edge', { vpc, clusterSecurityGroup, podPorts: [8080], deletionProtection: true });
  new EnvironmentLoadBalancer(stack, 'production', {
    vpc,
    securityGroup: edge.securityGroup,
    zone,
    certificateNames: ['*.example.com', '*.blue.example.com'],
    accessLogs: { bucket: edge.logBucket, prefix: 'production' },
    deletionProtection: true,
    tags: {
      'kubeshift:app': 'shop',
      'kubeshift:cluster': 'blue',
      'kubeshift:environment': 'production',
      'kubeshift:load-balancer-group': '1',
    },
    ...props,
  });
  return Template.fromStack(stack);
}
const attributes = (template: Template) =>
  Object.fromEntries(
    (Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any).Properties.LoadBalancerAttributes.map(
      (attribute: any) => [attribute.Key, attribute.Value],
    ),
  );

describe('EnvironmentLoadBalancer', () => {
  const template = loadBalancerTemplate();

  test('is an internet-facing Application Load Balancer in the public subnets, tagged for the commands', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: ['subnet-0a1b2c3d4e5f60021', 'subnet-0a1b2c3d4e5f60022'],
      Tags: Match.arrayWith([
        { Key: 'kubeshift:app', Value: 'shop' },
        { Key: 'kubeshift:cluster', Value: 'blue' },
        { Key: 'kubeshift:environment', Value: 'production' },
        { Key: 'kubeshift:load-balancer-group', Value: '1' },
      ]),
    });
  });

  test('logs every request to the bucket under its prefix, drops invalid headers, and refuses deletion when protected', () => {
    expect(attributes(template)).toMatchObject({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'production',
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
    });
    expect(attributes(loadBalancerTemplate({ deletionProtection: false }))['deletion_protection.enabled']).toBe('false');
  });

  test('serves HTTPS with a current TLS policy and a certificate for both names, validated by DNS in the zone', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('Certificate') } }],
      DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) })],
    });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.example.com',
      SubjectAlternativeNames: ['*.blue.example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: '*.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
        { DomainName: '*.blue.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
      ],
    });
  });

  test('redirects HTTP to HTTPS, permanently', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
  });

  test('with dns.certificateArn, uses that certificate and requests none', () => {
    const arn = 'arn:aws:acm:sa-east-1:123456789012:certificate/0123abcd-0000-0000-0000-000000000000';
    const own = loadBalancerTemplate({ certificateArn: arn });
    own.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    own.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Certificates: [{ CertificateArn: arn }] });
  });

  test('is associated with the web ACL when one is configured, and with none otherwise', () => {
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    const webAclArn = 'arn:aws:wafv2:sa-east-1:123456789012:regional/webacl/edge/0123abcd-0000';
    loadBalancerTemplate({ webAclArn }).hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: webAclArn,
      ResourceArn: { Ref: Match.stringLikeRegexp('productionLoadBalancer') },
    });
  });
});
