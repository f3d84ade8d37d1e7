import { readFileSync } from 'node:fs';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';
import { BEANSTALK, parseConfig, serviceEnvironments, type KubeshiftConfig } from '../../config';

/**
 * Seeds moto through the Route 53 and CloudWatch APIs themselves, as the CDK app's records
 * would look once deployed: one weighted CNAME per target, each with an HTTP health check.
 * (Not through moto's CloudFormation: its update of a weighted record set was seen deleting the
 * sibling records of the group.)
 */

export const EXAMPLE_CONFIG = readFileSync(`${__dirname}/../../config/example.yaml`, 'utf8');
const EXAMPLE_ZONE_ID = /hostedZoneId: (\S+)/.exec(EXAMPLE_CONFIG)![1];

/** Records that are not ours, enough to make ListResourceRecordSets return several pages. */
export const FILLER_RECORDS = 320;

export interface Seeded {
  readonly zoneId: string;
  /** The example config with the emulator's zone id in place of the example's. */
  readonly configText: string;
  readonly config: KubeshiftConfig;
  /** Health-check id by `service/environment/target`. */
  readonly healthChecks: ReadonlyMap<string, string>;
}

export function clients(endpoint: string) {
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  return {
    route53: new Route53Client({ region: 'us-east-1', endpoint, credentials }),
    cloudWatch: (region: string) => new CloudWatchClient({ region, endpoint, credentials }),
  };
}

/** What a cluster's load balancer hostname looks like; only its shape matters here. */
export const clusterHostname = (cluster: string, service: string) => `k8s-${cluster}-${service}-0123456789.elb.sa-east-1.amazonaws.com`;

export interface SeedOptions {
  /**
   * Records to leave out, as `service/environment/target`. A missing record is seeded missing
   * rather than deleted: moto 5.2.1 deletes a weighted record by its SetIdentifier across the
   * whole zone, taking every group's record of that target with it.
   */
  readonly omit?: readonly string[];
}

export async function seedEstate(endpoint: string, options: SeedOptions = {}): Promise<Seeded> {
  const { route53 } = clients(endpoint);
  const zoneId = await createZone(route53);
  const configText = EXAMPLE_CONFIG.replace(EXAMPLE_ZONE_ID, zoneId);
  const config = parseConfig(configText);

  const healthChecks = new Map<string, string>();
  const changes: Change[] = [];
  for (const entry of serviceEnvironments(config)) {
    for (const [target, weight] of Object.entries(entry.weights)) {
      const value = target === BEANSTALK ? entry.beanstalk?.cname : clusterHostname(target, entry.service);
      if (!value || options.omit?.includes(`${entry.service}/${entry.environment}/${target}`)) continue;
      const check = await route53.send(
        new CreateHealthCheckCommand({
          CallerReference: `${entry.recordName}-${target}-${Math.random()}`,
          HealthCheckConfig: { Type: 'HTTP', FullyQualifiedDomainName: value, ResourcePath: entry.healthCheckPath, Port: 80 },
        }),
      );
      healthChecks.set(`${entry.service}/${entry.environment}/${target}`, check.HealthCheck!.Id!);
      changes.push(weightedRecord('CREATE', entry.recordName, target, weight, value, check.HealthCheck!.Id!));
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
  return { zoneId, configText, config, healthChecks };
}

/**
 * A hosted zone whose id looks like AWS's (`Z` and 1–31 capitals or digits), as the config
 * schema demands. moto draws 22 random characters, so zones are drawn until one starts with Z.
 */
async function createZone(route53: Route53Client): Promise<string> {
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

/** Changes one live weight, as a deploy (or a hand edit in the console) would. */
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
  const value = target === BEANSTALK ? entry.beanstalk!.cname! : clusterHostname(target, service);
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
