import { Route53Client } from '@aws-sdk/client-route-53';
import { Option, type Command } from 'commander';
import { loadConfigFile, type KubeshiftConfig } from '../../config';
import { CliError } from '../cli-error';
import { DEFAULT_CONFIG_PATH } from '../options';
import { parseWholeNumber } from '../parse-options';
import { previewWildcardName } from '../../domain/naming';
import { MemoryDeliveryIds } from './delivery-ids';
import { GitHubApi } from './github';
import { githubCredential } from './github-credential';
import { KubeApi } from './kube-api';
import { Route53PreviewRecord } from './preview-record';
import { defaultKubeconfigPath, loadKubeconfig } from './kubeconfig';
import { startWebhookServer, WEBHOOK_PATH } from './serve';
import { deliveryStatus, statusResult } from './status';
import { CommitStatuses } from './statuses';
import { sweep } from './sweep';
import { emit } from '../command-result';
import { WorkQueue } from './work-queue';
import { DeliveryWorker, type PreviewRenderer } from './worker';

/** What the commands need from outside cli/: bin/ passes the charts' preview renderer. */
export interface DeliveryDependencies {
  readonly renderPreview: PreviewRenderer;
}

export const DEFAULT_GITHUB_API = 'https://api.github.com';
/** The environment variables that hold the secrets: never flags, which `ps` shows. */
export const WEBHOOK_SECRET_ENV = 'KUBESHIFT_WEBHOOK_SECRET';
export const GITHUB_TOKEN_ENV = 'GITHUB_TOKEN';
const DEFAULT_POLL_SECONDS = 5;
/**
 * How long serve follows one rollout: past the Deployment's progress deadline (600 s by default,
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds),
 * after which the controller has said success or failure.
 */
const WATCH_LIMIT_MS = 15 * 60_000;

interface ClusterOptions {
  readonly config: string;
  readonly cluster: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly githubApi: string;
  readonly previewRecord?: boolean;
}

interface ServeOptions extends ClusterOptions {
  readonly port: string;
  readonly pollSeconds: string;
}

/** Adds the options every delivery command takes. */
function withClusterOptions(command: Command): Command {
  return command
    .addOption(new Option('--config <path>', 'config file').default(DEFAULT_CONFIG_PATH))
    .requiredOption('--cluster <name>', 'the cluster to act on (one receiver per cluster)')
    .option('--kubeconfig <file>', 'kubeconfig of that cluster (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: its current context)')
    .addOption(new Option('--github-api <url>', 'GitHub REST API base URL').default(DEFAULT_GITHUB_API))
    .option(
      '--preview-record',
      "write *.preview.<zone> in dns.hostedZoneId, pointing at the previews' load balancer (AWS credentials and region from the environment)",
    );
}

export function registerDeliveryCommands(program: Command, dependencies: DeliveryDependencies): void {
  const delivery = program
    .command('delivery')
    .description('GitHub-driven delivery: deploy green default-branch commits, preview pull requests, report rollouts as commit statuses');
  withClusterOptions(delivery.command('serve'))
    .description(
      `receive GitHub webhooks on http://127.0.0.1:<port>${WEBHOOK_PATH} (secrets from ${WEBHOOK_SECRET_ENV} and ${GITHUB_TOKEN_ENV})`,
    )
    .requiredOption('--port <port>', 'port to listen on at 127.0.0.1 (0: any free port)')
    .addOption(new Option('--poll-seconds <seconds>', 'how often a rolling Deployment is read').default(String(DEFAULT_POLL_SECONDS)))
    .action((options: ServeOptions) => runServe(options, dependencies));
  withClusterOptions(delivery.command('sweep'))
    .description(
      `delete previews whose pull request closed or whose expiry passed, create missing ones for open green pull requests, deploy a green default branch not yet running, report unfinished rollouts (${GITHUB_TOKEN_ENV} from the environment); exit 1 when any step failed, after trying every one`,
    )
    .action(async (options: ClusterOptions) => {
      const { config, kube, github, worker } = setUp(options, dependencies, (line) =>
        process.stderr.write(`kubeshift delivery: ${line}\n`),
      );
      try {
        emit(await sweep({ config, cluster: options.cluster, github, worker, now: new Date() }));
      } finally {
        kube.close();
      }
    });
  delivery
    .command('status')
    .description(
      'per service, environment and cluster: the running image tag, its rollout state and when it was deployed; exit 2 when a rollout failed or a Deployment is missing',
    )
    .addOption(new Option('--config <path>', 'config file').default(DEFAULT_CONFIG_PATH))
    .requiredOption('--cluster <name>', 'the cluster to read')
    .option('--kubeconfig <file>', 'kubeconfig of that cluster (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: its current context)')
    .option('--json', 'machine-readable output of the same data')
    .action(async (options: ClusterOptions & { readonly json?: boolean }) => {
      const config = loadConfigFile(options.config);
      checkCluster(config, options);
      const kube = new KubeApi(loadKubeconfig(options.kubeconfig ?? defaultKubeconfigPath(), options.context));
      try {
        emit(statusResult(await deliveryStatus(config, options.cluster, kube), options.json ?? false));
      } finally {
        kube.close();
      }
    });
}

/** Reads, checks and builds what every delivery command shares. */
function setUp(options: ClusterOptions, dependencies: DeliveryDependencies, log: (line: string) => void) {
  const credential = requiredEnv(
    GITHUB_TOKEN_ENV,
    "a fine-grained token, or a GitHub App's { appId, installationId, privateKey } JSON, that may write commit statuses and pull-request comments",
  );
  const config = loadConfigFile(options.config);
  checkCluster(config, options);
  const kube = new KubeApi(loadKubeconfig(options.kubeconfig ?? defaultKubeconfigPath(), options.context));
  const apiUrl = parseApiUrl(options.githubApi);
  const github = new GitHubApi(apiUrl, githubCredential(credential, apiUrl));
  const worker = new DeliveryWorker({
    config,
    cluster: options.cluster,
    kube,
    github,
    statuses: new CommitStatuses(github),
    renderPreview: dependencies.renderPreview,
    previewRecord: options.previewRecord
      ? new Route53PreviewRecord(
          new Route53Client({ region: config.region }),
          config.dns.hostedZoneId,
          previewWildcardName(config.dns.zoneName),
        )
      : undefined,
    log,
  });
  return { config, kube, github, worker };
}

export async function runServe(options: ServeOptions, dependencies: DeliveryDependencies): Promise<void> {
  const secret = requiredEnv(WEBHOOK_SECRET_ENV, "the webhook's secret, which signs every delivery");
  const port = parseWholeNumber('--port', options.port, 0, 65535);
  const pollMs = parseWholeNumber('--poll-seconds', options.pollSeconds, 1, 600) * 1000;
  const log = (line: string) => process.stderr.write(`kubeshift delivery: ${line}\n`);
  const { config, kube, worker } = setUp(options, dependencies, log);
  const queue = new WorkQueue(worker, { pollMs, timeoutMs: WATCH_LIMIT_MS }, log);
  const server = await startWebhookServer(port, {
    config,
    cluster: options.cluster,
    secret,
    deliveryIds: new MemoryDeliveryIds(),
    queue,
    log,
  }).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`);
  });
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`kubeshift delivery: listening on http://127.0.0.1:${listening}${WEBHOOK_PATH} for cluster ${options.cluster}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log('stopping');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await queue.stop();
  kube.close();
}

function requiredEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new CliError(`${name} is not set: ${what}`);
  return value;
}

function checkCluster(config: KubeshiftConfig, options: ClusterOptions): void {
  const clusters = config.clusters.map((cluster) => cluster.name);
  if (!clusters.includes(options.cluster)) throw new CliError(`unknown cluster "${options.cluster}" (clusters: ${clusters.join(', ')})`);
  if (!config.delivery) throw new CliError(`${options.config} has no delivery section: add delivery.deployOnGreen or delivery.previews`);
}

function parseApiUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--github-api must be an http(s) URL such as ${DEFAULT_GITHUB_API}, got: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`--github-api must be an http(s) URL such as ${DEFAULT_GITHUB_API}, got: ${JSON.stringify(text)}`);
  }
  return url.href.replace(/\/+$/, '');
}
