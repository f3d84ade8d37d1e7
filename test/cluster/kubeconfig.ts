import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A self-contained kubeconfig (certificates inlined, so it still works when copied elsewhere) for
 * one user of one cluster. Written as JSON, which every kubeconfig reader accepts as YAML.
 */
export function writeKubeconfig(
  file: string,
  options: { server: string; caFile: string; certFile: string; keyFile: string; user: string },
): void {
  const base64 = (path: string) => readFileSync(path).toString('base64');
  const NAME = 'kubeshift-test';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: NAME, cluster: { server: options.server, 'certificate-authority-data': base64(options.caFile) } }],
    users: [
      { name: options.user, user: { 'client-certificate-data': base64(options.certFile), 'client-key-data': base64(options.keyFile) } },
    ],
    contexts: [{ name: NAME, context: { cluster: NAME, user: options.user } }],
    'current-context': NAME,
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}
