import {
  chartFrom,
  DEPLOY_SOURCES,
  HELM_REPOSITORIES,
  IMAGE_REGISTRIES,
  imageFrom,
  NO_MIRRORS,
  type Mirrors,
} from '../../domain/kubernetes-releases';

const ECR = '123456789012.dkr.ecr.sa-east-1.amazonaws.com';

describe('deploy-time sources', () => {
  test('every chart and image of the table comes from a listed repository or registry, so a mirror can replace each', () => {
    for (const source of Object.values(DEPLOY_SOURCES)) {
      if ('chart' in source) expect(Object.values(HELM_REPOSITORIES)).toContain(source.chart.repository);
      expect(Object.values(IMAGE_REGISTRIES)).toContain(source.image.registry);
    }
  });

  test('without mirrors, a chart and an image are their defaults', () => {
    expect(chartFrom(DEPLOY_SOURCES.metricsServer.chart, NO_MIRRORS)).toEqual({
      repository: 'https://kubernetes-sigs.github.io/metrics-server',
      chart: 'metrics-server',
    });
    expect(imageFrom(DEPLOY_SOURCES.clusterAutoscaler.image, NO_MIRRORS)).toBe('registry.k8s.io/autoscaling/cluster-autoscaler');
  });

  test('an https mirror replaces the repository; an oci mirror becomes the whole chart reference', () => {
    const mirrors: Mirrors = {
      helmRepositories: {
        [HELM_REPOSITORIES.metricsServer]: 'https://charts.internal.example.com/metrics-server',
        [HELM_REPOSITORIES.eksCharts]: `oci://${ECR}/charts`,
      },
      imageRegistries: {},
    };
    expect(chartFrom(DEPLOY_SOURCES.metricsServer.chart, mirrors)).toEqual({
      repository: 'https://charts.internal.example.com/metrics-server',
      chart: 'metrics-server',
    });
    // aws-eks-v2's handler runs `helm pull <repository>` for oci://, so the chart's name ends the reference.
    expect(chartFrom(DEPLOY_SOURCES.fluentBit.chart, mirrors)).toEqual({
      repository: `oci://${ECR}/charts/aws-for-fluent-bit`,
      chart: 'aws-for-fluent-bit',
    });
    // A repository without a mirror keeps its default.
    expect(chartFrom(DEPLOY_SOURCES.clusterAutoscaler.chart, mirrors).repository).toBe('https://kubernetes.github.io/autoscaler');
  });

  test('a registry mirror keeps the image path under its own, as an ECR pull-through cache maps it', () => {
    const mirrors: Mirrors = { helmRepositories: {}, imageRegistries: { [IMAGE_REGISTRIES.kubernetes]: `${ECR}/k8s` } };
    expect(imageFrom(DEPLOY_SOURCES.dnsAutoscaler.image, mirrors)).toBe(`${ECR}/k8s/cpa/cluster-proportional-autoscaler`);
    expect(imageFrom(DEPLOY_SOURCES.fluentBit.image, mirrors)).toBe('public.ecr.aws/aws-observability/aws-for-fluent-bit');
  });
});
