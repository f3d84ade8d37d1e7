import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DEPLOY_SOURCES, HELM_REPOSITORIES, IMAGE_REGISTRIES } from '../../domain/kubernetes-releases';
import { configFrom, minimalDocument, synthStacks } from '../fixtures';

/**
 * What the cluster stack makes the cluster download at deploy time: with every source mirrored,
 * no template (Helm values, manifests, custom-resource properties) names a default source, so an
 * account without internet egress deploys; without mirrors, each default is there.
 */

const ECR = '123456789012.dkr.ecr.sa-east-1.amazonaws.com';
const CHART_MIRROR = `oci://${ECR}/charts`;
const REGISTRY_MIRROR = (registry: string) => `${ECR}/${registry === IMAGE_REGISTRIES.kubernetes ? 'k8s' : registry.split('.')[0]}`;

/** Every template of every stack (nested ones included) as one text. */
function templatesText(mirrors?: unknown): string {
  const document = minimalDocument();
  if (mirrors) document.mirrors = mirrors;
  const { clusters, dns } = synthStacks(configFrom(document));
  const stacks = [...clusters, dns].flatMap((stack) => stack.node.findAll().filter((c): c is Stack => c instanceof Stack));
  return stacks.map((stack) => JSON.stringify(Template.fromStack(stack).toJSON())).join('\n');
}

// JSON inside JSON (Helm values and manifests are strings in the template): compare unescaped.
const unescaped = (text: string) => text.replace(/\\+"/g, '"').replace(/\\+\//g, '/');

describe('deploy-time sources', () => {
  const defaults = unescaped(templatesText());
  const mirrored = unescaped(
    templatesText({
      helmRepositories: Object.fromEntries(Object.values(HELM_REPOSITORIES).map((url) => [url, CHART_MIRROR])),
      imageRegistries: Object.fromEntries(Object.values(IMAGE_REGISTRIES).map((registry) => [registry, REGISTRY_MIRROR(registry)])),
    }),
  );

  test.each([...Object.values(HELM_REPOSITORIES), ...Object.values(IMAGE_REGISTRIES)])(
    'without mirrors the templates pull from %s',
    (source) => {
      expect(defaults).toContain(source);
    },
  );

  test.each([...Object.values(HELM_REPOSITORIES), ...Object.values(IMAGE_REGISTRIES)])(
    'with every source mirrored no template names %s',
    (source) => {
      expect(mirrored).not.toContain(source);
    },
  );

  test.each(Object.entries(DEPLOY_SOURCES))('with every source mirrored, %s comes from its mirror', (_name, source) => {
    if ('chart' in source) expect(mirrored).toContain(`"Repository":"${CHART_MIRROR}/${source.chart.chart}"`);
    expect(mirrored).toContain(`${REGISTRY_MIRROR(source.image.registry)}/${source.image.path}`);
  });
});
