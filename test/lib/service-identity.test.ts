import { Match, Template } from 'aws-cdk-lib/assertions';
import { configFrom, minimalDocument, synthStacks } from '../fixtures';

const DB = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/db-AbCdEf';
const KEYS = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:auth/keys-XyZ12a';
const FLAGS = 'arn:aws:ssm:sa-east-1:123456789012:parameter/auth/flags';
const QUEUE = 'arn:aws:sqs:sa-east-1:123456789012:auth-events';
const STAGING_QUEUE = 'arn:aws:sqs:sa-east-1:123456789012:auth-events-staging';

describe('a service with secrets and iam on a cluster', () => {
  const document = minimalDocument();
  Object.assign(document.services.auth, {
    env: { LOG_LEVEL: 'info' },
    secrets: { DATABASE_URL: DB, API_KEY: { arn: KEYS, key: 'apiKey' }, API_SECRET: { arn: KEYS, key: 'secret' }, FLAGS },
    iam: {
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      statements: [{ actions: ['sqs:SendMessage'], resources: [QUEUE] }],
    },
  });
  document.services.auth.environments.staging.iam = { statements: [{ actions: ['sqs:SendMessage'], resources: [STAGING_QUEUE] }] };
  const [cluster] = synthStacks(configFrom(document)).clusters;
  const stack = cluster.services.get('auth')!;
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, any>;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

  test('one role per environment, each with a policy of exactly its secrets and its own statements', () => {
    const roles = ofType('AWS::IAM::Role');
    expect(roles).toHaveLength(2);
    const policy = (environment: string) => roles.find(([id]) => id.startsWith(environment))![1].Properties.Policies;
    const secretStatements = [
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: [DB, KEYS] },
      { Effect: 'Allow', Action: ['ssm:GetParameters', 'ssm:GetParameter'], Resource: FLAGS },
    ];
    expect(policy('production')).toEqual([
      {
        PolicyName: 'service',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [...secretStatements, { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE }],
        },
      },
    ]);
    // Staging's iam replaced the service's: its own queue, not production's, and no managed policy.
    expect(policy('staging')).toEqual([
      {
        PolicyName: 'service',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [...secretStatements, { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: STAGING_QUEUE }],
        },
      },
    ]);
    const production = roles.find(([id]) => id.startsWith('production'))![1].Properties;
    const staging = roles.find(([id]) => id.startsWith('staging'))![1].Properties;
    expect(production.ManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    expect(staging.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(resources)).not.toMatch(/"Resource":"\*"|"Principal":"\*"|"AWS":"\*"|kms:/);
  });

  test('only EKS Pod Identity may assume it, for this cluster, namespace and ServiceAccount', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '123456789012',
                'aws:RequestTag/eks-cluster-name': Match.anyValue(),
                'aws:RequestTag/kubernetes-namespace': 'production',
                'aws:RequestTag/kubernetes-service-account': 'auth',
              },
            },
          },
        ],
      },
    });
  });

  test("a Pod Identity association binds each role to the service's ServiceAccount in the environment's namespace, before its pods exist", () => {
    const associations = ofType('AWS::EKS::PodIdentityAssociation');
    expect(associations.map(([, resource]) => [resource.Properties.Namespace, resource.Properties.ServiceAccount])).toEqual([
      ['production', 'auth'],
      ['staging', 'auth'],
    ]);
    for (const [id, association] of associations) {
      const environment = association.Properties.Namespace;
      const roleId = ofType('AWS::IAM::Role').find(([roleId]) => roleId.startsWith(environment))![0];
      expect(association.Properties.RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      expect(association.Properties.ClusterName).toBeDefined();
      const manifest = ofType('Custom::AWSCDK-EKS-KubernetesResource').find(([, resource]) =>
        JSON.stringify(resource.Properties.Manifest).includes(`\\"namespace\\":\\"${environment}\\"`),
      )!;
      expect(manifest[1].DependsOn).toContain(id);
    }
  });

  test('the manifest carries ARNs and names only: no Secret object, no value', () => {
    const manifests = ofType('Custom::AWSCDK-EKS-KubernetesResource').map(([, resource]) => JSON.parse(resource.Properties.Manifest));
    const objects = manifests.flat();
    expect(objects.filter((object: any) => object.kind === 'Secret')).toEqual([]);
    expect(objects.filter((object: any) => object.kind === 'SecretProviderClass')).toHaveLength(2);
    const arns = new Set(JSON.stringify(manifests).match(/arn:aws[^"\\\s]*/g));
    expect(arns).toEqual(new Set([DB, KEYS, FLAGS]));
  });
});

describe('a service with neither secrets nor iam', () => {
  test('gets no role and no association', () => {
    const [cluster] = synthStacks(configFrom(minimalDocument())).clusters;
    const template = Template.fromStack(cluster.services.get('auth')!);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
  });
});
