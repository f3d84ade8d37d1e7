import { customKinds } from '../crds/custom-resources';
import type { AppliedManifest } from './applied-manifests';
import { KubeApiError, refOf, type KubeClient, type KubeObject, type ObjectRef } from './kube-client';

/**
 * What aws-eks-v2's kubectl handler (custom-resource-handlers/dist/aws-eks-v2/kubectl-handler/
 * apply/__init__.py) does with one manifest, over the test client:
 * - Create: `kubectl create --save-config -f manifest.yaml`: a POST per object in file order;
 *   kubectl goes on past a failed object and fails at the end, so every object is tried.
 * - Update: `kubectl apply -f manifest.yaml` (client-side apply).
 */

/** kubectl's field managers: https://kubernetes.io/docs/reference/using-api/server-side-apply/#managers */
export const KUBECTL_CREATE_MANAGER = 'kubectl-create';
export const KUBECTL_APPLY_MANAGER = 'kubectl-client-side-apply';
/** Where `--save-config` and `kubectl apply` keep the configuration they last applied. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface CreateOutcome {
  readonly chart: string;
  readonly ref: ObjectRef;
  /** What the server answered with the object; kubectl prints each as `Warning: ...`. */
  readonly warnings: readonly string[];
  /** The server's refusal (AlreadyExists, Forbidden, Invalid, ...), when it refused. */
  readonly error?: KubeApiError;
}

export interface ApplyOutcome {
  readonly chart: string;
  readonly ref: ObjectRef;
  readonly warnings: readonly string[];
  /** The paths whose values the apply changed (metadata and spec, not status): empty when unchanged. */
  readonly changed: readonly string[];
}

/** JSON with object keys sorted, as Go's encoding/json writes a map (how kubectl writes the annotation). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** The object with the last-applied annotation `--save-config` and `apply` add (the object itself, without it). */
function withLastApplied(object: KubeObject): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, [LAST_APPLIED_ANNOTATION]: `${canonicalJson(object)}\n` },
    },
  };
}

/** `kubectl create --save-config`: every object of the manifest, in order; a refusal does not stop the rest. */
export async function kubectlCreate(client: KubeClient, manifest: AppliedManifest): Promise<CreateOutcome[]> {
  const outcomes: CreateOutcome[] = [];
  for (const object of manifest.objects) {
    const ref = refOf(object);
    try {
      const { warnings } = await client.createWithWarnings(withLastApplied(object), { fieldManager: KUBECTL_CREATE_MANAGER });
      outcomes.push({ chart: manifest.chart, ref, warnings });
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      outcomes.push({ chart: manifest.chart, ref, warnings: [], error });
    }
  }
  return outcomes;
}

/** The object as far as an apply may change it: no status, no bookkeeping of writes. */
function desiredState(object: KubeObject): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = object;
  const { resourceVersion: _version, managedFields: _fields, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

/** Dotted paths where two JSON values differ. */
function differences(before: unknown, after: unknown, at = ''): string[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(before) || !isObject(after)) return [at || '.'];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => differences(before[key], after[key], `${at}.${key}`));
}

/**
 * `kubectl apply` of a manifest whose objects all exist. Client-side apply sends a three-way
 * strategic merge patch of what differs between the manifest, the last-applied annotation and the
 * live object; for an unchanged synth the annotation equals the manifest, so nothing is to be
 * removed and the patch is the manifest's fields whose live value differs. Sending every field
 * of the manifest as a strategic merge patch changes exactly those and leaves equal ones alone,
 * so comparing the object before and after (status aside, which controllers write meanwhile)
 * tells what kubectl would have changed. A custom resource gets a JSON merge patch, as kubectl
 * sends one to a kind it has no Go type for. Server-side apply was not used: the handler's kubectl
 * applies client-side, and a server-side apply adds its field manager to every object, a write
 * of its own that would hide whether anything else changed.
 */
export async function kubectlApply(client: KubeClient, manifest: AppliedManifest): Promise<ApplyOutcome[]> {
  const outcomes: ApplyOutcome[] = [];
  const custom = customKinds();
  for (const object of manifest.objects) {
    const ref = refOf(object);
    const before = await client.get(ref);
    // Custom resources take no strategic merge patch (the API server refuses it, kubernetes/kubernetes#53558);
    // kubectl sends them a JSON merge patch ("Strategic merge patch is not supported for custom resources": `kubectl patch --help`).
    const isCustom = custom.some(({ apiVersion, kind }) => object.apiVersion === apiVersion && object.kind === kind);
    const { object: after, warnings } = await client.patch(ref, withLastApplied(object), isCustom ? 'merge' : 'strategic', {
      fieldManager: KUBECTL_APPLY_MANAGER,
    });
    outcomes.push({ chart: manifest.chart, ref, warnings, changed: differences(desiredState(before), desiredState(after)) });
  }
  return outcomes;
}

/**
 * Client-side apply's three-way patch for one object: every field of `desired`, and `null` for
 * each key the last applied configuration had and `desired` no longer has (kubectl's deletions,
 * computed map by map; lists are sent whole). What `kubectl apply` sends when a manifest changes.
 */
function threeWayPatch(lastApplied: unknown, desired: unknown): unknown {
  const isMap = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
  if (!isMap(lastApplied) || !isMap(desired)) return desired;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(lastApplied)) if (!(key in desired)) patch[key] = null;
  for (const [key, value] of Object.entries(desired)) patch[key] = threeWayPatch(lastApplied[key], value);
  return patch;
}

/**
 * `kubectl apply` of `next` over objects created from `previous` (an update of the manifest, as
 * the kubectl handler runs it when a chart changes): objects new in `next` are created, the
 * others patched three-way from `previous`. Pruning (objects only in `previous`) is not modelled.
 */
export async function kubectlApplyChange(client: KubeClient, previous: AppliedManifest, next: AppliedManifest): Promise<CreateOutcome[]> {
  const custom = customKinds();
  const outcomes: CreateOutcome[] = [];
  for (const object of next.objects) {
    const ref = refOf(object);
    const before = previous.objects.find(
      (candidate) => describeRef(refOf(candidate)) === describeRef(ref) && candidate.apiVersion === object.apiVersion,
    );
    try {
      if (!before) {
        const { warnings } = await client.createWithWarnings(withLastApplied(object), { fieldManager: KUBECTL_APPLY_MANAGER });
        outcomes.push({ chart: next.chart, ref, warnings });
        continue;
      }
      const isCustom = custom.some(({ apiVersion, kind }) => object.apiVersion === apiVersion && object.kind === kind);
      const patch = threeWayPatch(withLastApplied(before), withLastApplied(object));
      const { warnings } = await client.patch(ref, patch, isCustom ? 'merge' : 'strategic', { fieldManager: KUBECTL_APPLY_MANAGER });
      outcomes.push({ chart: next.chart, ref, warnings });
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      outcomes.push({ chart: next.chart, ref, warnings: [], error });
    }
  }
  return outcomes;
}

/** `Kind namespace/name`, for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
