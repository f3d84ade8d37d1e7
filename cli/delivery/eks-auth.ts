import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CliError } from '../cli-error';
import type { KubeCredentials } from './kubeconfig';

/**
 * How the delivery Lambda reaches an EKS cluster's API without kubectl, the AWS CLI or an EKS
 * client: the endpoint and CA from a signed EKS DescribeCluster call, and a bearer token that is
 * a presigned STS GetCallerIdentity URL naming the cluster, as `aws eks get-token` makes it
 * (https://github.com/kubernetes-sigs/aws-iam-authenticator#api-authorization-from-outside-a-cluster).
 */

/** AWS credentials, or a function resolving them, as SigV4 signing takes them. */
export type AwsCredentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

/** The token's prefix and the signed header that binds it to one cluster (aws-iam-authenticator). */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** aws-iam-authenticator presigns for 60 s; the API server accepts a token for 15 minutes from signing. */
const PRESIGN_SECONDS = 60;
/** Renewed well before those 15 minutes end. */
export const TOKEN_REUSE_MS = 10 * 60_000;
const STS_API_VERSION = '2011-06-15';
const REQUEST_TIMEOUT_MS = 10_000;

/** `k8s-aws-v1.<base64url of the presigned URL, unpadded>`, valid for one cluster. */
export async function eksToken(cluster: string, region: string, credentials: AwsCredentials): Promise<string> {
  const signer = new SignatureV4({ credentials, region, service: 'sts', sha256: Sha256 });
  const hostname = `sts.${region}.amazonaws.com`;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: STS_API_VERSION },
      headers: { host: hostname, [CLUSTER_ID_HEADER]: cluster },
    },
    { expiresIn: PRESIGN_SECONDS },
  );
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(signed.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== null && item !== undefined) query.append(key, item);
  }
  const url = `https://${hostname}/?${query}`;
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`;
}

/** What DescribeCluster says about reaching the API (https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeCluster.html). */
export interface ClusterAccess {
  readonly endpoint: string;
  /** PEM, decoded from `certificateAuthority.data`. */
  readonly ca: Buffer;
}

/** Options for the EKS API endpoint: a stand-in in tests. */
export interface EksEndpoint {
  /** @default - https://eks.<region>.amazonaws.com */
  readonly url?: string;
}

export async function describeCluster(
  cluster: string,
  region: string,
  credentials: AwsCredentials,
  endpoint: EksEndpoint = {},
): Promise<ClusterAccess> {
  const base = new URL(endpoint.url ?? `https://eks.${region}.amazonaws.com`);
  const path = `/clusters/${encodeURIComponent(cluster)}`;
  const signer = new SignatureV4({ credentials, region, service: 'eks', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: base.protocol,
    hostname: base.hostname,
    port: base.port ? Number(base.port) : undefined,
    path,
    query: {},
    headers: { host: base.host, accept: 'application/json' },
  });
  let response: Response;
  try {
    response = await fetch(new URL(path, base), { headers: signed.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    // Unreachable or timed out: an answer for the operator (the VPC's egress), not a bug.
    throw new CliError(`eks DescribeCluster ${cluster}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new CliError(`eks DescribeCluster ${cluster}: HTTP ${response.status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { cluster?: { endpoint?: string; certificateAuthority?: { data?: string } } };
  const found = body.cluster;
  if (!found?.endpoint || !found.certificateAuthority?.data)
    throw new CliError(`eks DescribeCluster ${cluster}: no endpoint or certificate authority yet (is the cluster ACTIVE?)`);
  return { endpoint: found.endpoint, ca: Buffer.from(found.certificateAuthority.data, 'base64') };
}

/** Kubernetes credentials for one EKS cluster: its endpoint and CA, and a token renewed every TOKEN_REUSE_MS. */
export function eksCredentials(
  cluster: string,
  region: string,
  access: ClusterAccess,
  credentials: AwsCredentials,
  now: () => number = Date.now,
): KubeCredentials {
  let cached: { token: string; until: number } | undefined;
  return {
    server: access.endpoint,
    ca: access.ca,
    token: async () => {
      if (!cached || cached.until <= now()) {
        cached = { token: await eksToken(cluster, region, credentials), until: now() + TOKEN_REUSE_MS };
      }
      return cached.token;
    },
  };
}
