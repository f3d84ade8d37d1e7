import { stringify } from 'yaml';
import type { SecretReference } from '../config';

/**
 * How a service's `secrets` reach its container: the Secrets Store CSI driver with the AWS
 * provider (ASCP). The pod mounts a CSI volume; ASCP, under the pod's own Pod Identity role,
 * reads exactly the listed ARNs and writes each as a file; the driver syncs those files into a
 * Kubernetes Secret (`secretObjects`), from which the variables come (`secretKeyRef`). Values
 * never pass through the config, cdk.out or a manifest.
 *
 * Why CSI and not External Secrets Operator: with ESO one controller role would read every
 * service's secrets; here each pod's role reads its own ARNs and nothing else.
 *
 * Schema of the SecretProviderClass: https://secrets-store-csi-driver.sigs.k8s.io/getting-started/usage.html;
 * ASCP's parameters (`objects`, `jmesPath`, `objectType`, `usePodIdentity`, `region`):
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/ascp-examples.html;
 * syncing to a Secret for env vars: https://secrets-store-csi-driver.sigs.k8s.io/topics/set-as-env-var.html
 */
export const SECRET_PROVIDER_CLASS = { apiVersion: 'secrets-store.csi.x-k8s.io/v1', kind: 'SecretProviderClass' } as const;
/** The CSI driver's registered name. */
export const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';
/** Where the container sees its secrets as files (read-only); the variables are the usual way in. */
export const SECRETS_MOUNT_PATH = '/mnt/secrets-store';

/** One ASCP object: a secret or parameter fetched once, its whole value and each keyed variable as files. */
interface AscpObject {
  objectName: string;
  objectType: string;
  objectAlias: string;
  jmesPath?: { path: string; objectAlias: string }[];
}

/** What the chart renders for a service's secrets. */
export interface SecretProvider {
  /** The `spec.parameters` of the SecretProviderClass. */
  readonly parameters: Record<string, string>;
  /** `secretObjects[0].data`: each variable, from the file that holds its value. */
  readonly data: { objectName: string; key: string }[];
}

/**
 * ASCP's parameters and the synced Secret's data for a service's secrets. Each ARN is fetched
 * once (ASCP refuses an object listed twice): a variable that takes the whole value names the
 * file after itself, one with a `key` gets a JMESPath of its own, named after the variable.
 */
export function secretProvider(secrets: Readonly<Record<string, SecretReference>>): SecretProvider {
  const objects = new Map<string, AscpObject>();
  const data: { objectName: string; key: string }[] = [];
  for (const [variable, reference] of Object.entries(secrets)) {
    let object = objects.get(reference.arn);
    if (!object) {
      // A name no variable can have (variables take no "-"), until a variable takes the whole value.
      object = { objectName: reference.arn, objectType: reference.store, objectAlias: `secret-${objects.size}` };
      objects.set(reference.arn, object);
    }
    if (reference.key === undefined) {
      if (object.objectAlias.startsWith('secret-')) object.objectAlias = variable;
      data.push({ objectName: object.objectAlias, key: variable });
    } else {
      (object.jmesPath ??= []).push({ path: jmesPathOf(reference.key), objectAlias: variable });
      data.push({ objectName: variable, key: variable });
    }
  }
  // The rules hold every secret to the config's region: ASCP reads one region per SecretProviderClass.
  const region = Object.values(secrets)[0]?.arn.split(':')[3];
  return {
    parameters: {
      ...(region ? { region } : {}),
      usePodIdentity: 'true',
      objects: stringify([...objects.values()]),
    },
    data,
  };
}

/** A top-level key as a JMESPath: bare when it is an identifier, else a quoted identifier. */
function jmesPathOf(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
}
