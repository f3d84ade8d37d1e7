import { Template } from 'aws-cdk-lib/assertions';
import { configFrom, edit, minimalDocument, synthStacks } from '../fixtures';

function greenDocument(): Record<string, any> {
  const document = minimalDocument();
  edit(document, 'clusters.green', {
    kubernetesVersion: '1.33',
    nodeGroups: { general: { instanceType: 'm5.large', minSize: 2, maxSize: 4 } },
  });
  edit(document, 'services.auth.environments.production.weights', { beanstalk: 0, blue: 200, green: 55 });
  // The staging Beanstalk environment is gone: weight 0 and no cname, so no record.
  edit(document, 'services.auth.environments.staging', { beanstalk: { instanceType: 't3.small' }, weights: { beanstalk: 0, blue: 100 } });
  return document;
}

describe('DnsStack', () => {
  const { dns, clusters } = synthStacks(configFrom(greenDocument()));
  const template = Template.fromStack(dns);
  const records = Template.fromStack(dns.services.get('auth')!);
  const recordSets = Object.values(records.findResources('AWS::Route53::RecordSet')).map((record) => record.Properties);

  test('is named <app>-dns, protected from deletion, and deploys after every cluster without exports', () => {
    expect(dns.stackName).toBe('shop-dns');
    expect(dns.terminationProtection).toBe(true);
    expect(dns.dependencies.map((stack) => stack.stackName).sort()).toEqual(clusters.map((stack) => stack.stackName).sort());
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  test('writes one weighted group per service and environment, set identifiers exactly the target names', () => {
    const production = recordSets.filter((record) => record.Name === 'auth.example.com.');
    expect(production.map((record) => [record.SetIdentifier, record.Weight])).toEqual([
      ['beanstalk', 0],
      ['blue', 200],
      ['green', 55],
    ]);
    const staging = recordSets.filter((record) => record.Name === 'auth.staging.example.com.');
    expect(staging.map((record) => [record.SetIdentifier, record.Weight])).toEqual([['blue', 100]]);
  });

  test('gives every record of a group one type and one TTL', () => {
    for (const record of recordSets) expect([record.Type, record.TTL]).toEqual(['CNAME', '60']);
  });

  test('points beanstalk at its CNAME and each cluster at the hostname its stack published', () => {
    const target = (identifier: string) =>
      recordSets.find((record) => record.Name === 'auth.example.com.' && record.SetIdentifier === identifier)!;
    expect(target('beanstalk').ResourceRecords).toEqual(['auth-prod.sa-east-1.elasticbeanstalk.com']);
    const parameters = records.toJSON().Parameters as Record<string, any>;
    for (const cluster of ['blue', 'green']) {
      const [reference] = target(cluster).ResourceRecords;
      expect(parameters[reference.Ref]).toEqual({
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: `/kubeshift/shop/${cluster}/production/auth/load-balancer`,
      });
    }
  });

  test('health-checks every target on the service health-check path', () => {
    const checks = Object.values(records.findResources('AWS::Route53::HealthCheck'));
    expect(checks).toHaveLength(recordSets.length);
    for (const check of checks)
      expect(check.Properties.HealthCheckConfig).toMatchObject({ Type: 'HTTP', ResourcePath: '/healthz', Port: 80 });
    for (const record of recordSets) expect(record.HealthCheckId).toBeDefined();
  });
});

describe('changing one weight', () => {
  function templates(weight: number): Record<string, any> {
    const document = greenDocument();
    edit(document, 'services.auth.environments.production.weights.green', weight);
    const { dns, clusters } = synthStacks(configFrom(document));
    const nested = (stacks: any[]) => stacks.flatMap((stack) => [...stack.services.values()]);
    return Object.fromEntries(
      [...clusters, dns, ...nested([...clusters, dns])].map((stack) => [stack.node.path, Template.fromStack(stack).toJSON()]),
    );
  }

  test("changes exactly that record's Weight and nothing else", () => {
    const before = templates(55);
    const after = templates(80);
    const differences: string[] = [];
    const compare = (path: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) === JSON.stringify(b)) return;
      if (a && b && typeof a === 'object' && typeof b === 'object') {
        for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare(`${path}/${key}`, (a as any)[key], (b as any)[key]);
      } else {
        differences.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      }
    };
    compare('', before, after);
    // The nested template's content changes, so its asset hash (TemplateURL) in the parent follows;
    // `cdk diff` shows the nested change itself.
    const [weight, ...rest] = differences.filter((difference) => !difference.includes('/TemplateURL/'));
    expect(weight).toMatch(/^\/shop-dns\/Service-auth\/Resources\/productiongreen[0-9A-F]{8}\/Properties\/Weight: 55 → 80$/);
    expect(rest).toEqual([]);
    expect(
      differences
        .filter((difference) => difference.includes('/TemplateURL/'))
        .every((difference) => difference.startsWith('/shop-dns/Resources/')),
    ).toBe(true);
  });
});
