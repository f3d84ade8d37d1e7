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

/**
 * A delivered service's image: the config's on the first deploy, the running one on every later
 * deploy (the cluster suite shows what kubectl does with it, test/cluster/delivery.cluster.test.ts).
 */

const CONFIG_IMAGE = 'registry.example.com/auth:1.0.0';

function deliveredDocument(): Record<string, any> {
  const doc = minimalDocument();
  edit(doc, 'services.auth.repository', 'descomplica/auth');
  return edit(doc, 'delivery', { deployOnGreen: ['staging'] });
}

function serviceTemplate(doc: Record<string, any>) {
  const { clusters } = synthStacks(configFrom(doc));
  const nested = clusters[0].services.get('auth')!;
  return Template.fromStack(nested).toJSON().Resources as Record<string, any>;
}

const ofType = (resources: Record<string, any>, type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const manifestOf = (resources: Record<string, any>, environment: string) =>
  ofType(resources, 'Custom::AWSCDK-EKS-KubernetesResource').find(([id]) => id.startsWith(`${environment}Manifest`))![1];
const reader = (resources: Record<string, any>) =>
  ofType(resources, 'Custom::AWSCDK-EKS-KubernetesObjectValue').find(([id]) => id.startsWith('stagingRunningImage'))!;

describe('a service whose staging deploys on green', () => {
  const resources = serviceTemplate(deliveredDocument());

  test('its running-image ConfigMap is created with the config image, so the config decides the first deploy', () => {
    const sources = ofType(resources, 'Custom::AWSCDK-EKS-KubernetesResource')
      .map(([, resource]) => resource.Properties.Manifest)
      .filter((manifest): manifest is string => typeof manifest === 'string' && manifest.includes('"ConfigMap"'));
    expect(sources.map((manifest) => JSON.parse(manifest))).toEqual([
      [
        expect.objectContaining({
          kind: 'ConfigMap',
          metadata: expect.objectContaining({ name: 'kubeshift-image-auth', namespace: 'staging' }),
          data: { image: CONFIG_IMAGE },
        }),
      ],
    ]);
  });

  test("staging's image is the ConfigMap's value read at deploy time, after the ConfigMap exists; production keeps the config's", () => {
    const [readerId, read] = reader(resources);
    expect(read.Properties).toMatchObject({ ObjectType: 'configmap', ObjectName: 'kubeshift-image-auth', ObjectNamespace: 'staging' });
    expect(read.Properties.JsonPath).toMatch(/^\.data\.image\}\{"#[0-9a-f]{16}"$/);
    expect(read.DependsOn.some((id: string) => id.startsWith('stagingRunningImageSource'))).toBe(true);

    const staging = manifestOf(resources, 'staging');
    expect(staging.DependsOn).toContain(readerId);
    expect(JSON.stringify(staging.Properties.Manifest)).toContain(
      JSON.stringify({ 'Fn::Select': [0, { 'Fn::Split': ['#', { 'Fn::GetAtt': [readerId, 'Value'] }] }] }),
    );
    expect(JSON.stringify(staging.Properties.Manifest)).not.toContain(CONFIG_IMAGE);
    const production = manifestOf(resources, 'production');
    expect(typeof production.Properties.Manifest).toBe('string');
    expect(production.Properties.Manifest).toContain(CONFIG_IMAGE);
  });

  test("the read is redone when the service's staging manifest changes, and only then", () => {
    const hash = (res: Record<string, any>) => reader(res)[1].Properties.JsonPath;
    const same = serviceTemplate(deliveredDocument());
    const staging = serviceTemplate(edit(deliveredDocument(), 'services.auth.environments.staging.resources', { cpu: '300m' }));
    const production = serviceTemplate(edit(deliveredDocument(), 'services.auth.environments.production.resources', { cpu: '300m' }));
    const image = serviceTemplate(edit(deliveredDocument(), 'services.auth.image', 'registry.example.com/auth:1.1.0'));
    expect(hash(same)).toBe(hash(resources));
    expect(hash(production)).toBe(hash(resources));
    expect(hash(staging)).not.toBe(hash(resources));
    expect(hash(image)).not.toBe(hash(resources));
  });
});

test('without delivery, every manifest holds the config image and nothing reads the cluster', () => {
  const resources = serviceTemplate(minimalDocument());
  expect(ofType(resources, 'Custom::AWSCDK-EKS-KubernetesObjectValue').filter(([id]) => id.includes('RunningImage'))).toEqual([]);
  expect(manifestOf(resources, 'staging').Properties.Manifest).toContain(CONFIG_IMAGE);
});
