import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterEdge, EnvironmentLoadBalancer, ServiceTarget } from '../../constructs';
import { edgeStack } from './edge-fixtures';

describe('ServiceTarget', () => {
  const { stack, vpc, zone, clusterSecurityGroup } = edgeStack();
  const edge = new ClusterEdge(stack, 'Edge', { vpc, clusterSecurityGroup, podPorts: [8080], deletionProtection: true });
  const loadBalancer = new EnvironmentLoadBalancer(stack, 'production', {
    vpc,
    securityGroup: edge.securityGroup,
    zone,
    certificateNames: ['*.example.com', '*.blue.example.com'],
    accessLogs: { bucket: edge.logBucket, prefix: 'production' },
    deletionProtection: true,
    tags: {},
  });
  new ServiceTarget(stack, 'auth', {
    vpc,
    loadBalancer: loadBalancer.loadBalancer,
    listener: loadBalancer.httpsListener,
    targetGroup: { name: 'auth-production-0123abcd', port: 8080, vpcId: 'vpc-0a1b2c3d4e5f60001' },
    healthCheckPath: '/healthz',
    deregistrationDelay: Duration.seconds(30),
    priority: 1234,
    hostNames: ['auth.example.com', 'auth.blue.example.com'],
    zone,
    recordName: 'auth.blue.example.com',
  });
  const template = Template.fromStack(stack);

  test('makes a named target group of pod IPs on the pod port, checked on the service path, draining as long as the pods do', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Name: 'auth-production-0123abcd',
      TargetType: 'ip',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0a1b2c3d4e5f60001',
      HealthCheckPath: '/healthz',
      HealthCheckPort: 'traffic-port',
      Matcher: { HttpCode: '200-399' },
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
      ]),
    });
    // Registered by the AWS Load Balancer Controller, never by CloudFormation.
    expect(JSON.stringify(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'))).not.toContain('"Targets"');
  });

  test("forwards the service's host names on the HTTPS listener to it, at its priority", () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: Match.stringLikeRegexp('productionLoadBalancerHttps') },
      Priority: 1234,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['auth.example.com', 'auth.blue.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('authTargetGroup') } }],
    });
  });

  test('publishes the per-target name as an alias of the load balancer', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'auth.blue.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [Match.stringLikeRegexp('productionLoadBalancer'), 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': [Match.stringLikeRegexp('productionLoadBalancer'), 'CanonicalHostedZoneID'] },
      },
    });
  });
});
