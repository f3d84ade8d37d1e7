import { Match, Template } from 'aws-cdk-lib/assertions';
import { drainTimings } from '../../domain/edge/draining';
import { configFrom, edit, minimalDocument, synthStacks } from '../fixtures';

describe('ServiceWorkloadsStack', () => {
  const document = minimalDocument();
  // Warming up: on the cluster at weight 0.
  edit(document, 'services.auth.environments.production.weights', { beanstalk: 100, blue: 0 });
  edit(document, 'services.auth.shutdownSeconds', 20);
  const [cluster] = synthStacks(configFrom(document)).clusters;
  const service = Template.fromStack(cluster.services.get('auth')!);
  const resources = service.toJSON().Resources as Record<string, any>;

  test('deploys a service at weight 0 too: its manifests, and per environment a target group, a host rule and its per-target name', () => {
    service.resourceCountIs('Custom::AWSCDK-EKS-KubernetesResource', 2);
    service.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    service.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 2);
    service.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'auth.blue.example.com.', Type: 'A' });
    service.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'auth.blue.staging.example.com.', Type: 'A' });
  });

  test('sends the weighted name and the per-target name of each environment to its target group', () => {
    service.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['auth.example.com', 'auth.blue.example.com'] } }],
    });
    service.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['auth.staging.example.com', 'auth.blue.staging.example.com'] } }],
    });
  });

  test("names each target group exactly as the chart's TargetGroupBinding does, and applies the binding only once the group exists", () => {
    for (const environment of ['production', 'staging']) {
      const targetGroupId = Object.keys(resources).find(
        (id) => resources[id].Type === 'AWS::ElasticLoadBalancingV2::TargetGroup' && id.startsWith(environment),
      )!;
      const manifest = Object.values(resources).find(
        (resource) =>
          resource.Type === 'Custom::AWSCDK-EKS-KubernetesResource' &&
          resource.Properties.Manifest.includes(`"namespace":"${environment}"`),
      );
      const binding = JSON.parse(manifest.Properties.Manifest).find((object: any) => object.kind === 'TargetGroupBinding');
      expect(binding.spec.targetGroupName).toBe(resources[targetGroupId].Properties.Name);
      expect(manifest.DependsOn).toContain(targetGroupId);
    }
  });

  test('keeps the logical ids the previous version gave the service stack and its manifests, so a deployed service is updated in place', () => {
    // As synthesized from this config before load-balancer groups existed (commit d0bc2f8).
    expect(Object.keys(resources).filter((id) => resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesResource')).toEqual([
      'productionManifestF9DFF2D8',
      'stagingManifestB021A84B',
    ]);
    const parent = Template.fromStack(cluster).toJSON().Resources as Record<string, any>;
    expect(Object.keys(parent).filter((id) => id.startsWith('Serviceauth'))).toEqual([
      'ServiceauthNestedStackServiceauthNestedStackResource54E84C4D',
    ]);
  });

  test("deregisters pods as long as they drain: pre-stop delay plus the service's shutdown time", () => {
    service.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: String(drainTimings(20).deregistrationDelaySeconds) },
      ]),
    });
  });
});
