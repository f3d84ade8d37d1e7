import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  Route53Client,
  type Change,
  type HealthCheckConfig,
} from '@aws-sdk/client-route-53';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BEANSTALK, parseConfig, serviceEnvironments, type KubeshiftConfig, type ServiceEnvironment } from '../../config';
import { weightedTargets } from '../../domain/edge/weighted-targets';
import { healthCheckName, loadBalancerTags } from '../../domain/naming';

/**
 * Seeds moto through the AWS APIs themselves, as the stacks leave an account once deployed (the
 * edge of issue 9): per service environment, one weighted CNAME per target whose weight is above
 * 0 (a cluster's pointing at its per-target name) with that target's health check; per cluster
 * target, weight 0 included, an alias A record at its per-target name to the cluster's ALB for
 * that environment, and an HTTPS health check named `<service>/<env>/<target>`; a Beanstalk
 * health check only while its record is published. Each ALB carries LOAD_BALANCER_TAGS.
 * (Not through moto's CloudFormation: its update of a weighted record set was seen deleting the
 * sibling records of the group.)
 */

export const EXAMPLE_CONFIG = readFileSync(`${__dirname}/../../config/example.yaml`, 'utf8');
const EXAMPLE_ZONE_ID = /hostedZoneId: (\S+)/.exec(EXAMPLE_CONFIG)![1];
export const REGION = 'sa-east-1';

/** Records that are not ours, enough to make ListResourceRecordSets return several pages. */
export const FILLER_RECORDS = 320;

export interface Seeded {
  readonly zoneId: string;
  /** The example config with the emulator's zone id in place of the example's. */
  readonly configText: string;
  readonly config: KubeshiftConfig;
  /** Health-check id by `service/environment/target`. */
  readonly healthChecks: ReadonlyMap<string, string>;
  /** The cluster ALBs by `cluster/environment`. */
  readonly loadBalancers: ReadonlyMap<string, LoadBalancer>;
}

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export function clients(endpoint: string) {
  return {
    route53: new Route53Client({ region: 'us-east-1', endpoint, credentials }),
    cloudWatch: (region: string) => new CloudWatchClient({ region, endpoint, credentials }),
    elbv2: new ElasticLoadBalancingV2Client({ region: REGION, endpoint, credentials }),
    s3: new S3Client({ region: REGION, endpoint, credentials, forcePathStyle: true }),
  };
}

export interface SeedOptions {
  /**
   * Weighted records to leave out, as `service/environment/target`. A missing record is seeded
   * missing rather than deleted: moto 5.2.1 deletes a weighted record by its SetIdentifier across
   * the whole zone, taking every group's record of that target with it.
   */
  readonly omit?: readonly string[];
  /** Per-target aliases to leave out, as `service/environment/cluster`. */
  readonly omitAlias?: readonly string[];
  /** Per-target aliases to point at another environment's load balancer, as `service/environment/cluster`. */
  readonly crossAlias?: readonly string[];
  /** Health checks to leave out, as `service/environment/target`. */
  readonly omitHealthCheck?: readonly string[];
  /** Targets at weight 0 whose record and health check are left behind, as `service/environment/target`. */
  readonly leftBehind?: readonly string[];
}

const key = (entry: ServiceEnvironment, target: string) => `${entry.service}/${entry.environment}/${target}`;

export async function seedEstate(endpoint: string, options: SeedOptions = {}): Promise<Seeded> {
  const { route53 } = clients(endpoint);
  const zoneId = await createZone(route53);
  const configText = EXAMPLE_CONFIG.replace(EXAMPLE_ZONE_ID, zoneId);
  const config = parseConfig(configText);
  const entries = serviceEnvironments(config);

  const loadBalancers = new Map<string, LoadBalancer>();
  for (const entry of entries) {
    for (const cluster of Object.keys(entry.weights).filter((target) => target !== BEANSTALK)) {
      const id = `${cluster}/${entry.environment}`;
      if (!loadBalancers.has(id)) loadBalancers.set(id, await createClusterLoadBalancer(endpoint, config, cluster, entry.environment));
    }
  }

  const healthChecks = new Map<string, string>();
  const changes: Change[] = [];
  for (const entry of entries) {
    for (const [target, weight] of Object.entries(entry.weights)) {
      const isCluster = target !== BEANSTALK;
      const leftBehind = options.leftBehind?.includes(key(entry, target));
      const published = weightedTargets(entry).some((expected) => expected.target === target && expected.published) || leftBehind;
      if (isCluster && !options.omitAlias?.includes(key(entry, target))) {
        const otherEnvironment = config.environments.find((environment) => environment.name !== entry.environment)!.name;
        const loadBalancer = loadBalancers.get(
          `${target}/${options.crossAlias?.includes(key(entry, target)) ? otherEnvironment : entry.environment}`,
        )!;
        changes.push(aliasRecord(entry.clusterRecordNames[target], loadBalancer));
      }
      let checkId: string | undefined;
      if ((isCluster || published) && !options.omitHealthCheck?.includes(key(entry, target))) {
        checkId = await createHealthCheck(route53, entry, target);
        healthChecks.set(key(entry, target), checkId);
      }
      const value = isCluster ? entry.clusterRecordNames[target] : entry.beanstalk?.cname;
      if (published && value && !options.omit?.includes(key(entry, target))) {
        changes.push(weightedRecord('CREATE', entry.recordName, target, weight, value, checkId));
      }
    }
  }
  for (let index = 0; index < FILLER_RECORDS; index++) {
    changes.push({
      Action: 'CREATE',
      ResourceRecordSet: {
        Name: `host-${String(index).padStart(3, '0')}.example.com.br`,
        Type: 'A',
        TTL: 300,
        ResourceRecords: [{ Value: '192.0.2.1' }],
      },
    });
  }
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
  await setHealth(endpoint, [...healthChecks.values()], 1);
  return { zoneId, configText, config, healthChecks, loadBalancers };
}

/** The health check the DNS stack gives a target, tagged with its name. */
async function createHealthCheck(route53: Route53Client, entry: ServiceEnvironment, target: string): Promise<string> {
  const check = entry.beanstalk?.healthCheck;
  const config: HealthCheckConfig =
    target === BEANSTALK && check
      ? { Type: check.protocol, FullyQualifiedDomainName: check.host, Port: check.port, ResourcePath: check.path, EnableSNI: true }
      : {
          Type: 'HTTPS',
          FullyQualifiedDomainName: entry.clusterRecordNames[target],
          Port: 443,
          ResourcePath: entry.healthCheckPath,
          EnableSNI: true,
        };
  const created = await route53.send(
    new CreateHealthCheckCommand({ CallerReference: `${key(entry, target)}-${Math.random()}`, HealthCheckConfig: config }),
  );
  const id = created.HealthCheck!.Id!;
  await route53.send(
    new ChangeTagsForResourceCommand({
      ResourceType: 'healthcheck',
      ResourceId: id,
      AddTags: [{ Key: 'Name', Value: healthCheckName(entry.service, entry.environment, target) }],
    }),
  );
  return id;
}

/** Two of moto's default subnets in the region, which an ALB needs. moto does not check the signature. */
async function defaultSubnets(endpoint: string): Promise<string[]> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: 'Action=DescribeSubnets&Version=2016-11-15',
  });
  const subnets = [...(await response.text()).matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map((match) => match[1]);
  if (subnets.length < 2) throw new Error(`moto has ${subnets.length} default subnets in ${REGION}`);
  return subnets.slice(0, 2);
}

async function createClusterLoadBalancer(endpoint: string, config: KubeshiftConfig, cluster: string, environment: string) {
  const created = await clients(endpoint).elbv2.send(
    new CreateLoadBalancerCommand({
      Name: `k-${cluster}-${environment}-1`,
      Subnets: await defaultSubnets(endpoint),
      Type: 'application',
      Scheme: 'internet-facing',
      Tags: Object.entries(loadBalancerTags(config.app, cluster, environment, 1)).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return created.LoadBalancers![0];
}

/** An Elastic Beanstalk environment's own ALB, optionally logging to `s3://eb-logs/eb`. */
export async function createBeanstalkLoadBalancer(endpoint: string, name: string, accessLogs: boolean): Promise<LoadBalancer> {
  const { elbv2 } = clients(endpoint);
  const created = await elbv2.send(
    new CreateLoadBalancerCommand({ Name: `awseb-AWSEB-${name}`, Subnets: await defaultSubnets(endpoint), Type: 'application' }),
  );
  const loadBalancer = created.LoadBalancers![0];
  if (accessLogs) {
    await createLogBucket(endpoint);
    await elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: loadBalancer.LoadBalancerArn,
        Attributes: [
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: ACCESS_LOG_BUCKET },
          { Key: 'access_logs.s3.prefix', Value: ACCESS_LOG_PREFIX },
        ],
      }),
    );
  }
  return loadBalancer;
}

export const ACCESS_LOG_BUCKET = 'eb-logs';

/** The bucket access logs go to (ELB requires it to exist before logging is turned on). */
async function createLogBucket(endpoint: string): Promise<void> {
  await clients(endpoint)
    .s3.send(new CreateBucketCommand({ Bucket: ACCESS_LOG_BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }))
    .catch((error: Error) => {
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
    });
}
const ACCESS_LOG_PREFIX = 'eb';

/**
 * One access-log file of a load balancer as ELB delivers it: gzip, under the day it was
 * delivered, named with the end of the 5 minutes it covers (`end`).
 */
export async function putAccessLog(endpoint: string, loadBalancer: LoadBalancer, end: Date, lines: readonly string[]): Promise<void> {
  const { s3 } = clients(endpoint);
  await s3
    .send(new CreateBucketCommand({ Bucket: ACCESS_LOG_BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }))
    .catch((error: Error) => {
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
    });
  const [, , , region, account] = loadBalancer.LoadBalancerArn!.split(':');
  const id = loadBalancer.LoadBalancerArn!.split(':loadbalancer/')[1].replace(/\//g, '.');
  const day = end.toISOString().slice(0, 10).replace(/-/g, '/');
  const stamp = `${end.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
  await s3.send(
    new PutObjectCommand({
      Bucket: ACCESS_LOG_BUCKET,
      Key: `${ACCESS_LOG_PREFIX}/AWSLogs/${account}/elasticloadbalancing/${region}/${day}/${account}_elasticloadbalancing_${region}_${id}_${stamp}_52.67.1.2_${Math.random().toString(36).slice(2, 10)}.log.gz`,
      Body: gzipSync(lines.join('\n')),
    }),
  );
}

/**
 * A hosted zone whose id looks like AWS's (`Z` and 1–31 capitals or digits), as the config
 * schema demands. moto draws 22 random characters, so zones are drawn until one starts with Z.
 */
export async function createZone(route53: Route53Client): Promise<string> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const zone = await route53.send(
      new CreateHostedZoneCommand({ Name: 'example.com.br', CallerReference: `kubeshift-${attempt}-${Math.random()}` }),
    );
    const id = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    if (id.startsWith('Z')) return id;
    await route53.send(new DeleteHostedZoneCommand({ Id: id }));
  }
  throw new Error('moto gave no hosted zone id starting with Z in 1000 attempts');
}

/** The per-target alias, as CDK's LoadBalancerTarget writes it (with the `dualstack.` prefix). */
function aliasRecord(name: string, loadBalancer: LoadBalancer): Change {
  return {
    Action: 'CREATE',
    ResourceRecordSet: {
      Name: name,
      Type: 'A',
      AliasTarget: {
        DNSName: `dualstack.${loadBalancer.DNSName}`,
        HostedZoneId: loadBalancer.CanonicalHostedZoneId,
        EvaluateTargetHealth: true,
      },
    },
  };
}

export function weightedRecord(
  action: Change['Action'],
  name: string,
  target: string,
  weight: number,
  value: string,
  healthCheckId?: string,
): Change {
  return {
    Action: action,
    ResourceRecordSet: {
      Name: name,
      Type: 'CNAME',
      SetIdentifier: target,
      Weight: weight,
      TTL: 60,
      ResourceRecords: [{ Value: value }],
      HealthCheckId: healthCheckId,
    },
  };
}

/** Route 53 publishes HealthCheckStatus (1 healthy, 0 unhealthy) in us-east-1; so does the seed. */
export async function setHealth(endpoint: string, healthCheckIds: readonly string[], status: 0 | 1): Promise<void> {
  const cloudWatch = clients(endpoint).cloudWatch('us-east-1');
  const timestamp = new Date(Date.now() - 30_000);
  for (let index = 0; index < healthCheckIds.length; index += 20) {
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/Route53',
        MetricData: healthCheckIds.slice(index, index + 20).map((id) => ({
          MetricName: 'HealthCheckStatus',
          Dimensions: [{ Name: 'HealthCheckId', Value: id }],
          Value: status,
          Timestamp: timestamp,
        })),
      }),
    );
  }
}

/** Upserts one live weighted record, as a deploy (or a hand edit in the console) would. */
export async function setLiveWeight(
  endpoint: string,
  seeded: Seeded,
  service: string,
  environment: string,
  target: string,
  weight: number,
): Promise<void> {
  const entry = serviceEnvironments(seeded.config).find(
    (candidate) => candidate.service === service && candidate.environment === environment,
  )!;
  const value = target === BEANSTALK ? entry.beanstalk!.cname! : entry.clusterRecordNames[target];
  const healthCheckId = seeded.healthChecks.get(`${service}/${environment}/${target}`);
  await clients(endpoint).route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: seeded.zoneId,
      ChangeBatch: { Changes: [weightedRecord('UPSERT', entry.recordName, target, weight, value, healthCheckId)] },
    }),
  );
}

/** Request counts as an Application Load Balancer publishes them, in the config's region. */
export async function putRequestCount(
  endpoint: string,
  region: string,
  loadBalancerDimension: string,
  count: number,
  hoursAgo: number,
): Promise<void> {
  await clients(endpoint)
    .cloudWatch(region)
    .send(
      new PutMetricDataCommand({
        Namespace: 'AWS/ApplicationELB',
        MetricData: [
          {
            MetricName: 'RequestCount',
            Dimensions: [{ Name: 'LoadBalancer', Value: loadBalancerDimension }],
            Value: count,
            Unit: 'Count',
            Timestamp: new Date(Date.now() - hoursAgo * 3600_000),
          },
        ],
      }),
    );
}
