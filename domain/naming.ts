/**
 * Every name kubeshift derives, in one place: stacks, EKS clusters, DNS records, certificates,
 * target groups, health checks and alarms, load-balancer tags, PriorityClasses, previews and log
 * groups. Stacks, charts, the config's checks and the commands all call these, so a name can
 * never be built two ways.
 *
 * This module imports nothing: the config's rules use it to check name lengths before any other
 * layer exists, which is the one arrow from `config/` into `domain/` that eslint allows.
 */

/** Prefix of the PriorityClass of every environment: `kubeshift-<environment>`. */
export const PRIORITY_CLASS_PREFIX = 'kubeshift-';

/**
 * A DNS name as Route 53 compares and lists it: lower case, without the trailing dot. DNS names
 * are case-insensitive and Route 53 lists them in lower case with a trailing dot
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html), while the
 * config may write `Example.COM.`.
 */
export function normalizeDnsName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

/** `<service>.<zone>`, or `<service>.<subdomain>.<zone>` when the environment has a subdomain. */
export function recordName(service: string, subdomain: string | undefined, zoneName: string): string {
  return normalizeDnsName([service, subdomain, normalizeDnsName(zoneName)].filter(Boolean).join('.'));
}

/**
 * The per-target name of a service on one cluster: `<service>.<cluster>.<zone>`, or
 * `<service>.<cluster>.<subdomain>.<zone>` with an environment subdomain. An alias to the load
 * balancer that serves the service there, so a cluster at weight 0 can be tried and checked.
 */
export function clusterRecordName(service: string, cluster: string, subdomain: string | undefined, zoneName: string): string {
  return normalizeDnsName([service, cluster, subdomain, normalizeDnsName(zoneName)].filter(Boolean).join('.'));
}

/**
 * The names a cluster's load balancer of one environment answers HTTPS for, as its certificate's
 * domain and alternative name: `*.<zone>` for the weighted names and `*.<cluster>.<zone>` for
 * the per-target names (with the environment's subdomain in both). A wildcard covers one label
 * (https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html), which is what a
 * service name is.
 */
export function loadBalancerCertificateNames(cluster: string, subdomain: string | undefined, zoneName: string): [string, string] {
  const base = normalizeDnsName([subdomain, normalizeDnsName(zoneName)].filter(Boolean).join('.'));
  return [`*.${base}`, `*.${cluster}.${base}`];
}

/** Key prefix of an environment's load-balancer access logs in its cluster's log bucket. */
export function loadBalancerLogPrefix(environment: string): string {
  return environment;
}

/** Name tag of the Route 53 health check of one target of one service environment. */
export function healthCheckName(service: string, environment: string, target: string): string {
  return `${service}/${environment}/${target}`;
}

/**
 * CloudWatch alarm on that health check's status: `<app>/<service>/<env>/<target>/unhealthy`.
 * Alarm names are unique per account and region, hence the app.
 */
export function healthCheckAlarmName(app: string, service: string, environment: string, target: string): string {
  return `${app}/${healthCheckName(service, environment, target)}/unhealthy`;
}

/**
 * Tags every load balancer of a cluster carries, so that the commands find the one serving a
 * cluster, environment and load-balancer group without reading any stack.
 */
export const LOAD_BALANCER_TAGS = {
  app: 'kubeshift:app',
  cluster: 'kubeshift:cluster',
  environment: 'kubeshift:environment',
  group: 'kubeshift:load-balancer-group',
} as const;

/**
 * The tag values of one cluster load balancer, keyed as LOAD_BALANCER_TAGS: the group as its
 * decimal number (`1`). The stacks write them and the commands match them, so both call this.
 */
export function loadBalancerTags(app: string, cluster: string, environment: string, group: number): Record<string, string> {
  return {
    [LOAD_BALANCER_TAGS.app]: app,
    [LOAD_BALANCER_TAGS.cluster]: cluster,
    [LOAD_BALANCER_TAGS.environment]: environment,
    [LOAD_BALANCER_TAGS.group]: String(group),
  };
}

/** Elastic Load Balancing names (load balancers, target groups) are at most 32 characters. */
const MAX_ELB_NAME = 32;
/** Characters of the hash that keeps an ELB name unique in the account and region. */
const ELB_HASH_LENGTH = 8;

/**
 * A target group's name, also its TargetGroupBinding's: `<service>-<environment>` cut to fit,
 * then a hash of everything that identifies the target group (app, cluster, environment,
 * service) and of every property whose change makes CloudFormation replace it (`replacedBy`:
 * port, protocol, target type, VPC). A replacement thus always has a new name, which a named
 * resource needs, and a new TargetGroupBinding, whose target group cannot change in place.
 */
export function targetGroupName(
  identity: { readonly app: string; readonly cluster: string; readonly environment: string; readonly service: string },
  replacedBy: readonly (string | number)[],
): string {
  const hash = shortHash(
    [identity.app, identity.cluster, identity.environment, identity.service, ...replacedBy].join('/'),
    ELB_HASH_LENGTH,
  );
  const stem = `${identity.service}-${identity.environment}`.slice(0, MAX_ELB_NAME - ELB_HASH_LENGTH - 1).replace(/-+$/, '');
  return `${stem}-${hash}`;
}

/**
 * A hosted zone id as the config keeps it: the AWS CLI prints `/hostedzone/Z0123…`, CloudFormation
 * and the SDK take the bare `Z0123…`.
 */
export function bareHostedZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** CloudFormation stack of a cluster: `<app>-cluster-<cluster>`. */
export function clusterStackName(app: string, cluster: string): string {
  return `${app}-cluster-${cluster}`;
}

/** CloudFormation stack of the weighted records: `<app>-dns`. */
export function dnsStackName(app: string): string {
  return `${app}-dns`;
}

/** CloudFormation stack of the delivery handler (Lambda, webhook URL, its secrets and table): `<app>-delivery`. */
export function deliveryStackName(app: string): string {
  return `${app}-delivery`;
}

/** The EKS cluster's own name: `<app>-<cluster>`, unique in the account and region. */
export function eksClusterName(app: string, cluster: string): string {
  return `${app}-${cluster}`;
}

/** The PriorityClass every pod of an environment runs at. */
export function priorityClassName(environment: string): string {
  return `${PRIORITY_CLASS_PREFIX}${environment}`;
}

/**
 * The PriorityClasses every cluster has built in, for what must not be preempted by workloads:
 * per-node agents (DaemonSets) at `node`, cluster add-ons at `cluster`
 * (https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/).
 */
export const SYSTEM_PRIORITY_CLASSES = { node: 'system-node-critical', cluster: 'system-cluster-critical' } as const;

/** The NetworkPolicy that opens a service's pod port to its load balancers, in the environment's namespace. */
export function loadBalancerPolicyName(service: string): string {
  return `${service}-from-load-balancers`;
}

/** Log group EKS writes control-plane logs to; the name is fixed by EKS. */
export function controlPlaneLogGroupName(eksCluster: string): string {
  return `/aws/eks/${eksCluster}/cluster`;
}

/** Log group Fluent Bit ships the cluster's container logs to. */
export function containerLogGroupName(eksCluster: string): string {
  return `/aws/eks/${eksCluster}/containers`;
}

/** Kubernetes namespace names are DNS labels: at most 63 characters. */
const MAX_NAMESPACE = 63;
/** Characters of the hash that keeps a shortened preview namespace unique. */
const SHORT_HASH_LENGTH = 6;

/**
 * What every preview namespace starts with, and so what the delivery handler's access is
 * confined to: its access entry's `pr-*` scope and the admission policy on namespaces.
 */
export const PREVIEW_NAMESPACE_PREFIX = 'pr-';

/**
 * The Kubernetes group the delivery handler's access entry puts it in on the cluster that hosts
 * previews: RBAC grants that group what EKS access policies cannot (creating and deleting
 * namespaces, their quotas and limit ranges), and an admission policy confines it to previews.
 */
export const DELIVERY_PREVIEW_GROUP = 'kubeshift:delivery-previews';

/**
 * The namespace of a pull request's preview: `pr-<number>-<service>`, cut and suffixed with a
 * short hash of the full name when longer than a namespace may be, so two long names stay apart.
 */
export function previewNamespace(pullRequest: number, service: string): string {
  const full = `${PREVIEW_NAMESPACE_PREFIX}${pullRequest}-${service}`;
  if (full.length <= MAX_NAMESPACE) return full;
  const suffix = `-${shortHash(full, SHORT_HASH_LENGTH)}`;
  return `${full.slice(0, MAX_NAMESPACE - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/**
 * The one record every preview's host name falls under, `*.preview.<zone>`: it points at the
 * load balancer all previews share, and the stack's certificate covers the same names.
 */
export function previewWildcardName(zoneName: string): string {
  return `*.preview.${normalizeDnsName(zoneName)}`;
}

/** Where a preview answers: `<service>-pr-<number>.preview.<zone>`. */
export function previewHostName(service: string, pullRequest: number, zoneName: string): string {
  return normalizeDnsName(`${service}-pr-${pullRequest}.preview.${normalizeDnsName(zoneName)}`);
}

/**
 * FNV-1a in base 36, `length` characters (up to 12: two 32-bit rounds with different seeds):
 * stable, short, and needs no import (this module imports nothing).
 */
function shortHash(text: string, length: number): string {
  const round = (seed: number) => {
    let hash = seed;
    for (const char of text) {
      hash ^= char.codePointAt(0)!;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(36).padStart(6, '0').slice(-6);
  };
  // The first round last: six characters are what previews have always been named with.
  return `${round(0x050c5d1f)}${round(0x811c9dc5)}`.slice(-length);
}

/** The status context's last part for a pull request's preview (an environment has its own name there). */
export const PREVIEW_STATUS_ENVIRONMENT = 'preview';

/**
 * Commit status context of one deployment: `kubeshift/<cluster>/<environment>`, or
 * `kubeshift/<cluster>/preview`. The cluster is in it so that two clusters running the same
 * commit never overwrite each other's status (GitHub keeps the latest status per context).
 */
export function commitStatusContext(cluster: string, environment: string): string {
  return `kubeshift/${cluster}/${environment}`;
}

/**
 * PriorityClass of every preview pod, the lowest of kubeshift's. The dot keeps it apart from
 * every environment's `kubeshift-<environment>`: environment names are DNS labels, without dots.
 */
export const PREVIEW_PRIORITY_CLASS = 'kubeshift.preview';

/**
 * Hidden first line of the one pull-request comment that names a preview, so the handler finds
 * and edits it instead of adding one per push.
 */
export function previewCommentMarker(cluster: string, service: string): string {
  return `<!-- kubeshift:preview ${cluster}/${service} -->`;
}

/** Kubernetes label values are at most 63 characters. */
const MAX_LABEL_VALUE = 63;

/**
 * A GitHub repository as a label value: `owner.name` (a label value cannot hold `/`; owners
 * cannot hold `.`, so the first dot splits it again), cut and suffixed with a short hash of the
 * full name when longer than 63 characters. The exact name is in an annotation beside it.
 */
export function repositoryLabelValue(repository: string): string {
  const value = repository.replace('/', '.');
  if (value.length <= MAX_LABEL_VALUE) return value;
  const suffix = `-${shortHash(repository.toLowerCase(), SHORT_HASH_LENGTH)}`;
  return `${value.slice(0, MAX_LABEL_VALUE - suffix.length).replace(/[-_.]+$/, '')}${suffix}`;
}

/**
 * The ConfigMap, in an environment's namespace, that records which image of a delivered service
 * runs there: created by the cluster stack with the config's image, rewritten by delivery, read
 * by the stack at deploy time so that a later deploy never rolls a delivered image back.
 */
export function runningImageConfigMapName(service: string): string {
  return `kubeshift-image-${service}`;
}

/** The key of the image in that ConfigMap. */
export const RUNNING_IMAGE_KEY = 'image';

/**
 * The delivery Lambda's contract with its stack: the environment variables the stack sets and
 * the handler reads, the global the bundle's config is defined as, and its table's attributes.
 */
export const DELIVERY_LAMBDA = {
  env: {
    table: 'KUBESHIFT_DELIVERY_TABLE',
    webhookSecretArn: 'KUBESHIFT_WEBHOOK_SECRET_ARN',
    githubTokenArn: 'KUBESHIFT_GITHUB_TOKEN_SECRET_ARN',
    /** Unset in AWS: https://api.github.com. A stand-in's URL in tests. */
    githubApi: 'KUBESHIFT_GITHUB_API',
    /** Unset in AWS: the region's EKS endpoint. A stand-in's URL in tests. */
    eksApi: 'KUBESHIFT_EKS_API',
  },
  configGlobal: 'KUBESHIFT_DELIVERY_CONFIG',
  tableKey: 'id',
  tableExpiry: 'expiresAt',
} as const;

/**
 * The ServiceAccount of a service that has an AWS identity, in each environment's namespace: its
 * Pod Identity association names it, so the name is the service's own.
 */
export function serviceAccountName(service: string): string {
  return service;
}

/** The SecretProviderClass that lists a service's secrets, in each environment's namespace. */
export function secretProviderClassName(service: string): string {
  return service;
}

/**
 * The Kubernetes Secret the Secrets Store CSI driver syncs a service's secrets into while one of
 * its pods runs; the Deployment reads its variables from it. Never in a manifest: the driver writes it.
 */
export function syncedSecretName(service: string): string {
  return `${service}-secrets`;
}
