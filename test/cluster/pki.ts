import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

/**
 * A throwaway certificate authority for one control plane, made with the `openssl` CLI (on every
 * Debian/Ubuntu image and macOS; Node alone can make keys but not X.509 certificates). Only the
 * classic `req -new` + `x509 -req` pair is used, which OpenSSL 1.1, 3.x and LibreSSL all have.
 */

const execFileAsync = promisify(execFile);

/** The certificates live for one test run; a day leaves room for a slow machine and clock drift. */
const VALIDITY_DAYS = 1;

/** EC keys take milliseconds to make, where RSA takes a noticeable fraction of a second each. */
const KEY_CURVE = 'prime256v1';

/** openssl's own config file is not needed (and may be missing): every command gets this one. */
const MINIMAL_OPENSSL_CONFIG = ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', ''].join('\n');

export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
}

/** Who a client certificate authenticates as: CN is the user, each O a group (Kubernetes' x509 authenticator). */
export interface ClientIdentity {
  readonly user: string;
  readonly groups?: readonly string[];
}

export interface ServingNames {
  readonly dnsNames: readonly string[];
  readonly ips: readonly string[];
}

async function openssl(args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new Error(`openssl ${args[0]} failed: ${detail}`);
  }
}

async function newKey(file: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${KEY_CURVE}`, '-out', file]);
}

/** openssl's -subj form; the order O..., CN matches what kubeadm issues. */
function subject(identity: ClientIdentity): string {
  return [...(identity.groups ?? []).map((group) => `/O=${group}`), `/CN=${identity.user}`].join('');
}

export class CertificateAuthority {
  private constructor(
    private readonly dir: string,
    private readonly configFile: string,
    readonly cert: string,
    readonly key: string,
  ) {}

  static async create(dir: string, commonName: string): Promise<CertificateAuthority> {
    const configFile = path.join(dir, 'openssl.cnf');
    await writeFile(configFile, MINIMAL_OPENSSL_CONFIG);
    const cert = path.join(dir, 'ca.crt');
    const key = path.join(dir, 'ca.key');
    const extensions = path.join(dir, 'ca.ext');
    await newKey(key);
    await writeFile(
      extensions,
      [
        'basicConstraints = critical, CA:TRUE',
        'keyUsage = critical, keyCertSign, cRLSign, digitalSignature',
        'subjectKeyIdentifier = hash',
        '',
      ].join('\n'),
    );
    const csr = path.join(dir, 'ca.csr');
    await openssl(['req', '-new', '-config', configFile, '-key', key, '-subj', `/CN=${commonName}`, '-out', csr]);
    await openssl(['x509', '-req', '-in', csr, '-signkey', key, '-days', String(VALIDITY_DAYS), '-extfile', extensions, '-out', cert]);
    return new CertificateAuthority(dir, configFile, cert, key);
  }

  /** A server certificate for the given host names and IPs. */
  async serving(name: string, names: ServingNames): Promise<CertificateFiles> {
    const altNames = [...names.dnsNames.map((dns) => `DNS:${dns}`), ...names.ips.map((ip) => `IP:${ip}`)].join(', ');
    return this.issue(name, `/CN=${name}`, ['extendedKeyUsage = serverAuth', `subjectAltName = ${altNames}`]);
  }

  /** A client certificate that the API server maps to the given user and groups. */
  async client(name: string, identity: ClientIdentity): Promise<CertificateFiles> {
    return this.issue(name, subject(identity), ['extendedKeyUsage = clientAuth']);
  }

  private async issue(name: string, subj: string, extensions: string[]): Promise<CertificateFiles> {
    const cert = path.join(this.dir, `${name}.crt`);
    const key = path.join(this.dir, `${name}.key`);
    const csr = path.join(this.dir, `${name}.csr`);
    const extFile = path.join(this.dir, `${name}.ext`);
    await newKey(key);
    await writeFile(
      extFile,
      ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', ...extensions, ''].join('\n'),
    );
    await openssl(['req', '-new', '-config', this.configFile, '-key', key, '-subj', subj, '-out', csr]);
    const serial = `0x${randomBytes(8).toString('hex')}`;
    await openssl(
      ['x509', '-req', '-in', csr, '-CA', this.cert, '-CAkey', this.key, '-set_serial', serial].concat([
        '-days',
        String(VALIDITY_DAYS),
        '-extfile',
        extFile,
        '-out',
        cert,
      ]),
    );
    return { cert, key };
  }
}

/** The key pair the API server signs service-account tokens with (and the controller-manager too). */
export async function serviceAccountKeys(dir: string): Promise<{ readonly privateKey: string; readonly publicKey: string }> {
  const privateKey = path.join(dir, 'sa.key');
  const publicKey = path.join(dir, 'sa.pub');
  await newKey(privateKey);
  await openssl(['pkey', '-in', privateKey, '-pubout', '-out', publicKey]);
  return { privateKey, publicKey };
}
