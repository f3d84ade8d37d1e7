import { generateKeyPairSync, verify } from 'node:crypto';
import { GitHubApi } from '../../../cli/delivery/github';
import { appJwt, githubCredential, parseAppKey } from '../../../cli/delivery/github-credential';
import { GitHubStandIn } from './github-stand-in';

const TOKEN = 'ghs_installation';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const APP = JSON.stringify({ appId: 123456, installationId: 7890, privateKey: PEM });

let github: GitHubStandIn;
let url: string;
beforeAll(async () => {
  github = new GitHubStandIn(TOKEN);
  github.appPublicKey = publicKey;
  url = await github.start();
});
afterAll(() => github.stop());
beforeEach(() => {
  github.minted.length = 0;
  github.requests.length = 0;
});

describe('githubCredential', () => {
  test('a token is used as it is', async () => {
    expect(await githubCredential('  github_pat_abc \n', url)()).toBe('github_pat_abc');
    expect(github.requests).toEqual([]);
  });

  test("a GitHub App's key mints an installation token with a JWT it signed, and reuses it until shortly before it expires", async () => {
    let now = Date.now();
    const token = githubCredential(APP, url, () => now);
    const api = new GitHubApi(url, token);
    await Promise.all([api.pullRequest('acme/auth', 1).catch(() => undefined), token()]);
    expect(await token()).toBe(TOKEN);
    // one mint for the calls that came together, for installation 7890, as App 123456
    expect(github.minted).toHaveLength(1);
    expect(github.minted[0]).toMatchObject({ installationId: '7890', claims: { iss: '123456' } });
    const { iat, exp } = github.minted[0].claims as { iat: number; exp: number };
    expect(exp - iat).toBeLessThanOrEqual(600);
    expect(iat).toBeLessThan(now / 1000);

    now += 50 * 60_000; // 10 minutes left: still that token
    await token();
    expect(github.minted).toHaveLength(1);
    now += 6 * 60_000; // under 5 minutes left: a new one
    await token();
    expect(github.minted).toHaveLength(2);
  });

  test('a key GitHub does not accept is an error naming the App and the answer', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const token = githubCredential(JSON.stringify({ appId: 123456, installationId: 7890, privateKey: other }), url);
    await expect(token()).rejects.toThrow(
      'GitHub POST /app/installations/7890/access_tokens: 401 A JSON web token could not be decoded (GitHub App 123456)',
    );
  });
});

describe('parseAppKey', () => {
  test.each([
    ['{ not json', /^GitHub credential: not valid JSON \(.+\); give a token, or a GitHub App's \{ appId, installationId, privateKey \}$/],
    [
      JSON.stringify({ installationId: 1, privateKey: PEM }),
      /^GitHub credential: appId must be the App's ID \(digits\) or client ID \(Iv…\), got: null$/,
    ],
    [JSON.stringify({ appId: 'my-app', installationId: 1, privateKey: PEM }), /appId must be .*, got: "my-app"$/],
    [
      JSON.stringify({ appId: 1, installationId: 'x', privateKey: PEM }),
      /^GitHub credential: installationId must be the installation ID \(digits\), got: "x"$/,
    ],
    [
      JSON.stringify({ appId: 1, installationId: 2, privateKey: 'secret' }),
      /^GitHub credential: privateKey must be the App's private key in PEM, got: "secret"$/,
    ],
  ])('%s', (json, message) => {
    expect(() => parseAppKey(json)).toThrow(message);
  });

  test('takes a client ID as the issuer too', () => {
    expect(parseAppKey(JSON.stringify({ appId: 'Iv23liABCdef', installationId: '42', privateKey: PEM }))).toMatchObject({
      appId: 'Iv23liABCdef',
      installationId: '42',
    });
  });
});

test('appJwt: RS256 over header and claims, verifiable with the public key', () => {
  const jwt = appJwt(parseAppKey(APP), 1_800_000_000_000);
  const [header, claims] = jwt
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(claims).toEqual({ iat: 1_800_000_000 - 60, exp: 1_800_000_000 + 540, iss: '123456' });
  const [signedHeader, signedClaims, signature] = jwt.split('.');
  expect(verify('RSA-SHA256', Buffer.from(`${signedHeader}.${signedClaims}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
});
