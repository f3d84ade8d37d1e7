import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig, serviceEnvironments, serviceEnvironmentsOn } from '../../config';
import { EXAMPLE_PATH, configFrom, edit, exampleConfig, expectRefused, minimalDocument, set, type Edit } from '../fixtures';

describe('the example config', () => {
  const config = exampleConfig();

  test('is a believable Beanstalk estate in São Paulo', () => {
    expect(config.region).toBe('sa-east-1');
    expect(config.services.length).toBeGreaterThanOrEqual(8);
    expect(config.services.length).toBeLessThanOrEqual(12);
    expect(config.environments.map((environment) => environment.name)).toEqual(['production', 'staging']);
    expect(config.clusters.map((cluster) => cluster.name)).toEqual(['blue']);
  });

  test('mixes services still on Beanstalk, mid-shift and fully moved', () => {
    const production = serviceEnvironments(config).filter((entry) => entry.environment === 'production');
    const blueShare = (entry: (typeof production)[number]) =>
      (entry.weights.blue ?? 0) / Object.values(entry.weights).reduce((sum, weight) => sum + weight, 0);
    expect(production.some((entry) => blueShare(entry) === 0)).toBe(true);
    expect(production.some((entry) => blueShare(entry) > 0 && blueShare(entry) < 1)).toBe(true);
    expect(production.some((entry) => blueShare(entry) === 1)).toBe(true);
  });
});

describe('parseConfig', () => {
  test('applies the documented defaults', () => {
    const config = configFrom(minimalDocument());
    expect(config.dns.ttl).toBe(60);
    expect(config.adminRoleArns).toEqual([]);
    expect(config.clusters[0].dnsAutoscaler).toEqual({ coresPerReplica: 256, nodesPerReplica: 16, min: 2 });
    const staging = config.environments.find((environment) => environment.name === 'staging')!;
    expect(staging.requestRatio).toBe(0.5);
    expect(config.services[0].environments[0].autoscaling?.targetCpuUtilization).toBe(70);
  });

  test('applies the edge defaults: shutdown time, load balancer group, deletion protection, Beanstalk health check', () => {
    const document = minimalDocument();
    document.services.auth.environments.production.beanstalk = { cname: 'Auth-Prod.sa-east-1.elasticbeanstalk.com' };
    document.services.auth.environments.production.weights.beanstalk = 0;
    const config = configFrom(document);
    const [production, staging] = config.services[0].environments;
    expect([production.shutdownSeconds, production.loadBalancerGroup]).toEqual([15, 1]);
    expect(config.clusters[0].deletionProtection).toBe(true);
    expect(config.dns.certificateArn).toBeUndefined();
    expect(production.beanstalk?.healthCheck).toEqual({
      protocol: 'HTTPS',
      port: 443,
      path: '/healthz',
      host: 'auth-prod.sa-east-1.elasticbeanstalk.com',
    });
    // no CNAME, no record, nothing to check
    expect(staging.beanstalk?.healthCheck).toBeUndefined();
  });

  test('takes the edge settings as written', () => {
    const document = minimalDocument();
    Object.assign(document.services.auth, { shutdownSeconds: 40, loadBalancerGroup: 2 });
    document.clusters.blue.deletionProtection = false;
    document.dns.certificateArn = 'arn:aws:acm:sa-east-1:123456789012:certificate/0123abcd-0000-1111-2222-333344445555';
    document.environments.production.waf = {
      webAclArn: 'arn:aws:wafv2:sa-east-1:123456789012:regional/webacl/edge/0123abcd-0000-1111-2222-333344445555',
    };
    document.services.auth.environments.production.beanstalk = {
      cname: 'auth-prod.sa-east-1.elasticbeanstalk.com',
      healthCheck: { protocol: 'HTTP', path: '/ping', host: 'auth-legacy.example.com' },
    };
    document.services.auth.environments.production.weights.beanstalk = 10;
    const config = configFrom(document);
    const [production] = config.services[0].environments;
    expect([production.shutdownSeconds, production.loadBalancerGroup]).toEqual([40, 2]);
    expect(config.clusters[0].deletionProtection).toBe(false);
    expect(config.dns.certificateArn).toMatch(/^arn:aws:acm:/);
    expect(config.environments[0].webAclArn).toMatch(/^arn:aws:wafv2:/);
    expect(production.beanstalk?.healthCheck).toEqual({ protocol: 'HTTP', port: 80, path: '/ping', host: 'auth-legacy.example.com' });
  });

  test('takes a fleet that shares one anchored service block, past the yaml library default of 100 aliases', () => {
    const { services, ...rest } = minimalDocument();
    const lines = Object.entries(rest).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    lines.push('services:', `  service-000: &service ${JSON.stringify(services.auth)}`);
    for (let i = 1; i < 150; i++) lines.push(`  service-${String(i).padStart(3, '0')}: *service`);
    expect(parseConfig(lines.join('\n')).services).toHaveLength(150);
  });

  test('an alias bomb is one line naming the limit, not a stack trace', () => {
    // nine levels of ten aliases each: a billion expansions
    const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`);
    expect(() => parseConfig(['l0: &l0 [x]', ...levels].join('\n'))).toThrow('not valid YAML: more than 20000 alias expansions');
  });

  test('applies the runtime defaults: numeric ids, /tmp scratch space, TCP liveness, a startup budget, restricted', () => {
    const config = configFrom(minimalDocument());
    const [production] = config.services[0].environments;
    expect(production).toMatchObject({
      env: {},
      securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
      writablePaths: [{ path: '/tmp', sizeMebibytes: 64 }],
      probes: { liveness: { kind: 'tcp' }, startupSeconds: 120, scheme: 'HTTP' },
      podSecurity: 'restricted',
    });
    expect(production.command).toBeUndefined();
    expect(config.environments.map((environment) => environment.podSecurity)).toEqual(['restricted', 'restricted']);
  });

  test('reads what a Beanstalk app needs to run: env (overridden per environment), command, ids, writable paths, probes', () => {
    const document = minimalDocument();
    Object.assign(document.services.auth, {
      env: { LOG_LEVEL: 'info', FEATURE_X: 'true' },
      command: ['node', 'server.js'],
      securityContext: { runAsUser: 10001 },
      writablePaths: { '/tmp': '32Mi', '/app/cache': '256Mi' },
      probes: { liveness: '/livez', startupSeconds: 300, scheme: 'HTTPS' },
    });
    document.services.auth.environments.staging.env = { LOG_LEVEL: 'debug' };
    document.services.auth.environments.staging.args = ['--verbose'];
    const [production, staging] = configFrom(document).services[0].environments;
    expect(production.env).toEqual({ LOG_LEVEL: 'info', FEATURE_X: 'true' });
    expect(staging.env).toEqual({ LOG_LEVEL: 'debug', FEATURE_X: 'true' });
    expect([production.command, production.args, staging.args]).toEqual([['node', 'server.js'], undefined, ['--verbose']]);
    expect(production.securityContext).toEqual({ runAsUser: 10001, runAsGroup: 1000, fsGroup: 1000 });
    expect(production.writablePaths).toEqual([
      { path: '/tmp', sizeMebibytes: 32 },
      { path: '/app/cache', sizeMebibytes: 256 },
    ]);
    expect(production.probes).toEqual({ liveness: { kind: 'http', path: '/livez' }, startupSeconds: 300, scheme: 'HTTPS' });
  });

  test('runs an image as root only in an environment whose Pod Security level is baseline', () => {
    const document = minimalDocument();
    document.services.auth.securityContext = { runAsUser: 0 };
    document.environments.production.podSecurity = 'baseline';
    document.environments.staging.podSecurity = 'baseline';
    expect(configFrom(document).services[0].environments[0]).toMatchObject({ podSecurity: 'baseline', securityContext: { runAsUser: 0 } });
  });

  test('takes the Beanstalk load balancer as written, and leaves it to the cost planner when absent', () => {
    const document = minimalDocument();
    document.services.auth.environments.production.beanstalk = {
      cname: 'auth-prod.sa-east-1.elasticbeanstalk.com',
      instances: 4,
      loadBalancer: 'classic',
    };
    document.services.auth.environments.staging.beanstalk = { instances: 1, loadBalancer: 'none' };
    const [production, staging] = configFrom(document).services[0].environments;
    expect(production.beanstalk?.loadBalancer).toBe('classic');
    expect(staging.beanstalk?.loadBalancer).toBe('none');
    expect(configFrom(minimalDocument()).services[0].environments[0].beanstalk?.loadBalancer).toBeUndefined();
  });

  test("names each cluster's per-target record, under the environment subdomain too", () => {
    const [production, staging] = configFrom(minimalDocument()).services[0].environments;
    expect(production.clusterRecordNames).toEqual({ blue: 'auth.blue.example.com' });
    expect(staging.clusterRecordNames).toEqual({ blue: 'auth.blue.staging.example.com' });
  });

  test('names records after the service, under the environment subdomain when there is one', () => {
    const [production, staging] = configFrom(minimalDocument()).services[0].environments;
    expect(production.recordName).toBe('auth.example.com');
    expect(staging.recordName).toBe('auth.staging.example.com');
  });

  test.each(['example.com.', 'Example.COM', 'Example.COM.'])(
    'normalizes zone name %s as Route 53 does: lower case, no trailing dot',
    (zoneName) => {
      const config = configFrom(edit(minimalDocument(), 'dns.zoneName', zoneName));
      expect(config.dns.zoneName).toBe('example.com');
      expect(config.services[0].environments.map((entry) => entry.recordName)).toEqual(['auth.example.com', 'auth.staging.example.com']);
    },
  );

  test.each(['/hostedzone/Z0123456789ABCDEFGHIJ', 'hostedzone/Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'])(
    'takes hosted zone id %s, as the AWS CLI prints it or bare',
    (hostedZoneId) => {
      expect(configFrom(edit(minimalDocument(), 'dns.hostedZoneId', hostedZoneId)).dns.hostedZoneId).toBe('Z0123456789ABCDEFGHIJ');
    },
  );

  test('sets requests and limits by the tier of each environment', () => {
    const [production, staging] = configFrom(minimalDocument()).services[0].environments;
    expect(production.podResources).toEqual({
      requests: { cpuMillis: 250, memoryMebibytes: 512 },
      limits: { cpuMillis: 250, memoryMebibytes: 512 },
    });
    expect(staging.podResources).toEqual({
      requests: { cpuMillis: 125, memoryMebibytes: 256 },
      limits: { cpuMillis: 250, memoryMebibytes: 512 },
    });
  });

  test('lets an environment override resources and autoscaling', () => {
    const document = minimalDocument();
    edit(document, 'services.auth.environments.staging.resources', { memory: '1Gi' });
    edit(document, 'services.auth.environments.staging.autoscaling', { minReplicas: 1, maxReplicas: 2 });
    const staging = configFrom(document).services[0].environments[1];
    expect(staging.resources).toEqual({ cpuMillis: 250, memoryMebibytes: 1024 });
    expect(staging.autoscaling).toEqual({ minReplicas: 1, maxReplicas: 2, targetCpuUtilization: 70 });
  });

  test('gives BestEffort pods no requests and a service without autoscaling fixed replicas', () => {
    const document = minimalDocument();
    edit(document, 'environments.staging', { qos: 'BestEffort', priority: 10 });
    edit(document, 'services.auth.autoscaling', undefined);
    edit(document, 'services.auth.replicas', 3);
    const [production, staging] = configFrom(document).services[0].environments;
    expect(staging.podResources).toEqual({});
    expect(staging.autoscaling).toBeUndefined();
    expect(production.replicas).toBe(3);
  });

  test('runs a service on every cluster its weights name, even at weight 0', () => {
    const document = minimalDocument();
    edit(document, 'clusters.green', {
      kubernetesVersion: '1.33',
      nodeGroups: { general: { instanceType: 'm5.large', minSize: 2, maxSize: 4 } },
    });
    edit(document, 'services.auth.environments.production.weights', { beanstalk: 100, blue: 0 });
    const config = configFrom(document);
    expect(serviceEnvironmentsOn(config, 'blue').map((entry) => entry.environment)).toEqual(['production', 'staging']);
    expect(serviceEnvironmentsOn(config, 'green')).toEqual([]);
  });
});

describe('parseConfig rejects bad input with one message naming the field', () => {
  test.each<[string, Edit, string]>([
    ['an unknown top-level key', set('extra', true), 'extra: unknown key'],
    ['an unknown nested key', set('services.auth.imagee', 'x'), 'services.auth.imagee: unknown key'],
    ['a missing key', set('services.auth.port', undefined), 'services.auth.port: required key is missing'],
    ['a missing section', set('dns', undefined), 'dns: required key is missing'],
    [
      'a weight above 255',
      set('services.auth.environments.production.weights.blue', 300),
      'services.auth.environments.production.weights.blue: must be an integer 0–255, got: 300',
    ],
    [
      'a negative weight',
      set('services.auth.environments.production.weights.blue', -1),
      'services.auth.environments.production.weights.blue: must be an integer 0–255, got: -1',
    ],
    [
      'a fractional weight',
      set('services.auth.environments.production.weights.blue', 12.5),
      'services.auth.environments.production.weights.blue: must be an integer 0–255, got: 12.5',
    ],
    [
      'a weight that is text',
      set('services.auth.environments.production.weights.blue', 'ten'),
      'services.auth.environments.production.weights.blue: must be an integer 0–255, got: "ten"',
    ],
    [
      'all weights of a group at 0',
      set('services.auth.environments.production.weights', { beanstalk: 0, blue: 0 }),
      'services.auth.environments.production.weights: every weight is 0: Route 53 would then split traffic equally between all targets; give at least one target a weight above 0',
    ],
    [
      'a weight naming an unknown cluster',
      set('services.auth.environments.production.weights.green', 5),
      'services.auth.environments.production.weights.green: unknown cluster "green" (clusters: blue)',
    ],
    [
      'a cluster named beanstalk',
      set('clusters.beanstalk', {
        kubernetesVersion: '1.33',
        nodeGroups: { general: { instanceType: 'm5.large', minSize: 1, maxSize: 2 } },
      }),
      'clusters.beanstalk: "beanstalk" is the weight key of the Elastic Beanstalk target; name the cluster otherwise',
    ],
    [
      'a service name that is not a DNS label',
      (document) => {
        document.services.Auth_Service = document.services.auth;
        delete document.services.auth;
      },
      'services.Auth_Service: invalid name "Auth_Service": must be a DNS label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)',
    ],
    [
      'an environment name that is not a DNS label',
      (document) => {
        document.environments['prod.eu'] = { qos: 'Guaranteed', priority: 5 };
      },
      'environments.prod.eu: invalid name "prod.eu": must be a DNS label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)',
    ],
    [
      'an environment name too long for its PriorityClass',
      (document) => {
        document.environments['e'.repeat(60)] = { qos: 'Guaranteed', priority: 5 };
      },
      `environments.${'e'.repeat(60)}: name too long: PriorityClass "kubeshift-${'e'.repeat(60)}" must fit 63 characters`,
    ],
    [
      'a record name too long once combined',
      (document) => {
        document.dns.zoneName = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.com`;
        document.environments.staging.subdomain = 's'.repeat(60);
      },
      'services.auth.environments.staging: record name too long',
    ],
    [
      "a per-target name too long once the cluster's name is in it",
      (document) => {
        document.dns.zoneName = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.com`;
        document.environments.staging.subdomain = undefined;
        document.clusters[`blue${'x'.repeat(55)}`] = document.clusters.blue;
        document.services.auth.environments.production.weights[`blue${'x'.repeat(55)}`] = 0;
      },
      `services.auth.environments.production: record name too long: "auth.blue${'x'.repeat(55)}.`,
    ],
    [
      'a node group too small for one node per zone',
      set('clusters.blue.nodeGroups.general', { instanceType: 'm5.large', minSize: 1, maxSize: 1 }),
      'clusters.blue.nodeGroups.general.maxSize: must be at least 2, one node in each availability zone (each node group runs as one managed node group per zone), got: 1',
    ],
    ['an env variable name with a dash', set('services.auth.env', { 'LOG-LEVEL': 'info' }), 'invalid name "LOG-LEVEL"'],
    [
      'an env value that is a number',
      set('services.auth.env', { WORKERS: 4 }),
      'services.auth.env.WORKERS: must be text (quote numbers and booleans: "true")',
    ],
    [
      'root under the restricted level',
      set('services.auth.securityContext', { runAsUser: 0 }),
      'services.auth.securityContext.runAsUser: 0 (root) is refused by the restricted Pod Security level of environment production',
    ],
    [
      'an unknown Pod Security level',
      set('environments.staging.podSecurity', 'privileged'),
      'environments.staging.podSecurity: must be one of restricted, baseline',
    ],
    ['an empty command', set('services.auth.command', []), 'services.auth.command: must not be empty'],
    [
      'a liveness probe that is neither tcp nor a path',
      set('services.auth.probes', { liveness: 'http' }),
      'services.auth.probes.liveness: must be tcp or an absolute HTTP path such as /livez',
    ],
    ['a writable path that is relative', set('services.auth.writablePaths', { tmp: '64Mi' }), 'invalid name "tmp"'],
    ...[
      ['auth.example.com', "the service's weighted name"],
      ['Auth.Blue.example.com.', 'the per-target name of cluster blue'],
    ].map(([host, what]): [string, Edit, string] => [
      `a Beanstalk health check on ${what}, which Route 53 would connect to instead of Beanstalk`,
      set('services.auth.environments.production.beanstalk', { cname: 'auth-prod.sa-east-1.elasticbeanstalk.com', healthCheck: { host } }),
      `services.auth.environments.production.beanstalk.healthCheck.host: ${host.toLowerCase().replace(/\.$/, '')} is ${what}; Route 53 connects to the host it checks`,
    ]),
    [
      'a cluster named as an environment subdomain',
      (document) => {
        document.clusters.staging = document.clusters.blue;
      },
      "clusters.staging: name \"staging\" is also environment staging's subdomain: the cluster's per-target names (<service>.staging.<zone>) would be that environment's record names; name the cluster otherwise",
    ],
    [
      'a WAF web ACL that is not a regional WAFv2 ARN',
      set('environments.production.waf', { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abc' }),
      'environments.production.waf.webAclArn: must be a regional WAFv2 web ACL ARN',
    ],
    [
      'a certificate that is not an ACM ARN',
      set('dns.certificateArn', 'arn:aws:iam::123456789012:server-certificate/edge'),
      'dns.certificateArn: must be an ACM certificate ARN',
    ],
    [
      'a Beanstalk health check over TCP',
      set('services.auth.environments.production.beanstalk', {
        cname: 'auth.sa-east-1.elasticbeanstalk.com',
        healthCheck: { protocol: 'TCP' },
      }),
      'services.auth.environments.production.beanstalk.healthCheck.protocol: must be HTTP or HTTPS, got: "TCP"',
    ],
    [
      'a Beanstalk load balancer type Beanstalk does not offer',
      set('services.auth.environments.production.beanstalk', { cname: 'auth.sa-east-1.elasticbeanstalk.com', loadBalancer: 'gateway' }),
      'services.auth.environments.production.beanstalk.loadBalancer: must be one of application, classic, network, none, got: "gateway"',
    ],
    [
      'a single-instance Beanstalk environment with three instances',
      set('services.auth.environments.production.beanstalk', {
        cname: 'auth.sa-east-1.elasticbeanstalk.com',
        instances: 3,
        loadBalancer: 'none',
      }),
      'services.auth.environments.production.beanstalk.instances: must be 1 with loadBalancer none (a single-instance environment has one instance and no load balancer), got: 3',
    ],
    [
      'a shutdown time over ten minutes',
      set('services.auth.shutdownSeconds', 601),
      'services.auth.shutdownSeconds: must be an integer 0–600, got: 601',
    ],
    [
      'load balancer group 0',
      set('services.auth.loadBalancerGroup', 0),
      'services.auth.loadBalancerGroup: must be an integer 1–100, got: 0',
    ],
    [
      'deletion protection as text',
      set('clusters.blue.deletionProtection', 'no'),
      'clusters.blue.deletionProtection: must be true or false, got: "no"',
    ],
    [
      'requests above limits (a request ratio over 1)',
      set('environments.staging.requestRatio', 1.5),
      'environments.staging.requestRatio: must be above 0 and at most 1 so requests never exceed limits, got: 1.5',
    ],
    [
      'BestEffort with autoscaling',
      set('environments.staging', { qos: 'BestEffort', priority: 10 }),
      'services.auth.autoscaling: environment "staging" is BestEffort: pods without CPU requests cannot be scaled on CPU utilization; drop autoscaling or choose another qos',
    ],
    [
      'minReplicas above maxReplicas',
      set('services.auth.autoscaling', { minReplicas: 5, maxReplicas: 3 }),
      'services.auth.autoscaling.minReplicas: must be at most maxReplicas (3), got: 5',
    ],
    [
      'an environment override with minReplicas above maxReplicas',
      set('services.auth.environments.staging.autoscaling', { minReplicas: 9 }),
      'services.auth.environments.staging.autoscaling.minReplicas: must be at most maxReplicas (6), got: 9',
    ],
    [
      'production priority not above staging',
      set('environments.production.priority', 1000),
      "environments.production.priority: must be above staging's (1000) so that staging is preempted and evicted first, got: 1000",
    ],
    [
      'a beanstalk weight above 0 without a cname',
      set('services.auth.environments.production.beanstalk', { instanceType: 'c5.large' }),
      'services.auth.environments.production.beanstalk.cname: required while the beanstalk weight is above 0 (it is 90)',
    ],
    [
      'a beanstalk cname without a beanstalk weight',
      set('services.auth.environments.production.weights', { blue: 100 }),
      'services.auth.environments.production.weights.beanstalk: missing: the environment has a beanstalk cname; give it a weight (0 once its traffic has moved)',
    ],
    [
      'fewer private subnets than zones',
      set('vpc.privateSubnetIds', ['subnet-0a1b2c3d4e5f60011']),
      'vpc.privateSubnetIds: 1 subnets for 2 availability zones; give one subnet per zone, in the order of availabilityZones',
    ],
    [
      'more public subnets than zones',
      set('vpc.publicSubnetIds', ['subnet-0a1b2c3d4e5f60021', 'subnet-0a1b2c3d4e5f60022', 'subnet-0a1b2c3d4e5f60023']),
      'vpc.publicSubnetIds: 3 subnets for 2 availability zones; give one subnet per zone, in the order of availabilityZones',
    ],
    [
      'fewer public subnet blocks than zones',
      set('vpc.publicSubnetCidrs', ['10.0.0.0/24']),
      'vpc.publicSubnetCidrs: 1 subnets for 2 availability zones; give one subnet per zone, in the order of availabilityZones',
    ],
    ['no public subnet blocks', set('vpc.publicSubnetCidrs', undefined), 'vpc.publicSubnetCidrs: required key is missing'],
    [
      'a public subnet block that is not a CIDR',
      set('vpc.publicSubnetCidrs', ['10.0.0.0/24', '10.0.1.0']),
      'vpc.publicSubnetCidrs.1: must be an IPv4 CIDR block such as 203.0.113.0/24, got: "10.0.1.0"',
    ],
    [
      'a public subnet block wider than a VPC subnet can be',
      set('vpc.publicSubnetCidrs', ['10.0.0.0/8', '10.1.0.0/24']),
      'vpc.publicSubnetCidrs.0: a subnet\'s block is /16 to /28, got: "10.0.0.0/8"',
    ],
    [
      'a public subnet block with host bits set',
      set('vpc.publicSubnetCidrs', ['10.0.0.0/24', '10.0.1.5/24']),
      'vpc.publicSubnetCidrs.1: "10.0.1.5/24" has host bits set; the subnet\'s block is 10.0.1.0/24',
    ],
    [
      'the same public subnet block twice',
      set('vpc.publicSubnetCidrs', ['10.0.0.0/24', '10.0.0.0/24']),
      "vpc.publicSubnetCidrs: lists a CIDR block twice; give each public subnet's own block",
    ],
    [
      'a zone outside the region',
      set('vpc.availabilityZones', ['sa-east-1a', 'us-east-1b']),
      'vpc.availabilityZones.1: zone "us-east-1b" is not in region sa-east-1',
    ],
    [
      'a Kubernetes version without a kubectl layer',
      set('clusters.blue.kubernetesVersion', '1.29'),
      'clusters.blue.kubernetesVersion: no kubectl layer installed for Kubernetes 1.29 (installed: 1.33, 1.34, 1.35)',
    ],
    [
      'a Kubernetes version written as a number',
      set('clusters.blue.kubernetesVersion', 1.33),
      'clusters.blue.kubernetesVersion: must be a quoted Kubernetes minor version such as "1.33", got: 1.33',
    ],
    [
      'a public endpoint CIDR that is not one',
      set('clusters.blue.endpoint', { publicCidrs: ['203.0.113.0/24', '10.0.0.300/8'] }),
      'clusters.blue.endpoint.publicCidrs.1: must be an IPv4 CIDR block such as 203.0.113.0/24, got: "10.0.0.300/8"',
    ],
    [
      'a public endpoint without its list',
      set('clusters.blue.endpoint', { public: true }),
      'clusters.blue.endpoint.publicCidrs: required key is missing',
    ],
    ['an unquoted account id', set('account', 123456789012), 'account: must be a quoted 12-digit AWS account id, got: 123456789012'],
    [
      'a service in an unknown environment',
      set('services.auth.environments.qa', { weights: { blue: 1 } }),
      'services.auth.environments.qa: unknown environment "qa" (environments: production, staging)',
    ],
    [
      'a node group with minSize above maxSize',
      set('clusters.blue.nodeGroups.general.minSize', 9),
      'clusters.blue.nodeGroups.general.minSize: must be at most maxSize (4), got: 9',
    ],
    [
      'a CPU quantity that is not one',
      set('services.auth.resources.cpu', '250 millicores'),
      'services.auth.resources.cpu: must be a CPU quantity such as 250m or 1, got: "250 millicores"',
    ],
    [
      'a memory quantity that is not one',
      set('services.auth.resources.memory', '512MB'),
      'services.auth.resources.memory: must be a memory quantity such as 512Mi or 1Gi, got: "512MB"',
    ],
    [
      'an unknown QoS class',
      set('environments.staging.qos', 'Premium'),
      'environments.staging.qos: must be one of Guaranteed, Burstable, BestEffort, got: "Premium"',
    ],
    [
      'a service without environments',
      set('services.auth.environments', {}),
      'services.auth.environments: needs at least one environment, got: {}',
    ],
  ])('%s', (_name, change, message) => {
    const document = minimalDocument();
    change(document);
    expectRefused(document, message);
  });

  test.each([
    ['not YAML at all', 'app: [unclosed', /^not valid YAML \(line 1\): /],
    ['an empty file', '', /^the config file is empty$/],
    ['a list instead of a mapping', '- a\n- b\n', /^must be a mapping \(key: value\), got: \["a","b"\]$/],
  ])('%s', (_name, text, message) => {
    expect(() => parseConfig(text)).toThrow(ConfigError);
    expect(() => parseConfig(text)).toThrow(message);
  });

  test('reports the field path separately for tools', () => {
    const document = edit(minimalDocument(), 'services.auth.port', 70000);
    try {
      configFrom(document);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).path).toBe('services.auth.port');
      expect((error as ConfigError).reason).toBe('must be an integer 1–65535, got: 70000');
    }
  });

  test('keeps the example file loadable byte for byte', () => {
    expect(() => parseConfig(readFileSync(EXAMPLE_PATH, 'utf8'))).not.toThrow();
  });
});

describe('delivery', () => {
  const withDelivery = (delivery: unknown, repository: unknown = 'descomplica/auth') => {
    const document = minimalDocument();
    edit(document, 'services.auth.repository', repository);
    return edit(document, 'delivery', delivery);
  };

  test('takes each service repository and the delivery section, with a 72-hour preview default', () => {
    const config = configFrom(withDelivery({ deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: 'blue' } }));
    expect(config.services[0].repository).toBe('descomplica/auth');
    expect(config.delivery).toEqual({ deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: 'blue', ttlHours: 72 } });
  });

  test('is absent unless configured', () => {
    expect(configFrom(minimalDocument()).delivery).toBeUndefined();
  });

  test.each<[string, unknown, unknown, string]>([
    [
      'an unknown environment to deploy on green',
      { deployOnGreen: ['staging', 'qa'] },
      undefined,
      'delivery.deployOnGreen.1: unknown environment "qa" (environments: production, staging)',
    ],
    [
      'previews from an unknown environment',
      { previews: { environment: 'dev', cluster: 'blue' } },
      undefined,
      'delivery.previews.environment: unknown environment "dev" (environments: production, staging)',
    ],
    [
      'previews on an unknown cluster',
      { previews: { environment: 'staging', cluster: 'green' } },
      undefined,
      'delivery.previews.cluster: unknown cluster "green" (clusters: blue)',
    ],
    [
      'a preview lifetime of zero',
      { previews: { environment: 'staging', cluster: 'blue', ttlHours: 0 } },
      undefined,
      'delivery.previews.ttlHours: must be an integer 1–720, got: 0',
    ],
    ['an unknown delivery key', { deployOnMerge: ['staging'] }, undefined, 'delivery.deployOnMerge: unknown key'],
    [
      'a repository that is not owner/name',
      { deployOnGreen: ['staging'] },
      'https://github.com/descomplica/auth',
      'services.auth.repository: must be a GitHub repository as owner/name, such as descomplica/auth, got: "https://github.com/descomplica/auth"',
    ],
    [
      'delivery without any repository',
      { deployOnGreen: ['staging'] },
      null,
      'delivery: no service has a repository: add services.<service>.repository (owner/name) to those it delivers',
    ],
  ])('refuses %s', (_name, delivery, repository, message) => {
    const document = withDelivery(delivery, repository ?? 'descomplica/auth');
    if (repository === null) delete document.services.auth.repository;
    expect(() => configFrom(document)).toThrow(message);
  });

  test('refuses an environment named preview deploying on green beside previews: their statuses would share one context', () => {
    const document = withDelivery({ deployOnGreen: ['staging', 'preview'], previews: { environment: 'staging', cluster: 'blue' } });
    edit(document, 'environments.preview', { qos: 'Burstable', priority: 10 });
    edit(document, 'services.auth.environments.preview', { weights: { blue: 100 } });
    expect(() => configFrom(document)).toThrow(
      'delivery.deployOnGreen.1: an environment named "preview" cannot deploy on green while previews are on: both would report as kubeshift/<cluster>/preview',
    );
    edit(document, 'delivery.previews', undefined);
    expect(configFrom(document).delivery?.deployOnGreen).toEqual(['staging', 'preview']);
  });
});
