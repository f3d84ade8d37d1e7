import { Template } from 'aws-cdk-lib/assertions';
import {
  DEPLOY_SOURCES,
  SECRETS_STORE_AWS_PROVIDER_CHART_VERSION,
  SECRETS_STORE_CSI_DRIVER_CHART_VERSION,
} from '../../domain/kubernetes-releases';

const SECRETS_STORE_CSI_DRIVER_CHART = { ...DEPLOY_SOURCES.secretsStoreCsiDriver.chart, version: SECRETS_STORE_CSI_DRIVER_CHART_VERSION };
const SECRETS_STORE_AWS_PROVIDER_CHART = {
  ...DEPLOY_SOURCES.secretsStoreAwsProvider.chart,
  version: SECRETS_STORE_AWS_PROVIDER_CHART_VERSION,
};
import { configFrom, minimalDocument, synthStacks } from '../fixtures';

describe('SecretsStore on every cluster', () => {
  const document = minimalDocument();
  document.services.auth.secrets = { DATABASE_URL: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/db-AbCdEf' };
  const [cluster] = synthStacks(configFrom(document)).clusters;
  const resources = Template.fromStack(cluster).toJSON().Resources as Record<string, any>;
  const release = (chart: string) =>
    Object.entries(resources).find(
      ([, resource]) => resource.Type === 'Custom::AWSCDK-EKS-HelmChart' && resource.Properties.Chart === chart,
    )!;

  test('installs the driver and the AWS provider, pinned, in kube-system, at system-node-critical', () => {
    for (const pinned of [SECRETS_STORE_CSI_DRIVER_CHART, SECRETS_STORE_AWS_PROVIDER_CHART]) {
      const [, chart] = release(pinned.chart);
      expect(chart.Properties).toMatchObject({ Repository: pinned.repository, Version: pinned.version, Namespace: 'kube-system' });
    }
    const driver = JSON.parse(release(SECRETS_STORE_CSI_DRIVER_CHART.chart)[1].Properties.Values);
    const provider = JSON.parse(release(SECRETS_STORE_AWS_PROVIDER_CHART.chart)[1].Properties.Values);
    expect(driver.linux.priorityClassName).toBe('system-node-critical');
    expect(provider.priorityClassName).toBe('system-node-critical');
  });

  test('syncs mounted secrets into a Secret (the variables come from it), and the provider does not install a second driver', () => {
    const driver = JSON.parse(release(SECRETS_STORE_CSI_DRIVER_CHART.chart)[1].Properties.Values);
    const provider = JSON.parse(release(SECRETS_STORE_AWS_PROVIDER_CHART.chart)[1].Properties.Values);
    expect(driver.syncSecret).toEqual({ enabled: true });
    expect(provider['secrets-store-csi-driver']).toEqual({ install: false });
  });

  test('the provider after the driver, and a service with secrets after the provider (its SecretProviderClass CRD)', () => {
    const [driverId] = release(SECRETS_STORE_CSI_DRIVER_CHART.chart);
    const [providerId, provider] = release(SECRETS_STORE_AWS_PROVIDER_CHART.chart);
    expect(provider.DependsOn).toContain(driverId);
    const service = Object.entries(resources).find(([id]) => id.startsWith('Serviceauth'))![1];
    expect(service.DependsOn).toContain(providerId);
  });
});
