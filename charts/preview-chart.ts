import { App, Chart, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { formatCpu, formatMemory, type Resources, type ServiceEnvironment } from '../config';
import { DELIVERY_PREVIEW_GROUP, PREVIEW_NAMESPACE_PREFIX, PREVIEW_PRIORITY_CLASS } from '../domain/naming';
import { PREVIEW_LABELS } from '../domain/delivery/preview';
import { MANAGED_BY, serviceSelector } from './labels';
import type { PreviewRequest } from '../domain/delivery/preview';
import { SERVICE_PORT, ServiceChart } from './service-chart';
import { peakPods } from './environment-chart';
import { allowDnsEgress, allowServing, defaultDeny } from './network-policy';

const { k8s } = kplus;

/**
 * A pull request's preview: its own namespace, with the service rendered by the same
 * ServiceChart as its environment (one replica, small requests, the lowest priority), reached
 * through one load balancer shared by every preview.
 */

/**
 * What a preview pod requests, whatever its environment asks: previews take the room left over.
 * Limits stay the service's measured need, so the app still starts.
 */
export const PREVIEW_REQUESTS: Resources = { cpuMillis: 50, memoryMebibytes: 64 };
/** Lower than every environment (their priorities are 0 or more), and it never preempts anything. */
export const PREVIEW_PRIORITY = -100;
/**
 * The AWS Load Balancer Controller's IngressGroup every preview Ingress joins: one ALB for all
 * previews, its certificate found in ACM from the hosts (a `*.preview.<zone>` wildcard covers
 * them all). https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#group.name
 * and .../guide/ingress/cert_discovery/
 */
export const PREVIEW_LOAD_BALANCER_GROUP = 'kubeshift-previews';
/** The IngressClass the AWS Load Balancer Controller serves. */
export const PREVIEW_INGRESS_CLASS = 'alb';

/** One Kubernetes object as plain JSON, as the API takes it. */
export type ManifestObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
} & Record<string, unknown>;

export interface PreviewNamespaceChartProps extends ChartProps {
  readonly request: PreviewRequest;
  /** The service as the preview runs it: one replica, preview requests. */
  readonly entry: ServiceEnvironment;
}

/**
 * The preview namespace's policy: restricted Pod Security, a LimitRange and ResourceQuota for
 * one replica and its rollout, default-deny NetworkPolicies with the two holes a preview needs,
 * and the Ingress that joins the shared preview load balancer.
 */
export class PreviewNamespaceChart extends Chart {
  constructor(scope: Construct, id: string, props: PreviewNamespaceChartProps) {
    const { request, entry } = props;
    super(scope, id, { ...props, labels: { ...MANAGED_BY, ...props.labels } });
    const namespace = request.namespace;
    const requests = entry.podResources.requests!;
    const limits = entry.podResources.limits!;

    new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: namespace,
        labels: {
          ...request.namespaceLabels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
        },
        annotations: { ...request.annotations },
      },
    });

    new k8s.KubeLimitRange(this, 'LimitRange', {
      metadata: { name: 'preview-defaults', namespace },
      spec: { limits: [{ type: 'Container', default: quantities(limits), defaultRequest: quantities(requests) }] },
    });

    // The replica, its surge and the old pod still terminating, as the environments' quota counts them.
    const pods = peakPods(entry);
    new k8s.KubeResourceQuota(this, 'ResourceQuota', {
      metadata: { name: 'preview-quota', namespace },
      spec: {
        hard: {
          pods: k8s.Quantity.fromNumber(pods),
          'requests.cpu': k8s.Quantity.fromString(formatCpu(pods * requests.cpuMillis)),
          'requests.memory': k8s.Quantity.fromString(formatMemory(pods * requests.memoryMebibytes)),
          'limits.cpu': k8s.Quantity.fromString(formatCpu(pods * limits.cpuMillis)),
          'limits.memory': k8s.Quantity.fromString(formatMemory(pods * limits.memoryMebibytes)),
          'services.loadbalancers': k8s.Quantity.fromNumber(0),
        },
      },
    });

    // Nothing in or out but the service port in (the shared ALB sends to pod IPs, target type ip)
    // and DNS out: the same rules as the environments' (charts/network-policy.ts).
    defaultDeny(this, 'DefaultDeny', namespace, 'default-deny', ['Ingress', 'Egress']);
    allowServing(this, 'AllowServing', {
      namespace,
      name: 'allow-serving',
      selector: serviceSelector(entry.service, entry.environment),
      port: entry.port,
    });
    allowDnsEgress(this, 'AllowDns', namespace);

    new k8s.KubeIngress(this, 'Ingress', {
      metadata: {
        name: entry.service,
        namespace,
        annotations: {
          'alb.ingress.kubernetes.io/group.name': PREVIEW_LOAD_BALANCER_GROUP,
          'alb.ingress.kubernetes.io/scheme': 'internet-facing',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
          'alb.ingress.kubernetes.io/healthcheck-path': entry.healthCheckPath,
        },
      },
      spec: {
        ingressClassName: PREVIEW_INGRESS_CLASS,
        rules: [
          {
            host: request.hostName,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: entry.service, port: { number: SERVICE_PORT } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}

/** Name of the ClusterRole, its binding, and the admission policy and its binding, that confine the delivery handler's preview rights. */
export const DELIVERY_PREVIEW_RBAC_NAME = 'kubeshift-delivery-previews';
/** What EKS access policies cannot grant in a `pr-*` scope: namespaces are cluster-scoped, and `edit` writes no quota or limit range. */
const PREVIEW_ADMIN_RESOURCES = ['namespaces', 'resourcequotas', 'limitranges'];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete'];

/**
 * The CEL of the admission policy: the namespace a request is about (the object itself for a
 * Namespace, else the request's namespace) must be a preview's, by name and by label. For a
 * delete, the object is the old one. https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export const PREVIEW_ADMISSION = {
  target: "request.operation == 'DELETE' ? oldObject : object",
  isNamespace: "request.resource.resource == 'namespaces'",
  namespaceName: 'variables.isNamespace ? variables.target.metadata.name : request.namespace',
  labels:
    'variables.isNamespace ? (has(variables.target.metadata.labels) ? variables.target.metadata.labels : {}) : (namespaceObject != null && has(namespaceObject.metadata.labels) ? namespaceObject.metadata.labels : {})',
  rule: `variables.namespaceName.startsWith('${PREVIEW_NAMESPACE_PREFIX}') && '${PREVIEW_LABELS.preview}' in variables.labels && variables.labels['${PREVIEW_LABELS.preview}'] == 'true'`,
} as const;

/**
 * The cluster-wide part of previews, applied by the cluster stack that hosts them: the
 * PriorityClass every preview pod runs at, below every environment, never preempting; and what
 * lets the delivery handler make and remove preview namespaces and nothing else. Its access entry
 * puts it in DELIVERY_PREVIEW_GROUP; RBAC grants that group writes on namespaces, quotas and
 * limit ranges (RBAC cannot scope by name pattern), and a ValidatingAdmissionPolicy denies every
 * such write by the group unless the namespace is named `pr-*` and labelled as a preview.
 */
export class PreviewPolicyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, labels: { ...MANAGED_BY, ...props.labels } });
    new k8s.KubePriorityClass(this, 'PriorityClass', {
      metadata: { name: PREVIEW_PRIORITY_CLASS },
      value: PREVIEW_PRIORITY,
      globalDefault: false,
      preemptionPolicy: 'Never',
      description: 'kubeshift pull-request previews: preempted and evicted before any environment, never preempting',
    });

    new k8s.KubeClusterRole(this, 'DeliveryRole', {
      metadata: { name: DELIVERY_PREVIEW_RBAC_NAME },
      rules: [{ apiGroups: [''], resources: PREVIEW_ADMIN_RESOURCES, verbs: ['get', 'list', 'watch', ...WRITE_VERBS] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'DeliveryRoleBinding', {
      metadata: { name: DELIVERY_PREVIEW_RBAC_NAME },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: DELIVERY_PREVIEW_RBAC_NAME },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: DELIVERY_PREVIEW_GROUP }],
    });
    new k8s.KubeValidatingAdmissionPolicy(this, 'DeliveryAdmission', {
      metadata: { name: DELIVERY_PREVIEW_RBAC_NAME },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: PREVIEW_ADMIN_RESOURCES },
          ],
        },
        matchConditions: [
          { name: 'delivery-handler', expression: `request.userInfo.groups.exists(group, group == '${DELIVERY_PREVIEW_GROUP}')` },
        ],
        variables: [
          { name: 'target', expression: PREVIEW_ADMISSION.target },
          { name: 'isNamespace', expression: PREVIEW_ADMISSION.isNamespace },
          { name: 'namespaceName', expression: PREVIEW_ADMISSION.namespaceName },
          { name: 'labels', expression: PREVIEW_ADMISSION.labels },
        ],
        validations: [
          {
            expression: PREVIEW_ADMISSION.rule,
            message: `the delivery handler may only write preview namespaces: named ${PREVIEW_NAMESPACE_PREFIX}* and labelled ${PREVIEW_LABELS.preview}=true`,
            reason: 'Forbidden',
          },
        ],
      },
    });
    new k8s.KubeValidatingAdmissionPolicyBinding(this, 'DeliveryAdmissionBinding', {
      metadata: { name: DELIVERY_PREVIEW_RBAC_NAME },
      spec: { policyName: DELIVERY_PREVIEW_RBAC_NAME, validationActions: ['Deny'] },
    });
  }
}

/**
 * The service as a preview runs it: one replica, no autoscaler, preview requests under its own
 * limits, and no secrets or AWS role: a pull request's code is not trusted with the
 * environment's credentials (and no Pod Identity association exists in a preview namespace).
 */
export function previewEntry(entry: ServiceEnvironment, image: string): ServiceEnvironment {
  const limits = entry.resources;
  const requests = {
    cpuMillis: Math.min(PREVIEW_REQUESTS.cpuMillis, limits.cpuMillis),
    memoryMebibytes: Math.min(PREVIEW_REQUESTS.memoryMebibytes, limits.memoryMebibytes),
  };
  return {
    ...entry,
    image,
    autoscaling: undefined,
    replicas: 1,
    qos: 'Burstable',
    podResources: { requests, limits },
    secrets: {},
    iam: undefined,
  };
}

/**
 * Every object of a preview, in apply order: the namespace and its policy first, then the service
 * rendered by the environment's own ServiceChart, moved into the preview namespace: its ClusterIP
 * Service and no TargetGroupBinding (the shared preview load balancer reaches it through the
 * Ingress, so no preview gets a load balancer of its own).
 */
export function previewManifests(request: PreviewRequest): ManifestObject[] {
  const entry = previewEntry(request.entry, request.image);
  const policy = new PreviewNamespaceChart(chartScope(), 'preview-namespace', { request, entry });
  const service = new ServiceChart(chartScope(), 'preview-service', { entry, priorityClassName: PREVIEW_PRIORITY_CLASS });
  const workloads = (service.toJson() as ManifestObject[]).map((object) => {
    const moved: ManifestObject = { ...object, metadata: { ...object.metadata, namespace: request.namespace } };
    if (object.kind === 'Deployment') {
      const annotations = (object.metadata.annotations as Record<string, string> | undefined) ?? {};
      moved.metadata.annotations = { ...annotations, ...request.annotations };
    }
    return moved;
  });
  return [...(policy.toJson() as ManifestObject[]), ...workloads];
}

/** A cdk8s App per chart, as the cluster stack renders them; nothing is written to disk. */
function chartScope(): App {
  return new App({ outdir: '.', outputFileExtension: '.k8s.yaml' });
}

function quantities(resources: Resources): Record<string, kplus.k8s.Quantity> {
  return {
    cpu: k8s.Quantity.fromString(formatCpu(resources.cpuMillis)),
    memory: k8s.Quantity.fromString(formatMemory(resources.memoryMebibytes)),
  };
}
