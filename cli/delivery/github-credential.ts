import { sign } from 'node:crypto';
import { CliError } from '../cli-error';
import { GitHubApiError } from './github';

/**
 * What delivery authenticates to GitHub with: a token as it is (a fine-grained token), or a
 * GitHub App's key, from which it mints installation tokens as it needs them. An installation
 * token lasts one hour, so a stored one would stop working within the hour; the App's key does
 * not expire. Written here on node:crypto, not with @octokit/auth-app: that package (like the JWT
 * one under it) ships as ES modules only, which this CommonJS build and its tests cannot load.
 */

/** A bearer token for the next call. */
export type GitHubToken = () => Promise<string>;

/** The JSON a GitHub App credential is stored as (in `GITHUB_TOKEN` or the delivery stack's secret). */
export interface GitHubAppKey {
  /** The App's ID or its client ID: either may be the JWT's issuer. */
  readonly appId: string;
  /** Its installation on the organization or account that owns the repositories. */
  readonly installationId: string;
  /** The App's private key, PEM (the file GitHub lets you download). */
  readonly privateKey: string;
}

/**
 * The JWT lives at most 10 minutes; `iat` is set 60 s back against clock drift
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app).
 */
const JWT_BACKDATE_SECONDS = 60;
const JWT_LIFETIME_SECONDS = 9 * 60;
/** An installation token is used until this long before it expires, then a new one is minted. */
const RENEW_BEFORE_MS = 5 * 60_000;
const API_VERSION = '2022-11-28';
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Reads a credential: a JSON object is a GitHub App key (each field checked, one line naming a
 * wrong one), anything else a token used as it is.
 */
export function githubCredential(text: string, apiUrl: string, now: () => number = Date.now): GitHubToken {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return () => Promise.resolve(trimmed);
  return installationTokens(parseAppKey(trimmed), apiUrl, now);
}

export function parseAppKey(json: string): GitHubAppKey {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(
      `GitHub credential: not valid JSON (${(error as Error).message}); give a token, or a GitHub App's { appId, installationId, privateKey }`,
    );
  }
  const field = (name: keyof GitHubAppKey, valid: (value: string) => boolean, what: string): string => {
    const value = parsed[name];
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !valid(text))
      throw new CliError(`GitHub credential: ${name} must be ${what}, got: ${JSON.stringify(value ?? null)}`);
    return text;
  };
  return {
    appId: field('appId', (value) => /^(\d+|Iv[0-9A-Za-z.]+)$/.test(value), "the App's ID (digits) or client ID (Iv…)"),
    installationId: field('installationId', (value) => /^\d+$/.test(value), 'the installation ID (digits)'),
    privateKey: field('privateKey', (value) => /-----BEGIN (RSA )?PRIVATE KEY-----/.test(value), "the App's private key in PEM"),
  };
}

/** The App's JWT, RS256-signed with its private key, as GitHub's documentation builds it. */
export function appJwt(key: GitHubAppKey, nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iat: seconds - JWT_BACKDATE_SECONDS,
    exp: seconds + JWT_LIFETIME_SECONDS,
    iss: key.appId,
  })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key.privateKey).toString('base64url')}`;
}

/** Installation tokens, minted on first use and again shortly before each expires. */
function installationTokens(key: GitHubAppKey, apiUrl: string, now: () => number): GitHubToken {
  let current: { token: string; expiresAt: number } | undefined;
  let minting: Promise<string> | undefined;
  const mint = async (): Promise<string> => {
    // https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
    const path = `/app/installations/${key.installationId}/access_tokens`;
    const response = await fetch(`${apiUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${appJwt(key, now())}`,
        'X-GitHub-Api-Version': API_VERSION,
        'User-Agent': 'kubeshift-delivery',
      },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as { token?: string; expires_at?: string; message?: string };
    if (!response.ok || !body.token || !body.expires_at) {
      throw new GitHubApiError(
        response.status,
        `GitHub POST ${path}: ${response.status} ${body.message ?? 'no token in the answer'} (GitHub App ${key.appId})`,
      );
    }
    current = { token: body.token, expiresAt: Date.parse(body.expires_at) };
    return body.token;
  };
  return () => {
    if (current && current.expiresAt - now() > RENEW_BEFORE_MS) return Promise.resolve(current.token);
    // Calls that arrive while a token is minted share it.
    minting ??= mint().finally(() => (minting = undefined));
    return minting;
  };
}
