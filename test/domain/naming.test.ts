import {
  bareHostedZoneId,
  clusterRecordName,
  commitStatusContext,
  clusterStackName,
  containerLogGroupName,
  controlPlaneLogGroupName,
  dnsStackName,
  eksClusterName,
  healthCheckAlarmName,
  healthCheckName,
  loadBalancerCertificateNames,
  normalizeDnsName,
  previewHostName,
  previewCommentMarker,
  previewNamespace,
  PREVIEW_PRIORITY_CLASS,
  priorityClassName,
  repositoryLabelValue,
  recordName,
  targetGroupName,
} from '../../domain/naming';

test.each([
  ['auth.Example.COM.', 'auth.example.com'],
  ['AUTH.example.com', 'auth.example.com'],
  ['auth.example.com', 'auth.example.com'],
])('normalizeDnsName(%s) is %s: lower case, no trailing dot, as Route 53 lists names', (name, normalized) => {
  expect(normalizeDnsName(name)).toBe(normalized);
});

test('record names join service, subdomain and zone, normalized whatever case the zone was written in', () => {
  expect(recordName('auth', undefined, 'Example.COM.')).toBe('auth.example.com');
  expect(recordName('auth', 'staging', 'example.com')).toBe('auth.staging.example.com');
});

test.each([
  ['/hostedzone/Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'],
  ['hostedzone/Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'],
  ['Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'],
])('bareHostedZoneId(%s) is %s', (id, bare) => {
  expect(bareHostedZoneId(id)).toBe(bare);
});

test('stacks, clusters, PriorityClasses and log groups are named one way', () => {
  expect(clusterStackName('shop', 'blue')).toBe('shop-cluster-blue');
  expect(dnsStackName('shop')).toBe('shop-dns');
  expect(eksClusterName('shop', 'blue')).toBe('shop-blue');
  expect(priorityClassName('production')).toBe('kubeshift-production');
  expect(controlPlaneLogGroupName('shop-blue')).toBe('/aws/eks/shop-blue/cluster');
  expect(containerLogGroupName('shop-blue')).toBe('/aws/eks/shop-blue/containers');
});

describe('preview names', () => {
  test('a short one is pr-<number>-<service>', () => {
    expect(previewNamespace(42, 'auth')).toBe('pr-42-auth');
    expect(previewHostName('auth', 42, 'Example.COM.')).toBe('auth-pr-42.preview.example.com');
  });

  test('a long one is cut to 63 characters with a hash of the whole name, so two long names stay apart', () => {
    const a = previewNamespace(12345, `${'a'.repeat(60)}-one`);
    const b = previewNamespace(12345, `${'a'.repeat(60)}-two`);
    for (const name of [a, b]) expect(name).toMatch(/^pr-12345-a+-[0-9a-z]{6}$/);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(previewNamespace(12345, `${'a'.repeat(60)}-one`)).toBe(a);
  });
});

describe('edge names', () => {
  test('a per-target name puts the cluster between service and subdomain', () => {
    expect(clusterRecordName('auth', 'blue', undefined, 'Example.COM.')).toBe('auth.blue.example.com');
    expect(clusterRecordName('auth', 'blue', 'staging', 'example.com')).toBe('auth.blue.staging.example.com');
  });

  test('a health check is named <service>/<environment>/<target>', () => {
    expect(healthCheckName('auth', 'production', 'beanstalk')).toBe('auth/production/beanstalk');
  });

  test("a health check's alarm is named after its check, under the app (alarm names are unique per account and region)", () => {
    expect(healthCheckAlarmName('shop', 'auth', 'production', 'blue')).toBe('shop/auth/production/blue/unhealthy');
  });

  const identity = { app: 'shop', cluster: 'blue', environment: 'production', service: 'auth' };

  test('a target group name reads as its service and environment, with a hash that fits 32 characters', () => {
    expect(targetGroupName(identity, [8080])).toMatch(/^auth-production-[0-9a-z]{8}$/);
    const long = targetGroupName({ ...identity, service: 'recommendations-engine' }, [8080]);
    expect(long.length).toBeLessThanOrEqual(32);
    expect(long).toMatch(/^recommendations-engine-[0-9a-z]{8}$/);
    // a cut that ends on "-" drops it: ELB names never hold "--"
    expect(targetGroupName({ ...identity, service: 'abcdefghijklmnopqrstuv', environment: 'x' }, [1])).toMatch(/^[a-z]+-[0-9a-z]{8}$/);
  });

  test('a target group name is stable, and changes with anything that replaces the target group', () => {
    expect(targetGroupName(identity, [8080, 'HTTP'])).toBe(targetGroupName({ ...identity }, [8080, 'HTTP']));
    const names = new Set([
      targetGroupName(identity, [8080, 'HTTP']),
      targetGroupName(identity, [8081, 'HTTP']),
      targetGroupName(identity, [8080, 'HTTPS']),
      targetGroupName({ ...identity, cluster: 'green' }, [8080, 'HTTP']),
      targetGroupName({ ...identity, app: 'store' }, [8080, 'HTTP']),
    ]);
    expect(names.size).toBe(5);
  });
});

test("a load balancer's certificate names cover the weighted and the per-target names of its environment, one wildcard label each", () => {
  expect(loadBalancerCertificateNames('blue', undefined, 'Example.COM.')).toEqual(['*.example.com', '*.blue.example.com']);
  expect(loadBalancerCertificateNames('blue', 'staging', 'example.com')).toEqual(['*.staging.example.com', '*.blue.staging.example.com']);
  const [weighted, perTarget] = loadBalancerCertificateNames('blue', 'staging', 'example.com');
  const covers = (wildcard: string, name: string) => name.split('.').slice(1).join('.') === wildcard.slice(2);
  expect(covers(weighted, recordName('auth', 'staging', 'example.com'))).toBe(true);
  expect(covers(perTarget, clusterRecordName('auth', 'blue', 'staging', 'example.com'))).toBe(true);
});

describe('delivery names', () => {
  test('a commit status names the cluster, so two clusters never overwrite each other', () => {
    expect(commitStatusContext('blue', 'staging')).toBe('kubeshift/blue/staging');
    expect(commitStatusContext('green', 'preview')).toBe('kubeshift/green/preview');
  });

  test("the preview PriorityClass cannot be any environment's", () => {
    // Environment names are DNS labels: no dots, so priorityClassName never yields this one.
    expect(PREVIEW_PRIORITY_CLASS).toContain('.');
    expect(priorityClassName('preview')).not.toBe(PREVIEW_PRIORITY_CLASS);
  });

  test('one comment marker per cluster and service, hidden in Markdown', () => {
    expect(previewCommentMarker('blue', 'auth')).toBe('<!-- kubeshift:preview blue/auth -->');
    expect(previewCommentMarker('green', 'auth')).not.toBe(previewCommentMarker('blue', 'auth'));
  });

  test('a repository becomes a label value: owner.name, cut with a hash past 63 characters', () => {
    const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    expect(repositoryLabelValue('descomplica/auth')).toBe('descomplica.auth');
    const long = repositoryLabelValue(`descomplica/${'very-long-repository-name-'.repeat(4)}`);
    const other = repositoryLabelValue(`descomplica/${'very-long-repository-name-'.repeat(4)}x`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(labelValue);
    expect(long).not.toBe(other);
  });
});
