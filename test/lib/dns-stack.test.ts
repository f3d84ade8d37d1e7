import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { KubeshiftConfig } from '../../config';
import { DnsStack } from '../../lib/dns-stack';
import { configFrom, edit, fleetDocument, minimalDocument, synthStacks } from '../fixtures';

const BEANSTALK_CNAME = 'auth-prod.sa-east-1.elasticbeanstalk.com';

function greenDocument(): Record<string, any> {
  const document = minimalDocument();
  edit(document, 'clusters.green', {
    kubernetesVersion: '1.33',
    nodeGroups: { general: { instanceType: 'm5.large', minSize: 2, maxSize: 4 } },
  });
  // green warms up at weight 0: health-checked, not published.
  edit(document, 'services.auth.environments.production.weights', { beanstalk: 55, blue: 200, green: 0 });
  // The staging Beanstalk environment is gone: weight 0 and no cname, so no record.
  edit(document, 'services.auth.environments.staging', { beanstalk: { instanceType: 't3.small' }, weights: { beanstalk: 0, blue: 100 } });
  return document;
}

/** The DNS stack alone, in a fresh app: what the warnings and errors of a config are. */
function dnsStackOf(config: KubeshiftConfig): DnsStack {
  return new DnsStack(new App(), 'shop-dns', { env: { account: config.account, region: 'us-east-1' }, config });
}

describe('DnsStack', () => {
  const { dns, clusters } = synthStacks(configFrom(greenDocument()));
  const template = Template.fromStack(dns);
  const records = Template.fromStack(dns.services.get('auth')!);
  const recordSets = Object.values(records.findResources('AWS::Route53::RecordSet')).map((record) => record.Properties);
  const checks = records.findResources('AWS::Route53::HealthCheck');
  const checkOf = (name: string) =>
    Object.entries(checks).find(([, check]) =>
      check.Properties.HealthCheckTags.some((tag: any) => tag.Key === 'Name' && tag.Value === name),
    );

  test('is named <app>-dns, protected from deletion, in us-east-1 of the config account, and depends on no cluster stack', () => {
    expect(dns.stackName).toBe('shop-dns');
    expect(dns.terminationProtection).toBe(true);
    expect([dns.account, dns.region]).toEqual(['123456789012', 'us-east-1']);
    expect(clusters.map((stack) => stack.region)).toEqual(['sa-east-1', 'sa-east-1']);
    expect(dns.dependencies).toEqual([]);
    for (const cluster of clusters) expect(cluster.dependencies).not.toContain(dns);
  });

  test('reads nothing from another stack: no export, no SSM parameter, no nested-stack parameter', () => {
    const everything = JSON.stringify([template.toJSON(), records.toJSON()]);
    expect(everything).not.toContain('Fn::ImportValue');
    // CDK's own bootstrap-version check is the one parameter left.
    expect(Object.keys(template.toJSON().Parameters)).toEqual(['BootstrapVersion']);
    expect(records.toJSON().Parameters ?? {}).toEqual({});
  });

  test('writes one weighted group per service and environment, a record only for each target above weight 0', () => {
    const production = recordSets.filter((record) => record.Name === 'auth.example.com.');
    expect(production.map((record) => [record.SetIdentifier, record.Weight])).toEqual([
      ['beanstalk', 55],
      ['blue', 200],
    ]);
    const staging = recordSets.filter((record) => record.Name === 'auth.staging.example.com.');
    expect(staging.map((record) => [record.SetIdentifier, record.Weight])).toEqual([['blue', 100]]);
  });

  test('gives every record of a group one type and one TTL', () => {
    for (const record of recordSets) expect([record.Type, record.TTL]).toEqual(['CNAME', '60']);
  });

  test("points Beanstalk at its CNAME and each cluster at its per-target name, the cluster stack's alias", () => {
    const target = (name: string, identifier: string) =>
      recordSets.find((record) => record.Name === name && record.SetIdentifier === identifier)!.ResourceRecords;
    expect(target('auth.example.com.', 'beanstalk')).toEqual([BEANSTALK_CNAME]);
    expect(target('auth.example.com.', 'blue')).toEqual(['auth.blue.example.com']);
    expect(target('auth.staging.example.com.', 'blue')).toEqual(['auth.blue.staging.example.com']);
  });

  test('health-checks every cluster in the weights, weight 0 included, over HTTPS with SNI on its per-target name', () => {
    for (const [name, fqdn] of [
      ['auth/production/blue', 'auth.blue.example.com'],
      ['auth/production/green', 'auth.green.example.com'],
      ['auth/staging/blue', 'auth.blue.staging.example.com'],
    ]) {
      const [, check] = checkOf(name)!;
      expect(check.Properties.HealthCheckConfig).toMatchObject({
        Type: 'HTTPS',
        EnableSNI: true,
        FullyQualifiedDomainName: fqdn,
        Port: 443,
        ResourcePath: '/healthz',
      });
    }
  });

  test('health-checks Beanstalk only while it has weight, as its healthCheck block says', () => {
    const [, beanstalk] = checkOf('auth/production/beanstalk')!;
    expect(beanstalk.Properties.HealthCheckConfig).toMatchObject({
      Type: 'HTTPS',
      EnableSNI: true,
      FullyQualifiedDomainName: BEANSTALK_CNAME,
      Port: 443,
      ResourcePath: '/healthz',
    });
    expect(checkOf('auth/staging/beanstalk')).toBeUndefined();
    expect(Object.keys(checks)).toHaveLength(4);
  });

  test('attaches to every record the health check of its own target', () => {
    for (const record of recordSets) {
      const check = checks[record.HealthCheckId.Ref];
      const target = record.SetIdentifier;
      const environment = record.Name.startsWith('auth.staging.') ? 'staging' : 'production';
      expect(check.Properties.HealthCheckTags).toEqual([{ Key: 'Name', Value: `auth/${environment}/${target}` }]);
    }
  });

  test('gives every health check an alarm on its status, named <app>/<service>/<env>/<target>/unhealthy', () => {
    const alarms = Object.values(records.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
    expect(alarms.map((alarm) => alarm.Dimensions[0].Value.Ref).sort()).toEqual(Object.keys(checks).sort());
    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual([
      'shop/auth/production/beanstalk/unhealthy',
      'shop/auth/production/blue/unhealthy',
      'shop/auth/production/green/unhealthy',
      'shop/auth/staging/blue/unhealthy',
    ]);
    for (const alarm of alarms) expect(alarm).toMatchObject({ Namespace: 'AWS/Route53', MetricName: 'HealthCheckStatus' });
  });

  test('raises no warning or error for a config far below the quotas', () => {
    expect(Annotations.fromStack(dns).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(dns).findError('*', Match.anyValue())).toEqual([]);
  });
});

describe('DnsStack checks at synth', () => {
  test("warns when the config's health checks pass 80 % of Route 53's quota, naming the quota and the count", () => {
    // 60 services: Beanstalk and blue in production, blue alone in staging (Beanstalk at 0): 180 checks.
    const config = configFrom(fleetDocument(60));
    const warnings = Annotations.fromStack(dnsStackOf(config)).findWarning('*', Match.stringLikeRegexp('Route 53 health checks'));
    expect(warnings.map((warning) => warning.entry.data)).toEqual([
      expect.stringMatching(
        /^180 Route 53 health checks, 90 % of the Route 53 quota "Health checks" \(200 active per account by default\)/,
      ),
    ]);
  });
});
