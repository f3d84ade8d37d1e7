import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Route53Client } from '@aws-sdk/client-route-53';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { previewManifests } from '../charts/preview-chart';
import type { KubeshiftConfig } from '../config';
import { deliveryScopes } from '../domain/delivery/access-scope';
import { DELIVERY_LAMBDA, eksClusterName, previewWildcardName } from '../domain/naming';
import { TableDeliveryIds } from '../cli/delivery/delivery-ids';
import { dynamoConditionalPut } from '../cli/delivery/dynamo-put';
import { describeCluster, eksCredentials, type AwsCredentials, type ClusterAccess } from '../cli/delivery/eks-auth';
import { GitHubApi } from '../cli/delivery/github';
import { githubCredential } from '../cli/delivery/github-credential';
import { KubeApi } from '../cli/delivery/kube-api';
import { Route53PreviewRecord } from '../cli/delivery/preview-record';
import {
  handleSchedule,
  handleWebhook,
  isFunctionUrlEvent,
  isScheduledEvent,
  WEBHOOK_BUDGET_MS,
  type LambdaContext,
} from '../cli/delivery/lambda';
import { DEFAULT_GITHUB_API } from '../cli/delivery/register';
import { CommitStatuses } from '../cli/delivery/statuses';
import { DeliveryWorker } from '../cli/delivery/worker';

/**
 * The delivery Lambda's entry point (lib/delivery-stack.ts bundles this file with esbuild): the
 * config is built into the bundle at synth, the rest comes from the environment the stack sets.
 * Everything read once is kept for the container's life: the secrets, each cluster's endpoint.
 */

/** The validated config as JSON, put in by esbuild's `define` (DELIVERY_LAMBDA.configGlobal, set in lib/delivery-stack.ts). */
declare const KUBESHIFT_DELIVERY_CONFIG: string;

const LAMBDA_ENV = DELIVERY_LAMBDA.env;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the delivery stack sets it`);
  return value;
}

const config = JSON.parse(KUBESHIFT_DELIVERY_CONFIG) as KubeshiftConfig;
const region = required('AWS_REGION');
const log = (line: string) => console.log(line);
const sts = new STSClient({ region });
// The SDK's credential chain, the Lambda role's keys from the environment.
const credentials: AwsCredentials = () => sts.config.credentials();
const secretsClient = new SecretsManagerClient({ region });
const deliveryIds = new TableDeliveryIds(required(LAMBDA_ENV.table), dynamoConditionalPut(new DynamoDBClient({ region })));

const once = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read().catch((error: unknown) => {
      value = undefined; // a failed read is tried again by the next invocation
      throw error;
    });
    return value;
  };
};

async function secret(arn: string, what: string): Promise<string> {
  const found = await secretsClient.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!found.SecretString) throw new Error(`the ${what} secret ${arn} has no string value: set it (README, Delivery)`);
  return found.SecretString;
}

const webhookSecret = once(() => secret(required(LAMBDA_ENV.webhookSecretArn), 'webhook'));
const githubApi = process.env[LAMBDA_ENV.githubApi] ?? DEFAULT_GITHUB_API;
// Kept for the container's life: a GitHub App's installation token is reused until shortly before it expires.
const githubToken = once(async () => githubCredential(await secret(required(LAMBDA_ENV.githubTokenArn), 'GitHub credential'), githubApi));
const previewRecord = config.delivery?.previews
  ? new Route53PreviewRecord(new Route53Client({ region }), config.dns.hostedZoneId, previewWildcardName(config.dns.zoneName))
  : undefined;
const clusterAccess = new Map<string, () => Promise<ClusterAccess>>();

const context: LambdaContext = {
  config,
  clusters: deliveryScopes(config).map((scope) => scope.cluster),
  webhookSecret,
  deliveryIds,
  budgetMs: WEBHOOK_BUDGET_MS,
  log,
  connect: async (cluster) => {
    const eksName = eksClusterName(config.app, cluster);
    if (!clusterAccess.has(cluster))
      clusterAccess.set(
        cluster,
        once(() => describeCluster(eksName, region, credentials, { url: process.env[LAMBDA_ENV.eksApi] })),
      );
    const kube = new KubeApi(eksCredentials(eksName, region, await clusterAccess.get(cluster)!(), credentials));
    const github = new GitHubApi(githubApi, await githubToken());
    const worker = new DeliveryWorker({
      config,
      cluster,
      kube,
      github,
      statuses: new CommitStatuses(github),
      renderPreview: previewManifests,
      previewRecord,
      log,
    });
    return { worker, github, close: () => kube.close() };
  },
};

export async function handler(event: unknown): Promise<unknown> {
  if (isFunctionUrlEvent(event)) return handleWebhook(event, context);
  if (isScheduledEvent(event)) {
    const { failures } = await handleSchedule(context);
    // A failed step is in the log; failing the invocation would only make EventBridge retry the whole sweep.
    return { failures };
  }
  log(`ignored an event that is neither a Function URL request nor a scheduled run: ${JSON.stringify(event).slice(0, 200)}`);
  return undefined;
}
