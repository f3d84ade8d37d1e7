import { ConfigError, parseConfig } from '../../config';
import { HELM_REPOSITORIES, IMAGE_REGISTRIES } from '../../domain/kubernetes-releases';
import { configFrom, minimalDocument } from '../fixtures';
import { stringify } from 'yaml';

const ECR = '123456789012.dkr.ecr.sa-east-1.amazonaws.com';

/** The minimal config with a `mirrors:` block, parsed from YAML as a file would be. */
const withMirrors = (mirrors: unknown) => {
  const document = minimalDocument();
  document.mirrors = mirrors;
  return () => parseConfig(stringify(document));
};

describe('mirrors in the config', () => {
  test('default to none: every source is its default', () => {
    expect(configFrom(minimalDocument()).mirrors).toEqual({ helmRepositories: {}, imageRegistries: {} });
  });

  test('map each default chart repository and registry to its mirror', () => {
    const mirrors = {
      helmRepositories: {
        [HELM_REPOSITORIES.eksCharts]: `oci://${ECR}/charts`,
        [HELM_REPOSITORIES.autoscaler]: 'https://charts.internal.example.com/autoscaler',
      },
      imageRegistries: { [IMAGE_REGISTRIES.kubernetes]: `${ECR}/k8s`, [IMAGE_REGISTRIES.ecrPublic]: 'registry.internal:5000' },
    };
    expect(withMirrors(mirrors)().mirrors).toEqual(mirrors);
  });

  test.each<[string, unknown, string]>([
    [
      'a chart repository kubeshift does not install from',
      { helmRepositories: { 'https://charts.bitnami.com/bitnami': 'https://mirror.example.com' } },
      `mirrors.helmRepositories.https://charts.bitnami.com/bitnami: invalid name "https://charts.bitnami.com/bitnami": must be one of the chart repositories kubeshift installs from: ${Object.values(HELM_REPOSITORIES).join(', ')}`,
    ],
    [
      'a registry kubeshift does not pull from',
      { imageRegistries: { 'docker.io': ECR } },
      `mirrors.imageRegistries.docker.io: invalid name "docker.io": must be one of the registries kubeshift's add-ons pull from: ${Object.values(IMAGE_REGISTRIES).join(', ')}`,
    ],
    [
      'a chart mirror over plain http',
      { helmRepositories: { [HELM_REPOSITORIES.metricsServer]: 'http://mirror.example.com/charts' } },
      `mirrors.helmRepositories.${HELM_REPOSITORIES.metricsServer}: must be an https:// chart repository or an oci:// registry path, without a trailing /, such as oci://123456789012.dkr.ecr.sa-east-1.amazonaws.com/charts, got: "http://mirror.example.com/charts"`,
    ],
    [
      'a chart mirror with a trailing slash',
      { helmRepositories: { [HELM_REPOSITORIES.metricsServer]: `oci://${ECR}/charts/` } },
      `mirrors.helmRepositories.${HELM_REPOSITORIES.metricsServer}: must be an https:// chart repository or an oci:// registry path, without a trailing /, such as oci://123456789012.dkr.ecr.sa-east-1.amazonaws.com/charts, got: "oci://${ECR}/charts/"`,
    ],
    [
      'a registry mirror given as a URL',
      { imageRegistries: { [IMAGE_REGISTRIES.kubernetes]: `https://${ECR}` } },
      `mirrors.imageRegistries.${IMAGE_REGISTRIES.kubernetes}: must be a registry host, optionally with a path, without a scheme or trailing /, such as 123456789012.dkr.ecr.sa-east-1.amazonaws.com/k8s, got: "https://${ECR}"`,
    ],
    [
      'a registry mirror with an upper-case path',
      { imageRegistries: { [IMAGE_REGISTRIES.kubernetes]: `${ECR}/K8s` } },
      `mirrors.imageRegistries.${IMAGE_REGISTRIES.kubernetes}: must be a registry host, optionally with a path, without a scheme or trailing /, such as 123456789012.dkr.ecr.sa-east-1.amazonaws.com/k8s, got: "${ECR}/K8s"`,
    ],
    [
      'a registry mirror that is not text',
      { imageRegistries: { [IMAGE_REGISTRIES.kubernetes]: 5000 } },
      `mirrors.imageRegistries.${IMAGE_REGISTRIES.kubernetes}: must be text, got: 5000`,
    ],
    ['an unknown kind of mirror', { pypi: {} }, 'mirrors.pypi: unknown key'],
  ])('refuses %s with one line naming the field', (_name, mirrors, message) => {
    const parse = withMirrors(mirrors);
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(message);
    expect(() => parse()).not.toThrow(/\n/);
  });
});
