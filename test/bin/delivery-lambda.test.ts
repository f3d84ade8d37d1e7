import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { signature } from '../../domain/delivery/webhook-signature';
import { DELIVERY_LAMBDA } from '../../domain/naming';
import { DELIVERY_ENTRY, deliveryBundling, projectRoot } from '../../lib/delivery-stack';
import { GitHubStandIn } from '../cli/delivery/github-stand-in';
import { checkSuiteCompleted } from '../cli/delivery/payloads';
import { exampleConfig } from '../fixtures';

/**
 * The delivery Lambda's bundle, built by esbuild with the entry and options lib/delivery-stack.ts
 * gives NodejsFunction, run in a plain node process and invoked with Function URL events (payload
 * format 2.0: lower-case headers, the body as a string, base64 or not). Around it, stand-ins on
 * loopback: AWS (DynamoDB PutItem, Secrets Manager GetSecretValue, EKS DescribeCluster), the
 * cluster's API over HTTPS with its own CA, and GitHub.
 */

const execFileAsync = promisify(execFile);
const exec = (file: string, args: string[]) => execFileAsync(file, args, { encoding: 'utf8' });
const SECRET = 'It is a secret to everybody';
const TOKEN = 'ghs_stand-in-installation-token';
const TABLE = 'descomplica-delivery-ids';
const WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:webhook-AbCdEf';
const TOKEN_ARN = 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:github-AbCdEf';
const SHA = '7'.repeat(40);
const config = exampleConfig();
const auth = config.services.find((service) => service.name === 'auth')!;
const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/staging/deployments/auth';
const dir = mkdtempSync(join(tmpdir(), 'kubeshift-lambda-'));
const bundle = join(dir, 'index.js');

/** DynamoDB, Secrets Manager and EKS as the SDK and the handler's signed fetch call them. */
class AwsStandIn {
  readonly items = new Map<string, Record<string, unknown>>();
  readonly targets: string[] = [];
  private server?: http.Server;
  kubeEndpoint = '';
  kubeCa = '';

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(request, JSON.parse(Buffer.concat(chunks).toString() || '{}'), response));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, body: any, response: http.ServerResponse): void {
    const reply = (status: number, json: unknown): void =>
      void response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(json));
    const target = String(request.headers['x-amz-target'] ?? `${request.method} ${request.url}`);
    this.targets.push(target);
    if (request.method === 'GET' && request.url === '/clusters/descomplica-blue') {
      if (!String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 ')) return reply(403, { message: 'unsigned' });
      return reply(200, {
        cluster: { name: 'descomplica-blue', endpoint: this.kubeEndpoint, certificateAuthority: { data: this.kubeCa } },
      });
    }
    if (target === 'secretsmanager.GetSecretValue') {
      const value = { [WEBHOOK_SECRET_ARN]: SECRET, [TOKEN_ARN]: TOKEN }[body.SecretId as string];
      return value
        ? reply(200, { ARN: body.SecretId, SecretString: value })
        : reply(400, { __type: 'ResourceNotFoundException', message: 'no such secret' });
    }
    if (target === 'DynamoDB_20120810.PutItem') {
      const id = body.Item.id.S as string;
      if (body.TableName !== TABLE)
        return reply(400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'no table' });
      if (this.items.has(id))
        return reply(400, {
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
        });
      this.items.set(id, body.Item);
      return reply(200, {});
    }
    reply(400, { __type: 'UnknownOperationException', message: target });
  }
}

/** The cluster's API over HTTPS: staging/auth at the config image; records every request. */
class KubeStandIn {
  deployment: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'auth', namespace: 'staging', generation: 1 },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'auth', image: auth.image }] } } },
  };
  readonly requests: { method: string; path: string; authorization?: string; body: string }[] = [];
  private server?: https.Server;

  async start(cert: string, key: string): Promise<string> {
    this.server = https.createServer({ cert, key }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        this.requests.push({
          method: request.method!,
          path,
          authorization: request.headers.authorization,
          body: Buffer.concat(chunks).toString(),
        });
        const json = (status: number, value: unknown): void =>
          void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (path === DEPLOYMENT_PATH && request.method === 'GET') return json(200, this.deployment);
        if (path.startsWith(`${DEPLOYMENT_PATH}?`) && request.method === 'PATCH') {
          // The patch lands, and (kwok-fast) the rollout of the new template completes.
          const patch = JSON.parse(Buffer.concat(chunks).toString());
          const generation = this.deployment.metadata.generation + 1;
          this.deployment = {
            ...this.deployment,
            metadata: { ...this.deployment.metadata, generation, annotations: patch.metadata.annotations },
            spec: { replicas: 1, template: patch.spec.template },
            status: { observedGeneration: generation, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
          };
          return json(200, this.deployment);
        }
        if (path.startsWith('/api/v1/namespaces?') && request.method === 'GET') return json(200, { kind: 'NamespaceList', items: [] });
        if (request.method === 'PATCH')
          return json(200, { ...JSON.parse(Buffer.concat(chunks).toString()), apiVersion: 'v1', kind: 'Object' });
        json(404, { kind: 'Status', reason: 'NotFound', message: `${path} not found` });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  writes() {
    return this.requests.filter((request) => request.method !== 'GET');
  }
}

const aws = new AwsStandIn();
const kube = new KubeStandIn();
const github = new GitHubStandIn(TOKEN);
const env: Record<string, string> = {};

beforeAll(async () => {
  // The same entry and options as the stack's NodejsFunction (which adds nothing that changes the code).
  const options = deliveryBundling(config);
  buildSync({
    entryPoints: [join(projectRoot(), DELIVERY_ENTRY)],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: options.target,
    define: options.define,
    minify: options.minify,
    sourcemap: options.sourceMap,
    logLevel: 'error',
  });
  await exec('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  aws.kubeEndpoint = await kube.start(cert, readFileSync(join(dir, 'key.pem'), 'utf8'));
  aws.kubeCa = Buffer.from(cert).toString('base64');
  const awsUrl = await aws.start();
  Object.assign(env, {
    PATH: process.env.PATH ?? '',
    AWS_REGION: config.region,
    AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'stand-in-secret-key',
    AWS_SESSION_TOKEN: 'stand-in-session-token',
    AWS_ENDPOINT_URL: awsUrl,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [DELIVERY_LAMBDA.env.table]: TABLE,
    [DELIVERY_LAMBDA.env.webhookSecretArn]: WEBHOOK_SECRET_ARN,
    [DELIVERY_LAMBDA.env.githubTokenArn]: TOKEN_ARN,
    [DELIVERY_LAMBDA.env.githubApi]: await github.start(),
    [DELIVERY_LAMBDA.env.eksApi]: awsUrl,
  });
  writeFileSync(
    join(dir, 'invoke.js'),
    `require(${JSON.stringify(bundle)}).handler(JSON.parse(process.argv[2])).then(
      (result) => process.stdout.write('\\nRESULT ' + JSON.stringify(result ?? null) + '\\n'),
      (error) => { console.error(error); process.exit(1); });`,
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([aws.stop(), kube.stop(), github.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** One invocation in a fresh container (process): what the handler returned, and its log. */
async function invoke(event: unknown): Promise<{ result: any; log: string }> {
  const { stdout } = await execFileAsync(process.execPath, [join(dir, 'invoke.js'), JSON.stringify(event)], { env, encoding: 'utf8' });
  const marker = stdout.lastIndexOf('\nRESULT ');
  return { result: JSON.parse(stdout.slice(marker + '\nRESULT '.length)), log: stdout.slice(0, marker) };
}

/** A Function URL request as Lambda passes it: headers in lower case, the body a string. */
function functionUrlEvent(event: string, body: string, options: { deliveryId: string; signature?: string; base64?: boolean }) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-github-event': event,
    'x-github-delivery': options.deliveryId,
    'x-hub-signature-256': options.signature ?? signature(SECRET, body),
  };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: 'anonymous',
      domainName: 'abc.lambda-url.sa-east-1.on.aws',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '140.82.115.1', userAgent: headers['user-agent'] },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '26/Nov/2026:20:00:00 +0000',
      timeEpoch: 0,
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

const green = JSON.stringify(checkSuiteCompleted('descomplica/auth', { sha: SHA, branch: 'main' }));

test('a wrong signature is 401 and nothing is read, written or remembered', async () => {
  const { result } = await invoke(
    functionUrlEvent('check_suite', green, { deliveryId: 'd-bad', signature: signature('not the secret', green) }),
  );
  expect(result.statusCode).toBe(401);
  expect(kube.requests).toEqual([]);
  expect(aws.items.size).toBe(0);
  expect(github.requests).toEqual([]);
});

test('an event it does not act on is 204, and no delivery id is stored', async () => {
  const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 292430182 });
  const { result } = await invoke(functionUrlEvent('ping', ping, { deliveryId: 'd-ping' }));
  expect(result).toMatchObject({ statusCode: 204, body: '' });
  expect(aws.items.size).toBe(0);
  expect(kube.requests).toEqual([]);
});

test('a green default-branch check suite (base64 body) is 202: the image is set with an EKS token, the status is pending', async () => {
  const { result, log } = await invoke(functionUrlEvent('check_suite', green, { deliveryId: 'd-green', base64: true }));
  expect({ status: result.statusCode, log }).toMatchObject({ status: 202 });
  expect([...aws.items.keys()]).toEqual(['blue/d-green']);
  const image = `${auth.image.slice(0, auth.image.lastIndexOf(':'))}:${SHA}`;
  const writes = kube.writes();
  expect(writes.map((write) => write.path.split('?')[0])).toEqual([
    '/api/v1/namespaces/staging/configmaps/kubeshift-image-auth',
    '/apis/apps/v1/namespaces/staging/deployments/auth',
  ]);
  expect(JSON.parse(writes[1].body).spec.template.spec.containers).toEqual([{ name: 'auth', image }]);
  // aws-iam-authenticator's token: k8s-aws-v1. + base64url of a presigned STS GetCallerIdentity URL bound to the cluster.
  const authorization = kube.requests[0].authorization!;
  expect(authorization).toMatch(/^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
  const url = new URL(Buffer.from(authorization.slice('Bearer k8s-aws-v1.'.length), 'base64url').toString());
  expect(url.host).toBe('sts.sa-east-1.amazonaws.com');
  expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
  expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
  expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
  expect(github.statesOf('descomplica/auth', SHA, 'kubeshift/blue/staging')).toEqual(['pending']);
});

test('the same delivery id again does nothing the second time', async () => {
  const before = kube.writes().length;
  const { result } = await invoke(functionUrlEvent('check_suite', green, { deliveryId: 'd-green' }));
  expect(result.statusCode).toBe(200);
  expect(kube.writes()).toHaveLength(before);
  expect(github.statesOf('descomplica/auth', SHA, 'kubeshift/blue/staging')).toEqual(['pending']);
});

test('malformed JSON, correctly signed, is 400', async () => {
  const { result } = await invoke(functionUrlEvent('check_suite', '{"action":', { deliveryId: 'd-broken' }));
  expect(result.statusCode).toBe(400);
});

test('the scheduled run reports the rollout the webhook left pending: success on that sha, once', async () => {
  github.history.set('descomplica/auth', [SHA]);
  github.green('descomplica/auth', SHA);
  const { result, log } = await invoke({
    version: '0',
    id: 'e',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-11-26T20:00:00Z',
    region: 'sa-east-1',
    resources: [],
    detail: {},
  });
  expect(log).toContain('kubeshift delivery sweep of cluster blue');
  expect(result).toEqual({ failures: expect.any(Number) });
  expect(github.statesOf('descomplica/auth', SHA, 'kubeshift/blue/staging')).toEqual(['pending', 'success']);
  await invoke({ 'detail-type': 'Scheduled Event', source: 'aws.events' });
  expect(github.statesOf('descomplica/auth', SHA, 'kubeshift/blue/staging')).toEqual(['pending', 'success']);
});
