import { Match, Template } from 'aws-cdk-lib/assertions';
import { configFrom, edit, minimalDocument, synthStacks } from '../fixtures';

const clusterOf = (document: Record<string, any>) => synthStacks(configFrom(document)).clusters[0];
const loadBalancerAttributes = (template: Template) =>
  Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')).map((loadBalancer: any) =>
    Object.fromEntries(loadBalancer.Properties.LoadBalancerAttributes.map((attribute: any) => [attribute.Key, attribute.Value])),
  );

describe('LoadBalancerGroupStack', () => {
  const stack = clusterOf(minimalDocument());
  const groupStack = stack.loadBalancerGroups.get(1)!;
  const group = Template.fromStack(groupStack);

  test('holds one load balancer per environment of group 1, tagged with both, protected from deletion by default', () => {
    expect([...stack.loadBalancerGroups.keys()]).toEqual([1]);
    expect(groupStack.node.path).toBe('shop-cluster-blue/LoadBalancerGroup-1');
    group.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 2);
    for (const environment of ['production', 'staging']) {
      group.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Tags: Match.arrayWith([
          { Key: 'kubeshift:app', Value: 'shop' },
          { Key: 'kubeshift:cluster', Value: 'blue' },
          { Key: 'kubeshift:environment', Value: environment },
          { Key: 'kubeshift:load-balancer-group', Value: '1' },
        ]),
      });
    }
    for (const attributes of loadBalancerAttributes(group)) expect(attributes['deletion_protection.enabled']).toBe('true');
  });

  test("gives each load balancer a certificate for its environment's names, subdomain included, and logs under the environment's prefix", () => {
    group.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.example.com',
      SubjectAlternativeNames: ['*.blue.example.com'],
    });
    group.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.staging.example.com',
      SubjectAlternativeNames: ['*.blue.staging.example.com'],
    });
    expect(
      loadBalancerAttributes(group)
        .map((attributes) => attributes['access_logs.s3.prefix'])
        .sort(),
    ).toEqual(['production', 'staging']);
  });

  test('a cluster meant to be destroyed has load balancers that can be deleted', () => {
    const unprotected = clusterOf(edit(minimalDocument(), 'clusters.blue.deletionProtection', false));
    for (const attributes of loadBalancerAttributes(Template.fromStack(unprotected.loadBalancerGroups.get(1)!))) {
      expect(attributes['deletion_protection.enabled']).toBe('false');
    }
  });

  test("dns.certificateArn replaces every load balancer's certificate; an environment's web ACL is associated with its load balancers only", () => {
    const certificateArn = 'arn:aws:acm:sa-east-1:123456789012:certificate/0123abcd-0000-0000-0000-000000000000';
    const webAclArn = 'arn:aws:wafv2:sa-east-1:123456789012:regional/webacl/edge/0123abcd-0000';
    const document = edit(minimalDocument(), 'dns.certificateArn', certificateArn);
    edit(document, 'environments.production.waf', { webAclArn });
    const configured = Template.fromStack(clusterOf(document).loadBalancerGroups.get(1)!);
    configured.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    configured.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Certificates: [{ CertificateArn: certificateArn }],
    });
    configured.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    configured.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: webAclArn,
      ResourceArn: { Ref: Match.stringLikeRegexp('^productionLoadBalancer') },
    });
  });

  test('a second group has load balancers of its own, only for the environments its services run in', () => {
    const document = minimalDocument();
    edit(document, 'services.billing', {
      ...document.services.auth,
      loadBalancerGroup: 2,
      environments: { production: { weights: { blue: 100 } } },
    });
    const second = Template.fromStack(clusterOf(document).loadBalancerGroups.get(2)!);
    second.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    second.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Tags: Match.arrayWith([
        { Key: 'kubeshift:environment', Value: 'production' },
        { Key: 'kubeshift:load-balancer-group', Value: '2' },
      ]),
    });
  });
});
