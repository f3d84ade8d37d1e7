import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { CliError } from '../cli-error';

/**
 * Reads a kubeconfig the way kubectl does, for the parts delivery needs: one context's server,
 * CA and credentials. Client certificates, bearer tokens and exec plugins (what `aws eks
 * update-kubeconfig` writes: `aws eks get-token`) are understood; file paths are relative to the
 * kubeconfig. https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 */

/** How a client reaches one cluster as one user. */
export interface KubeCredentials {
  /** https://host:port */
  readonly server: string;
  /** @default - the system's trusted roots */
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  /** The bearer token for the next request, renewed by the exec plugin when it expires. @default - none */
  readonly token?: () => Promise<string>;
  /** @default false */
  readonly insecureSkipTlsVerify?: boolean;
}

interface NamedEntry<T> {
  readonly name: string;
  readonly [field: string]: T | string;
}
interface ExecConfig {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value: string }[] | null;
}
interface UserEntry {
  readonly 'client-certificate'?: string;
  readonly 'client-certificate-data'?: string;
  readonly 'client-key'?: string;
  readonly 'client-key-data'?: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly exec?: ExecConfig;
}
interface ClusterEntry {
  readonly server?: string;
  readonly 'certificate-authority'?: string;
  readonly 'certificate-authority-data'?: string;
  readonly 'insecure-skip-tls-verify'?: boolean;
}
interface Kubeconfig {
  readonly 'current-context'?: string;
  readonly contexts?: readonly NamedEntry<{ readonly cluster?: string; readonly user?: string }>[];
  readonly clusters?: readonly NamedEntry<ClusterEntry>[];
  readonly users?: readonly NamedEntry<UserEntry>[];
}

/** The kubeconfig kubectl reads when none is named: the first of KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(path.delimiter).find(Boolean);
  return first ?? path.join(os.homedir(), '.kube', 'config');
}

export function loadKubeconfig(file: string, contextName?: string): KubeCredentials {
  let document: Kubeconfig;
  try {
    document = (parse(readFileSync(file, 'utf8')) ?? {}) as Kubeconfig;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0];
    throw new CliError(`cannot read kubeconfig ${file}: ${reason}`);
  }
  const name = contextName ?? document['current-context'];
  if (!name)
    throw new CliError(`kubeconfig ${file} has no current-context: pass --kubeconfig with one, or set it (kubectl config use-context)`);
  const context = find(document.contexts, name, 'context', file) as { cluster?: string; user?: string };
  const cluster = find(document.clusters, context.cluster, 'cluster', file) as ClusterEntry;
  const user = (context.user ? find(document.users, context.user, 'user', file) : {}) as UserEntry;
  if (!cluster.server) throw new CliError(`kubeconfig ${file}: cluster ${context.cluster} has no server`);
  const base = path.dirname(file);
  const bytes = (data: string | undefined, relative: string | undefined) =>
    data ? Buffer.from(data, 'base64') : relative ? readFileSync(path.resolve(base, relative)) : undefined;
  return {
    server: cluster.server,
    ca: bytes(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: bytes(user['client-certificate-data'], user['client-certificate']),
    key: bytes(user['client-key-data'], user['client-key']),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    token: tokenSource(user, base),
  };
}

function find(entries: readonly NamedEntry<unknown>[] | undefined, name: string | undefined, what: string, file: string): unknown {
  const entry = entries?.find((candidate) => candidate.name === name);
  if (!entry) throw new CliError(`kubeconfig ${file} has no ${what} ${JSON.stringify(name ?? '')}`);
  return entry[what];
}

const execFileAsync = promisify(execFile);
/** Renew an exec plugin's token this long before it says it expires. */
const RENEW_BEFORE_MS = 60_000;
const EXEC_TIMEOUT_MS = 30_000;

function tokenSource(user: UserEntry, base: string): (() => Promise<string>) | undefined {
  if (user.token) {
    const token = user.token;
    return async () => token;
  }
  if (user.tokenFile) {
    const file = path.resolve(base, user.tokenFile);
    return async () => readFileSync(file, 'utf8').trim();
  }
  const exec = user.exec;
  if (!exec) return undefined;
  let cached: { token: string; renewAt: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.renewAt) return cached.token;
    // ExecCredential: https://kubernetes.io/docs/reference/config-api/client-authentication.v1beta1/
    const env = { ...process.env, ...Object.fromEntries((exec.env ?? []).map((entry) => [entry.name, entry.value])) };
    const { stdout } = await execFileAsync(exec.command, [...(exec.args ?? [])], { env, timeout: EXEC_TIMEOUT_MS }).catch(
      (error: { stderr?: string; message: string }) => {
        throw new CliError(`kubeconfig exec plugin ${exec.command} failed: ${(error.stderr || error.message).trim().split('\n')[0]}`);
      },
    );
    const credential = JSON.parse(stdout) as { status?: { token?: string; expirationTimestamp?: string } };
    const token = credential.status?.token;
    if (!token) throw new CliError(`kubeconfig exec plugin ${exec.command} returned no token`);
    const expires = Date.parse(credential.status?.expirationTimestamp ?? '');
    cached = { token, renewAt: Number.isFinite(expires) ? expires - RENEW_BEFORE_MS : Number.POSITIVE_INFINITY };
    return token;
  };
}
