import * as https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Just enough of a Kubernetes API client for the cluster tests: typed get/list/create/apply/delete
 * and polling, over node:https with a client certificate. Resource paths come from API discovery,
 * so any kind the server serves works, CRDs included.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface KubeList<T> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

/** Names one object; `namespace` is ignored for cluster-scoped kinds. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface KubeCredentials {
  readonly server: string;
  readonly ca: string | Buffer;
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/** The server's refusal, with its Status reason (NotFound, Forbidden, Invalid, ...) and message. */
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

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  /** The texts of the response's `Warning` headers (what kubectl prints as "Warning: ..."). */
  readonly warnings: readonly string[];
}

/** An object as the server stored it, with the warnings it answered the write with. */
export interface Written<T> {
  readonly object: T;
  readonly warnings: readonly string[];
}

/** How a PATCH body is merged: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/ */
export type PatchType = 'merge' | 'strategic' | 'json';

export interface WriteOptions {
  /** Recorded in managedFields, as kubectl's `--field-manager` is. @default - the server's (the user agent) */
  readonly fieldManager?: string;
  /** Admission runs, nothing is stored (`--dry-run=server`). @default false */
  readonly dryRun?: boolean;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

const REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_WAIT_TIMEOUT_MS = 60_000;
const DEFAULT_WAIT_INTERVAL_MS = 250;
const HTTP_NOT_FOUND = 404;
const HTTP_TOO_MANY_REQUESTS = 429;
const APPLY_PATCH_CONTENT_TYPE = 'application/apply-patch+yaml'; // JSON is YAML, so the body is JSON
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};
/** RFC 7234 warn-code 299 with an unknown agent, as the API server writes it: `299 - "text"`. */
const WARNING_HEADER = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/;
/** Namespaced kinds listed over every namespace. */
export const ALL_NAMESPACES = Symbol('all namespaces');

interface ApiResource {
  readonly name: string;
  readonly namespaced: boolean;
}

/** The reference to an object, for get/delete/waitFor after create or apply. */
export function refOf(object: KubeObject): ObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace };
}

function withQuery(path: string, options: WriteOptions): string {
  const query = new URLSearchParams();
  if (options.fieldManager) query.set('fieldManager', options.fieldManager);
  if (options.dryRun) query.set('dryRun', 'All');
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

function parseWarnings(headers: string[] | undefined): string[] {
  return (headers ?? []).map((header) => {
    const match = WARNING_HEADER.exec(header);
    return match ? match[1].replace(/\\(.)/g, '$1') : header;
  });
}

function toError(response: RawResponse, what: string): KubeApiError {
  try {
    const status = JSON.parse(response.body) as { reason?: string; message?: string };
    return new KubeApiError(response.status, status.reason ?? 'Unknown', `${what}: ${status.message ?? response.body}`);
  } catch {
    return new KubeApiError(response.status, 'Unknown', `${what}: HTTP ${response.status} ${response.body}`);
  }
}

export class KubeClient {
  private readonly agent: https.Agent;
  private readonly discovery = new Map<string, Promise<Map<string, ApiResource>>>();

  constructor(private readonly credentials: KubeCredentials) {
    // No keep-alive: nothing stays open between calls, so a test run never waits on an idle socket.
    this.agent = new https.Agent({ ca: credentials.ca, cert: credentials.cert, key: credentials.key, keepAlive: false });
  }

  /** One request as is; for paths that are not objects (/version, /readyz) or to check a status code. */
  request(method: string, path: string, body?: string, contentType = 'application/json'): Promise<RawResponse> {
    const url = new URL(path, this.credentials.server);
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': contentType }) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              warnings: parseWarnings(response.headersDistinct.warning),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`${method} ${path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  async get<T extends KubeObject>(ref: ObjectRef): Promise<T> {
    return this.call<T>('GET', await this.objectPath(ref), `get ${ref.kind} ${ref.name}`);
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

  /** Lists one namespace (`default` unless named), or every namespace with ALL_NAMESPACES. */
  async list<T extends KubeObject>(
    type: { readonly apiVersion: string; readonly kind: string; readonly namespace?: string | typeof ALL_NAMESPACES },
    options: { readonly labelSelector?: string; readonly fieldSelector?: string } = {},
  ): Promise<KubeList<T>> {
    const query = new URLSearchParams();
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    const path = await this.collectionPath(type.apiVersion, type.kind, type.namespace);
    const search = query.toString();
    return this.call<KubeList<T>>('GET', search ? `${path}?${search}` : path, `list ${type.kind}`);
  }

  async create<T extends KubeObject>(object: T, options: WriteOptions = {}): Promise<T> {
    return (await this.createWithWarnings(object, options)).object;
  }

  /** POST, as `kubectl create` does for each object: the stored object and the server's warnings. */
  async createWithWarnings<T extends KubeObject>(object: T, options: WriteOptions = {}): Promise<Written<T>> {
    const path = await this.collectionPath(object.apiVersion, object.kind, object.metadata.namespace);
    return this.send<T>('POST', withQuery(path, options), `create ${object.kind} ${object.metadata.name}`, JSON.stringify(object));
  }

  /** PATCH with a merge, strategic-merge or JSON patch; the stored object and the server's warnings. */
  async patch<T extends KubeObject>(ref: ObjectRef, patch: unknown, type: PatchType, options: WriteOptions = {}): Promise<Written<T>> {
    const path = withQuery(await this.objectPath(ref), options);
    return this.send<T>('PATCH', path, `patch ${ref.kind} ${ref.name}`, JSON.stringify(patch), PATCH_CONTENT_TYPES[type]);
  }

  /** Merge-patches an object's status subresource, as a controller writes what it observed. */
  async patchStatus<T extends KubeObject>(ref: ObjectRef, status: unknown): Promise<T> {
    const path = `${await this.objectPath(ref)}/status`;
    return this.call<T>(
      'PATCH',
      path,
      `patch the status of ${ref.kind} ${ref.name}`,
      JSON.stringify({ status }),
      PATCH_CONTENT_TYPES.merge,
    );
  }

  /**
   * Asks the eviction API to evict a pod, as `kubectl drain` does: true once evicted, false while
   * a PodDisruptionBudget refuses it (429 Too Many Requests).
   */
  async evict(pod: { readonly name: string; readonly namespace: string }): Promise<boolean> {
    const body = JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name, namespace: pod.namespace } });
    const path = `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}/eviction`;
    const response = await this.request('POST', path, body);
    if (response.status === HTTP_TOO_MANY_REQUESTS) return false;
    if (response.status === HTTP_NOT_FOUND) return true; // gone already
    if (response.status >= 300) throw toError(response, `evict pod ${pod.namespace}/${pod.name}`);
    return true;
  }

  /** Server-side apply: creates or updates the fields `fieldManager` owns; `force` takes over conflicting ones. */
  async apply<T extends KubeObject>(object: T, options: { readonly fieldManager: string; readonly force?: boolean }): Promise<T> {
    const query = new URLSearchParams({ fieldManager: options.fieldManager });
    if (options.force) query.set('force', 'true');
    const path = `${await this.objectPath(refOf(object))}?${query}`;
    return this.call<T>('PATCH', path, `apply ${object.kind} ${object.metadata.name}`, JSON.stringify(object), APPLY_PATCH_CONTENT_TYPE);
  }

  /**
   * Deletes the object (foreground: dependents go first); false where it did not exist.
   * `gracePeriodSeconds: 0` removes a pod at once, as the pod garbage collector does for a pod
   * whose node is gone.
   */
  async delete(ref: ObjectRef, options: { readonly gracePeriodSeconds?: number } = {}): Promise<boolean> {
    const body = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', ...options });
    const response = await this.request('DELETE', await this.objectPath(ref), body);
    if (response.status === HTTP_NOT_FOUND) return false;
    if (response.status >= 300) throw toError(response, `delete ${ref.kind} ${ref.name}`);
    return true;
  }

  /** Polls the object until `condition` holds (a missing object does not), and returns it. */
  async waitFor<T extends KubeObject>(ref: ObjectRef, condition: (object: T) => boolean, options: WaitOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    for (;;) {
      last = await this.find<T>(ref);
      if (last && condition(last)) return last;
      if (Date.now() >= deadline) {
        const seen = last ? JSON.stringify(last.status ?? last, null, 1) : 'no such object';
        throw new Error(
          `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}: condition not met in ${timeoutMs} ms; last seen: ${seen}`,
        );
      }
      await sleep(options.intervalMs ?? DEFAULT_WAIT_INTERVAL_MS);
    }
  }

  private async call<T>(method: string, path: string, what: string, body?: string, contentType?: string): Promise<T> {
    return (await this.send<T>(method, path, what, body, contentType)).object;
  }

  private async send<T>(method: string, path: string, what: string, body?: string, contentType?: string): Promise<Written<T>> {
    const response = await this.request(method, path, body, contentType);
    if (response.status >= 300) throw toError(response, what);
    return { object: JSON.parse(response.body) as T, warnings: response.warnings };
  }

  private async resource(apiVersion: string, kind: string): Promise<ApiResource> {
    let resources = this.discovery.get(apiVersion);
    if (!resources) {
      resources = this.discover(apiVersion);
      this.discovery.set(apiVersion, resources);
      resources.catch(() => this.discovery.delete(apiVersion)); // a CRD may appear later: ask again
    }
    const resource = (await resources).get(kind);
    if (!resource) {
      this.discovery.delete(apiVersion);
      throw new Error(`the server has no kind ${kind} in ${apiVersion}`);
    }
    return resource;
  }

  private async discover(apiVersion: string): Promise<Map<string, ApiResource>> {
    type ResourceList = { resources: { name: string; kind: string; namespaced: boolean }[] };
    const list = await this.call<ResourceList>('GET', groupVersionPath(apiVersion), `discover ${apiVersion}`);
    // Subresources (pods/status) share their parent's kind; the plain resource is the one without '/'.
    return new Map(list.resources.filter((r) => !r.name.includes('/')).map((r) => [r.kind, { name: r.name, namespaced: r.namespaced }]));
  }

  private async collectionPath(apiVersion: string, kind: string, namespace: string | typeof ALL_NAMESPACES | undefined): Promise<string> {
    const resource = await this.resource(apiVersion, kind);
    if (!resource.namespaced || namespace === ALL_NAMESPACES) return `${groupVersionPath(apiVersion)}/${resource.name}`;
    return `${groupVersionPath(apiVersion)}/namespaces/${encodeURIComponent(namespace ?? 'default')}/${resource.name}`;
  }

  private async objectPath(ref: ObjectRef): Promise<string> {
    return `${await this.collectionPath(ref.apiVersion, ref.kind, ref.namespace)}/${encodeURIComponent(ref.name)}`;
  }
}
