import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { defaultKubeconfigPath, loadKubeconfig } from '../../../cli/delivery/kubeconfig';
import { CliError } from '../../../cli/cli-error';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeshift-kubeconfig-'));
const b64 = (text: string) => Buffer.from(text).toString('base64');

function write(name: string, users: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'blue',
      clusters: [
        { name: 'blue', cluster: { server: 'https://blue.example:6443', 'certificate-authority-data': b64('CA') } },
        { name: 'green', cluster: { server: 'https://green.example:6443', 'certificate-authority': 'green-ca.pem' } },
      ],
      contexts: [
        { name: 'blue', context: { cluster: 'blue', user: 'admin' } },
        { name: 'green', context: { cluster: 'green', user: 'admin' } },
      ],
      users: [{ name: 'admin', user: users }],
      ...extra,
    }),
  );
  return file;
}

test('the current context: its server, CA and client certificate, data inlined', () => {
  const credentials = loadKubeconfig(write('certs.yaml', { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') }));
  expect(credentials.server).toBe('https://blue.example:6443');
  expect([credentials.ca, credentials.cert, credentials.key].map(String)).toEqual(['CA', 'CERT', 'KEY']);
  expect(credentials.token).toBeUndefined();
});

test('a named context; file paths are relative to the kubeconfig', async () => {
  writeFileSync(path.join(dir, 'green-ca.pem'), 'GREEN CA');
  const credentials = loadKubeconfig(write('token.yaml', { token: 'abc' }), 'green');
  expect(String(credentials.ca)).toBe('GREEN CA');
  expect(await credentials.token!()).toBe('abc');
});

test('an exec plugin (as aws eks update-kubeconfig writes): its token, kept until shortly before it expires', async () => {
  const counter = path.join(dir, 'calls');
  const plugin = path.join(dir, 'get-token.js');
  writeFileSync(counter, '');
  writeFileSync(
    plugin,
    `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x');
     console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential',
       status: { token: 'k8s-aws-v1.' + process.env.CLUSTER_NAME, expirationTimestamp: new Date(Date.now() + 900000).toISOString() } }));`,
  );
  const exec = {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: process.execPath,
    args: [plugin],
    env: [{ name: 'CLUSTER_NAME', value: 'descomplica-blue' }],
  };
  const credentials = loadKubeconfig(write('exec.yaml', { exec }));
  expect(await credentials.token!()).toBe('k8s-aws-v1.descomplica-blue');
  expect(await credentials.token!()).toBe('k8s-aws-v1.descomplica-blue');
  expect(readFileSync(counter, 'utf8')).toBe('x');
});

test.each([
  ['a missing file', () => loadKubeconfig(path.join(dir, 'nope.yaml')), /cannot read kubeconfig .*nope\.yaml: ENOENT/],
  ['an unknown context', () => loadKubeconfig(write('ctx.yaml', { token: 'a' }), 'red'), /has no context "red"/],
  ['no current context', () => loadKubeconfig(write('none.yaml', { token: 'a' }, { 'current-context': '' })), /has no current-context/],
])('%s is one clear line', (_name, load, message) => {
  expect(load).toThrow(CliError);
  expect(load).toThrow(message);
});

test('KUBECONFIG names the default, as kubectl reads it', () => {
  expect(defaultKubeconfigPath({ KUBECONFIG: `/a/config${path.delimiter}/b/config` })).toBe('/a/config');
  expect(defaultKubeconfigPath({})).toBe(path.join(os.homedir(), '.kube', 'config'));
});
