import { EKS_TOKEN_PREFIX, eksCredentials, eksToken, TOKEN_REUSE_MS } from '../../../cli/delivery/eks-auth';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session' };

test('a token is the presigned STS GetCallerIdentity URL, base64url without padding, that signs the cluster header', async () => {
  const token = await eksToken('shop-blue', 'sa-east-1', credentials);
  expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
  const encoded = token.slice(EKS_TOKEN_PREFIX.length);
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  const url = new URL(Buffer.from(encoded, 'base64url').toString());
  expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('https://sts.sa-east-1.amazonaws.com/');
  expect(Object.fromEntries(url.searchParams)).toMatchObject({
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
    'X-Amz-Security-Token': 'session',
  });
  expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/sa-east-1\/sts\/aws4_request$/);
});

test('the cluster is part of the signature: another cluster, another token', async () => {
  expect(await eksToken('shop-blue', 'sa-east-1', credentials)).not.toBe(await eksToken('shop-green', 'sa-east-1', credentials));
});

test('credentials reuse a token for 10 minutes, then sign a new one', async () => {
  let now = Date.parse('2026-11-26T12:00:00Z');
  let resolved = 0;
  const provider = async () => {
    resolved += 1;
    return credentials;
  };
  const kube = eksCredentials(
    'shop-blue',
    'sa-east-1',
    { endpoint: 'https://abc.eks.amazonaws.com', ca: Buffer.from('pem') },
    provider,
    () => now,
  );
  expect(kube.server).toBe('https://abc.eks.amazonaws.com');
  const first = await kube.token!();
  now += TOKEN_REUSE_MS - 1;
  expect(await kube.token!()).toBe(first);
  expect(resolved).toBe(1);
  now += 1;
  await kube.token!();
  expect(resolved).toBe(2);
});
