import { Match, Template } from 'aws-cdk-lib/assertions';
import { bundledConfig, DELIVERY_RUNTIME, MAX_BUNDLED_CONFIG_BYTES } from '../../lib/delivery-stack';
import { DELIVERY_LAMBDA, DELIVERY_PREVIEW_GROUP } from '../../domain/naming';
import { configFrom, edit, minimalDocument, synthStacks, variedDocument } from '../fixtures';

/** Two clusters: auth (blue) delivered to production and staging, worker (green) to staging; previews on green. */
function deliveredDocument() {
  const document = variedDocument({ blue: '1.35', green: '1.34' });
  document.services.auth.repository = 'acme/auth';
  document.services.worker.repository = 'acme/worker';
  document.delivery = { deployOnGreen: ['production', 'staging'], previews: { environment: 'staging', cluster: 'green' } };
  return document;
}

describe('DeliveryStack', () => {
  const stacks = synthStacks(configFrom(deliveredDocument()));
  const template = Template.fromStack(stacks.delivery!);
  const json = JSON.stringify(template.toJSON());

  test('is named <app>-delivery and deploys after the clusters it reaches', () => {
    expect(stacks.delivery!.stackName).toBe('shop-delivery');
    expect(stacks.delivery!.dependencies.map((stack) => stack.stackName).sort()).toEqual(['shop-cluster-blue', 'shop-cluster-green']);
  });

  test('runs the handler on the newest Node.js runtime, in the private subnets, within its timeouts', () => {
    expect(DELIVERY_RUNTIME.name).toBe('nodejs24.x');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 120,
      VpcConfig: {
        SubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'],
        SecurityGroupIds: Match.anyValue(),
      },
      Environment: {
        Variables: Match.objectLike({
          [DELIVERY_LAMBDA.env.table]: Match.anyValue(),
          [DELIVERY_LAMBDA.env.webhookSecretArn]: Match.anyValue(),
          [DELIVERY_LAMBDA.env.githubTokenArn]: Match.anyValue(),
        }),
      },
    });
  });

  test('answers GitHub on a Function URL without AWS auth (the body is signed instead), and outputs it', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    template.hasOutput('WebhookUrl', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HandlerFunctionUrl'), 'FunctionUrl'] } });
  });

  test('keeps delivery ids in a table keyed by id, with a TTL attribute and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  test('only puts items in the table: no read, scan or delete', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const actions = Object.values(policies).flatMap((policy: any) =>
      policy.Properties.PolicyDocument.Statement.flatMap((statement: any) => [statement.Action].flat()),
    );
    expect(actions.filter((action: string) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:PutItem']);
    expect(actions).toContain('eks:DescribeCluster');
  });

  test('holds no secret value: the webhook secret is generated at deploy, the GitHub token is set by the operator', () => {
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret')) as any[];
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) expect(secret.Properties.SecretString).toBeUndefined();
    expect(secrets.every((secret) => secret.Properties.GenerateSecretString)).toBe(true);
  });

  test('runs the sweeper every 2 minutes on the same function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(2 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Handler'), 'Arn'] } })],
    });
  });

  test("opens each cluster's API port to the handler's security group only", () => {
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as any[];
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
      expect(rule.Properties.SourceSecurityGroupId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HandlerSecurityGroup/), 'GroupId'] });
      expect(rule.Properties.GroupId).toEqual({ 'Fn::ImportValue': expect.stringMatching(/ClusterSecurityGroupId/) });
    }
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
    });
  });

  test('scopes each access entry to the namespaces delivery acts in: environments by name, previews by pattern', () => {
    const entries = Object.values(template.findResources('AWS::EKS::AccessEntry')).map((entry: any) => entry.Properties);
    const byCluster = Object.fromEntries(entries.map((entry: any) => [entry.ClusterName, entry]));
    expect(Object.keys(byCluster).sort()).toEqual(['shop-blue', 'shop-green']);
    const scope = (entry: any) => entry.AccessPolicies.map((policy: any) => [policy.PolicyArn['Fn::Join'][1].at(-1), policy.AccessScope]);
    expect(scope(byCluster['shop-blue'])).toEqual([
      [':eks::aws:cluster-access-policy/AmazonEKSEditPolicy', { Type: 'namespace', Namespaces: ['production', 'staging'] }],
    ]);
    expect(scope(byCluster['shop-green'])).toEqual([
      [':eks::aws:cluster-access-policy/AmazonEKSEditPolicy', { Type: 'namespace', Namespaces: ['staging', 'pr-*'] }],
    ]);
    // Namespaces themselves are cluster-scoped: only the preview cluster puts the handler in the group its RBAC binds.
    expect(byCluster['shop-green'].KubernetesGroups).toEqual([DELIVERY_PREVIEW_GROUP]);
    expect(byCluster['shop-blue'].KubernetesGroups).toBeUndefined();
    for (const entry of entries) expect(entry.Type).toBe('STANDARD');
    expect(json).not.toContain('AmazonEKSClusterAdminPolicy');
  });

  test('previews: a *.preview.<zone> certificate validated in the zone, and leave to write and delete that one CNAME only', () => {
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.preview.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: '*.preview.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy: any) => policy.Properties.PolicyDocument.Statement,
    );
    const route53 = statements.filter((statement: any) => JSON.stringify(statement.Action).includes('route53:'));
    expect(route53).toEqual([
      {
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z0123456789ABCDEFGHIJ']] },
        Condition: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['\\052.preview.example.com'],
            'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'],
            'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
          },
        },
      },
      {
        Effect: 'Allow',
        Action: 'route53:ListResourceRecordSets',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z0123456789ABCDEFGHIJ']] },
      },
    ]);
  });
});

test('deploy on green without previews: no certificate and no Route 53 permission', () => {
  const document = deliveredDocument();
  delete document.delivery.previews;
  const template = Template.fromStack(synthStacks(configFrom(document)).delivery!);
  template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  expect(JSON.stringify(template.toJSON())).not.toContain('route53:');
});

test('no delivery section, no delivery stack', () => {
  expect(synthStacks(configFrom(minimalDocument())).delivery).toBeUndefined();
});

describe('bundledConfig', () => {
  test('builds in the delivered services only', () => {
    const config = configFrom(deliveredDocument());
    const bundled = JSON.parse(bundledConfig(config));
    expect(bundled.services.map((service: any) => service.name)).toEqual(['auth', 'worker']);
    expect(bundled.delivery).toEqual(JSON.parse(JSON.stringify(config.delivery)));
  });

  test('stops synth with one line when the delivered config is too large for the bundle', () => {
    const document = edit(deliveredDocument(), 'services.auth.healthCheckPath', `/${'x'.repeat(MAX_BUNDLED_CONFIG_BYTES)}`);
    expect(() => bundledConfig(configFrom(document))).toThrow(
      new RegExp(`^delivery: the delivered services' config is \\d+ bytes, over the ${MAX_BUNDLED_CONFIG_BYTES} `),
    );
  });
});
