import { KubeApiError, type KubeApi, type KubeObject, type ObjectRef } from '../../../cli/delivery/kube-api';

/**
 * The calls DeliveryWorker makes, over objects in memory, for unit tests: what a real API server
 * does with them is the cluster suite's to show (test/cluster/delivery.cluster.test.ts).
 */
export class FakeKube {
  readonly objects = new Map<string, KubeObject>();
  readonly writes: { readonly verb: string; readonly ref: string; readonly body?: unknown }[] = [];

  put(object: KubeObject): void {
    this.objects.set(key(object), structuredClone(object));
  }

  get(ref: ObjectRef): KubeObject | undefined {
    return this.objects.get(key(ref));
  }

  asApi(): KubeApi {
    return {
      find: async (ref: ObjectRef) => structuredClone(this.objects.get(key(ref))),
      get: async (ref: ObjectRef) => {
        const object = this.objects.get(key(ref));
        if (!object) throw new KubeApiError(404, 'NotFound', `${ref.kind} ${ref.name} not found`);
        return structuredClone(object);
      },
      list: async (type: { kind: string; namespace?: string }, selector?: string) =>
        [...this.objects.values()].filter(
          (object) =>
            object.kind === type.kind &&
            (!type.namespace || object.metadata.namespace === type.namespace) &&
            (!selector ||
              selector.split(',').every((term) => {
                const [k, v] = term.split('=');
                return object.metadata.labels?.[k] === v;
              })),
        ),
      apply: async (object: KubeObject) => {
        this.writes.push({ verb: 'apply', ref: key(object), body: object });
        const live = this.objects.get(key(object));
        const generation = (live?.metadata.generation ?? 0) + 1;
        this.put({ ...object, metadata: { ...object.metadata, generation } });
        return object;
      },
      patch: async (ref: ObjectRef, patch: any) => {
        this.writes.push({ verb: 'patch', ref: key(ref), body: patch });
        const live = this.objects.get(key(ref))!;
        live.metadata.annotations = { ...live.metadata.annotations, ...patch.metadata?.annotations };
        for (const container of patch.spec?.template?.spec?.containers ?? []) {
          const target = (live as any).spec.template.spec.containers.find((c: { name: string }) => c.name === container.name);
          target.image = container.image;
        }
        live.metadata.generation = (live.metadata.generation ?? 0) + 1;
        return live;
      },
      delete: async (ref: ObjectRef) => {
        this.writes.push({ verb: 'delete', ref: key(ref) });
        return this.objects.delete(key(ref));
      },
      close: () => undefined,
    } as unknown as KubeApi;
  }
}

function key(ref: ObjectRef | KubeObject): string {
  const meta = 'metadata' in ref ? ref.metadata : ref;
  return `${ref.kind}/${meta.namespace ?? ''}/${meta.name}`;
}

/** A Deployment as the cluster stack leaves it, rolled out. */
export function deployment(namespace: string, name: string, image: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, generation: 1, annotations },
    spec: { replicas: 1, template: { spec: { containers: [{ name, image }] } } },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
  };
}

/** What the Deployment controller writes once the current generation rolled out. */
export function rolledOut(object: KubeObject): void {
  object.status = { observedGeneration: object.metadata.generation, replicas: 1, updatedReplicas: 1, availableReplicas: 1 };
}
