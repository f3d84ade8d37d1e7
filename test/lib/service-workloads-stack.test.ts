import { Template } from 'aws-cdk-lib/assertions';
import { configFrom, edit, minimalDocument, synthStacks } from '../fixtures';

/**
 * A delivered service's image: the config's on the first deploy, the running one on every later
 * deploy (the cluster suite shows what kubectl does with it, test/cluster/delivery.cluster.test.ts).
 */

const CONFIG_IMAGE = 'registry.example.com/auth:1.0.0';

function document(): Record<string, any> {
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
  const resources = serviceTemplate(document());

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
    const same = serviceTemplate(document());
    const staging = serviceTemplate(edit(document(), 'services.auth.environments.staging.resources', { cpu: '300m' }));
    const production = serviceTemplate(edit(document(), 'services.auth.environments.production.resources', { cpu: '300m' }));
    const image = serviceTemplate(edit(document(), 'services.auth.image', 'registry.example.com/auth:1.1.0'));
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
