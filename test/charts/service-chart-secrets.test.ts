import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ServiceChart, previewManifests } from '../../charts';
import { secretProvider } from '../../charts/secret-provider';
import type { ServiceEnvironment } from '../../config';
import { serviceTargetGroup } from '../../domain/edge/target-group';
import { configFrom, minimalDocument } from '../fixtures';

const DB = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/db-AbCdEf';
const KEYS = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/keys-XyZ12a';
const FLAGS = 'arn:aws:ssm:sa-east-1:123456789012:parameter/auth/flags';

function runtimeDocument(): Record<string, any> {
  const document = minimalDocument();
  Object.assign(document.services.auth, {
    env: { LOG_LEVEL: 'info' },
    secrets: {
      DATABASE_URL: DB,
      API_KEY: { arn: KEYS, key: 'apiKey' },
      API_SECRET: { arn: KEYS, key: 'api-secret' },
      FLAGS,
    },
    iam: { statements: [{ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:sa-east-1:123456789012:auth-events'] }] },
  });
  return document;
}

function synth(entry: ServiceEnvironment): any[] {
  return Testing.synth(
    new ServiceChart(Testing.app(), 'chart', {
      entry,
      priorityClassName: `kubeshift-${entry.environment}`,
      targetGroup: serviceTargetGroup('shop', 'vpc-0a1b2c3d4e5f60001', 'blue', entry),
      loadBalancerCidrs: ['10.0.0.0/24'],
    }),
  );
}
const find = (objects: any[], kind: string) => objects.filter((object) => object.kind === kind);

describe('ServiceChart with secrets and iam', () => {
  const [production] = configFrom(runtimeDocument()).services[0].environments;
  const objects = synth(production);
  const [deployment] = find(objects, 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  test('runs as its own ServiceAccount, named after the service, without a mounted token', () => {
    expect(find(objects, 'ServiceAccount')).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'auth', namespace: 'production' }),
        automountServiceAccountToken: false,
      }),
    ]);
    expect(pod.serviceAccountName).toBe('auth');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('lists each ARN once for ASCP, with Pod Identity, the region, and a JMESPath per keyed variable', () => {
    const [spc] = find(objects, 'SecretProviderClass');
    expect(spc.apiVersion).toBe('secrets-store.csi.x-k8s.io/v1');
    expect(spc.metadata).toMatchObject({ name: 'auth', namespace: 'production' });
    expect(spc.spec.provider).toBe('aws');
    expect(spc.spec.parameters).toMatchObject({ region: 'sa-east-1', usePodIdentity: 'true' });
    expect(parse(spc.spec.parameters.objects)).toEqual([
      { objectName: DB, objectType: 'secretsmanager', objectAlias: 'DATABASE_URL' },
      {
        objectName: KEYS,
        objectType: 'secretsmanager',
        objectAlias: 'secret-1',
        jmesPath: [
          { path: 'apiKey', objectAlias: 'API_KEY' },
          { path: '"api-secret"', objectAlias: 'API_SECRET' },
        ],
      },
      { objectName: FLAGS, objectType: 'ssmparameter', objectAlias: 'FLAGS' },
    ]);
    expect(spc.spec.secretObjects).toEqual([
      {
        secretName: 'auth-secrets',
        type: 'Opaque',
        data: ['DATABASE_URL', 'API_KEY', 'API_SECRET', 'FLAGS'].map((name) => ({ objectName: name, key: name })),
      },
    ]);
  });

  test('takes each secret variable from the synced Secret and plain env as values', () => {
    const env = Object.fromEntries(container.env.map((variable: any) => [variable.name, variable.value ?? variable.valueFrom]));
    expect(env).toEqual({
      LOG_LEVEL: 'info',
      ...Object.fromEntries(
        ['DATABASE_URL', 'API_KEY', 'API_SECRET', 'FLAGS'].map((name) => [name, { secretKeyRef: { name: 'auth-secrets', key: name } }]),
      ),
    });
  });

  test('mounts the CSI volume read-only, which makes the driver fetch and sync', () => {
    const volume = pod.volumes.find((candidate: any) => candidate.csi);
    expect(volume).toEqual({
      name: 'secrets-store',
      csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'auth' } },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'secrets-store', mountPath: '/mnt/secrets-store', readOnly: true });
  });

  test('no manifest carries a Secret: ARNs and names only', () => {
    expect(find(objects, 'Secret')).toEqual([]);
    const text = JSON.stringify(objects);
    const arns = text.match(/arn:aws[^"\\\s]*/g) ?? [];
    expect(new Set(arns)).toEqual(new Set([DB, KEYS, FLAGS]));
  });

  test('a service with iam only gets its ServiceAccount, but no SecretProviderClass or CSI volume', () => {
    const document = runtimeDocument();
    delete document.services.auth.secrets;
    const only = synth(configFrom(document).services[0].environments[0]);
    expect(find(only, 'ServiceAccount')).toHaveLength(1);
    expect(find(only, 'SecretProviderClass')).toEqual([]);
    expect(find(only, 'Deployment')[0].spec.template.spec.volumes.some((volume: any) => volume.csi)).toBe(false);
  });

  test('a service with neither runs as the namespace default, with no ServiceAccount of its own', () => {
    const plain = synth(configFrom(minimalDocument()).services[0].environments[0]);
    expect(find(plain, 'ServiceAccount')).toEqual([]);
    expect(find(plain, 'SecretProviderClass')).toEqual([]);
    expect(find(plain, 'Deployment')[0].spec.template.spec.serviceAccountName).toBeUndefined();
  });

  test("a preview runs without the environment's secrets and role", () => {
    const manifests = previewManifests({
      entry: production,
      image: 'registry.example.com/auth:pr-7',
      namespace: 'preview-7-auth',
      hostName: 'auth-pr-7.example.com',
      namespaceLabels: {},
      annotations: {},
    });
    expect(manifests.filter((object) => ['ServiceAccount', 'SecretProviderClass'].includes(object.kind))).toEqual([]);
    expect(JSON.stringify(manifests)).not.toContain('arn:aws:secretsmanager');
  });
});

describe('secretProvider', () => {
  test('fetches an ARN once when two variables take its whole value', () => {
    const provider = secretProvider({
      A: { arn: DB, store: 'secretsmanager' },
      B: { arn: DB, store: 'secretsmanager' },
    });
    expect(parse(provider.parameters.objects)).toEqual([{ objectName: DB, objectType: 'secretsmanager', objectAlias: 'A' }]);
    expect(provider.data).toEqual([
      { objectName: 'A', key: 'A' },
      { objectName: 'A', key: 'B' },
    ]);
  });
});
