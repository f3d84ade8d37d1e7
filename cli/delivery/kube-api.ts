import * as https from 'node:https';
import type { KubeCredentials } from './kubeconfig';

/**
 * The Kubernetes API calls delivery makes, over node:https (Node's fetch cannot present a client
 * certificate or trust a cluster's own CA without the undici package). Only the kinds delivery
 * touches are known, so a typo is an error here rather than a 404 from a guessed path.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Ignored for cluster-scoped kinds. */
  readonly namespace?: string;
}

/** The server's refusal, with its Status reason (NotFound, Forbidden, Invalid, ...). */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** Resource names and scope of the kinds delivery reads and writes. */
const RESOURCES: Record<string, { readonly plural: string; readonly namespaced: boolean }> = {
  Namespace: { plural: 'namespaces', namespaced: false },
  ConfigMap: { plural: 'configmaps', namespaced: true },
  Deployment: { plural: 'deployments', namespaced: true },
  ReplicaSet: { plural: 'replicasets', namespaced: true },
  Service: { plural: 'services', namespaced: true },
  ResourceQuota: { plural: 'resourcequotas', namespaced: true },
  LimitRange: { plural: 'limitranges', namespaced: true },
  NetworkPolicy: { plural: 'networkpolicies', namespaced: true },
  PodDisruptionBudget: { plural: 'poddisruptionbudgets', namespaced: true },
  HorizontalPodAutoscaler: { plural: 'horizontalpodautoscalers', namespaced: true },
  Ingress: { plural: 'ingresses', namespaced: true },
};

const REQUEST_TIMEOUT_MS = 30_000;
const HTTP_NOT_FOUND = 404;
/** The field manager delivery's writes are recorded under (managedFields). */
export const FIELD_MANAGER = 'kubeshift-delivery';

export type PatchType = 'strategic' | 'merge';
/** https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/ */
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
};
/** Server-side apply takes YAML, and JSON is YAML. https://kubernetes.io/docs/reference/using-api/server-side-apply/ */
const APPLY_CONTENT_TYPE = 'application/apply-patch+yaml';

export function refOf(object: KubeObject): ObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace };
}

/** `Kind namespace/name`, for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export class KubeApi {
  private readonly agent: https.Agent;

  constructor(private readonly credentials: KubeCredentials) {
    this.agent = new https.Agent({
      ca: credentials.ca,
      cert: credentials.cert,
      key: credentials.key,
      rejectUnauthorized: !credentials.insecureSkipTlsVerify,
      keepAlive: true,
    });
  }

  get server(): string {
    return this.credentials.server;
  }

  async get<T extends KubeObject>(ref: ObjectRef): Promise<T> {
    return (await this.send('GET', objectPath(ref), `get ${describeRef(ref)}`)) as T;
  }

  /** Like get, but undefined where the object does not exist. */
  async find<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.get<T>(ref);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === HTTP_NOT_FOUND) return undefined;
      throw error;
    }
  }

  async list<T extends KubeObject>(
    type: { readonly apiVersion: string; readonly kind: string; readonly namespace?: string },
    labelSelector?: string,
  ): Promise<T[]> {
    const query = labelSelector ? `?${new URLSearchParams({ labelSelector })}` : '';
    const list = (await this.send('GET', `${collectionPath(type.apiVersion, type.kind, type.namespace)}${query}`, `list ${type.kind}`)) as {
      items: T[];
    };
    // A list's items carry no apiVersion and kind: put them back, so that refOf works on them.
    return list.items.map((item) => ({ ...item, apiVersion: type.apiVersion, kind: type.kind }));
  }

  /** Server-side apply as kubeshift-delivery, taking over fields another manager set (force). */
  async apply<T extends KubeObject>(object: KubeObject): Promise<T> {
    const query = new URLSearchParams({ fieldManager: FIELD_MANAGER, force: 'true' });
    const ref = refOf(object);
    return (await this.send('PATCH', `${objectPath(ref)}?${query}`, `apply ${describeRef(ref)}`, object, APPLY_CONTENT_TYPE)) as T;
  }

  async patch<T extends KubeObject>(ref: ObjectRef, patch: unknown, type: PatchType): Promise<T> {
    const query = new URLSearchParams({ fieldManager: FIELD_MANAGER });
    return (await this.send('PATCH', `${objectPath(ref)}?${query}`, `patch ${describeRef(ref)}`, patch, PATCH_CONTENT_TYPES[type])) as T;
  }

  /** Deletes in the background (the garbage collector removes dependents); false where it did not exist. */
  async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await this.send('DELETE', objectPath(ref), `delete ${describeRef(ref)}`, {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: 'Background',
      });
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === HTTP_NOT_FOUND) return false;
      throw error;
    }
  }

  /** Closes idle connections, so a command that is done can exit. */
  close(): void {
    this.agent.destroy();
  }

  private async send(
    method: string,
    requestPath: string,
    what: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = await this.credentials.token?.();
    if (token) headers.Authorization = `Bearer ${token}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers['Content-Type'] = contentType;
      // A body without a length goes chunked; after a chunked DELETE the API server answered the
      // next request on the same kept-alive connection with a bare 400 (seen in the cluster suite).
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const url = new URL(requestPath, this.credentials.server);
    const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = https.request(url, { method, agent: this.agent, headers, timeout: REQUEST_TIMEOUT_MS }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        incoming.on('error', reject);
      });
      request.on('timeout', () =>
        request.destroy(new Error(`${what}: no answer from ${this.credentials.server} in ${REQUEST_TIMEOUT_MS} ms`)),
      );
      request.on('error', (error) => reject(new KubeApiError(0, 'Unreachable', `${what}: ${error.message}`)));
      request.end(payload);
    });
    if (response.status >= 300) {
      let status: { reason?: string; message?: string } = {};
      try {
        status = JSON.parse(response.text) as typeof status;
      } catch {
        // Not a Status object (a proxy's page): the text says what happened.
      }
      throw new KubeApiError(
        response.status,
        status.reason ?? 'Unknown',
        `${what}: ${status.message ?? `HTTP ${response.status} ${response.text.slice(0, 200)}`}`,
      );
    }
    return JSON.parse(response.text);
  }
}

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

function collectionPath(apiVersion: string, kind: string, namespace?: string): string {
  const resource = RESOURCES[kind];
  if (!resource) throw new Error(`kubeshift delivery does not handle kind ${kind}`);
  return resource.namespaced && namespace
    ? `${groupVersionPath(apiVersion)}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`
    : `${groupVersionPath(apiVersion)}/${resource.plural}`;
}

function objectPath(ref: ObjectRef): string {
  if (RESOURCES[ref.kind]?.namespaced && !ref.namespace) throw new Error(`${ref.kind} ${ref.name}: no namespace`);
  return `${collectionPath(ref.apiVersion, ref.kind, ref.namespace)}/${encodeURIComponent(ref.name)}`;
}
