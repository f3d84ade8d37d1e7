import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { KubeshiftConfig } from '../config';
import { importVpc } from '../constructs';
import { acknowledgeFindings, acknowledgeRule, managedPolicyFinding, skipCheckovChecks } from '../constructs/private/acknowledge';
import { deliveryScopes, scopedNamespaces, type DeliveryScope } from '../domain/delivery/access-scope';
import { DomainError } from '../domain/domain-error';
import { DELIVERY_LAMBDA, DELIVERY_PREVIEW_GROUP, eksClusterName, previewWildcardName } from '../domain/naming';
import type { ClusterStack } from './cluster-stack';

/**
 * The project's root: the nearest folder above this module with a package.json (this module runs
 * from lib/ under jest and from .cache/app/ when bin/app.js runs the bundled app).
 */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The handler's source, relative to the project root: esbuild (aws-cdk-lib's NodejsFunction) bundles it. */
export const DELIVERY_ENTRY = path.join('bin', 'delivery-lambda.ts');
/**
 * The newest Node.js runtime aws-cdk-lib 2.276 knows: cdk-nag's AwsSolutions-L1 accepts only the
 * newest of the family, and the issue asks for Node 22 or later.
 */
export const DELIVERY_RUNTIME = lambda.Runtime.NODEJS_24_X;
/**
 * esbuild takes `define` as one command-line argument, and Linux caps one argument at 128 KiB
 * (MAX_ARG_STRLEN): the config built in stays under this, or synth says so.
 */
export const MAX_BUNDLED_CONFIG_BYTES = 120 * 1024;
/**
 * How often the sweeper runs: it reports rollouts the webhook left pending (a Lambda cannot wait
 * for them), and redoes what a lost webhook should have done. Each run costs a few GitHub calls
 * per repository and open pull request, well inside an installation's 5,000 an hour.
 */
export const SWEEP_INTERVAL = Duration.minutes(2);
/** One run ends before the next starts; a webhook's own budget is 8 s (cli/delivery/lambda.ts). */
export const DELIVERY_TIMEOUT = Duration.minutes(2);
/** cdk8s-plus in the bundle (preview rendering) wants room to load. */
export const DELIVERY_MEMORY_MIB = 512;
/** The EKS API port of the cluster endpoint (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html). */
const HTTPS = 443;
/**
 * The EKS access policy granted in the scoped namespaces: the Kubernetes `edit` role's verbs
 * (Deployments, ConfigMaps, Services, Ingresses, NetworkPolicies, HPAs, PDBs), no RBAC, no
 * quotas (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html).
 */
export const DELIVERY_ACCESS_POLICY = 'AmazonEKSEditPolicy';

/** What the handler needs of the config: the delivered services only, so the bundle stays small. */
export function bundledConfig(config: KubeshiftConfig): string {
  const json = JSON.stringify({ ...config, services: config.services.filter((service) => service.repository) });
  if (Buffer.byteLength(json) > MAX_BUNDLED_CONFIG_BYTES)
    throw new DomainError(
      `delivery: the delivered services' config is ${Buffer.byteLength(json)} bytes, over the ${MAX_BUNDLED_CONFIG_BYTES} the delivery Lambda's bundle can take; deliver fewer services per app`,
    );
  return json;
}

/** The esbuild options of the handler's bundle; a test builds the same bundle with them. */
export function deliveryBundling(config: KubeshiftConfig): nodejs.BundlingOptions {
  return {
    // The config, validated at synth, becomes a string constant of the bundle.
    define: { [DELIVERY_LAMBDA.configGlobal]: JSON.stringify(bundledConfig(config)) },
    // Bundled too: the runtime's own SDK copy is whatever version Lambda ships that day.
    bundleAwsSDK: true,
    minify: true,
    sourceMap: true,
    target: 'node24',
  };
}

export interface DeliveryStackProps extends StackProps {
  readonly config: KubeshiftConfig;
  /** The stacks of the clusters in the config, by cluster name: the handler reaches those it acts on. */
  readonly clusters: ReadonlyMap<string, ClusterStack>;
}

/**
 * `<app>-delivery`: the delivery handler as a Lambda behind a Function URL (GitHub's webhooks) and
 * on a schedule (the sweeper), in the VPC's private subnets so it reaches the private cluster
 * endpoints, with the webhook secret and GitHub credential in Secrets Manager, a DynamoDB table
 * of the delivery ids already acted on, and per cluster an access entry scoped to its namespaces.
 */
/**
 * Why checkov's concurrency, dead-letter-queue and environment-encryption checks stand aside for
 * the handler: every run re-reads what it needs and converges, so a throttled or failed run is
 * redone by the next sweep (every two minutes), and its variables hold names and ARNs, no secret.
 */
const DELIVERY_HANDLER_CHECKOV_REASON =
  'A lost or throttled run is redone by the next scheduled sweep, so neither reserved concurrency nor a dead-letter queue adds safety; its variables hold names and ARNs, no secret';

export class DeliveryStack extends Stack {
  readonly handler: nodejs.NodejsFunction;
  readonly functionUrl: lambda.FunctionUrl;
  readonly table: dynamodb.Table;
  readonly webhookSecret: secretsmanager.Secret;
  readonly githubToken: secretsmanager.Secret;
  readonly scopes: readonly DeliveryScope[];
  /** `*.preview.<zone>`, which the previews' shared load balancer serves; only with `delivery.previews`. */
  readonly previewCertificate?: acm.Certificate;

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.scopes = deliveryScopes(config);

    this.webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description: `kubeshift ${config.app}: the secret of the GitHub webhook (copy it into the webhook's settings)`,
      // Generated by Secrets Manager at deploy: no value is ever in the template.
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    this.githubToken = new secretsmanager.Secret(this, 'GitHubToken', {
      description: `kubeshift ${config.app}: the GitHub token delivery posts statuses and comments with (put it here after deploy)`,
    });
    for (const secret of [this.webhookSecret, this.githubToken]) {
      acknowledgeRule(
        secret,
        'AwsSolutions-SMG4',
        'Rotated by the operator on GitHub (webhook secret, token), then stored here: Secrets Manager cannot rotate a value another service issues.',
      );
      skipCheckovChecks(
        secret,
        ['CKV_AWS_149'],
        "Encrypted with the account's AWS managed key for Secrets Manager; only this function's role is granted to read it",
      );
    }

    this.table = new dynamodb.Table(this, 'DeliveryIds', {
      partitionKey: { name: DELIVERY_LAMBDA.tableKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Each item's expiry is 4 days on, past GitHub's 3-day window for redelivering a delivery
      // (https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks;
      // DELIVERY_ID_RETENTION_MS in cli/delivery/delivery-ids.ts), and DynamoDB deletes it after.
      timeToLiveAttribute: DELIVERY_LAMBDA.tableExpiry,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Ids of past deliveries only: nothing to keep once the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    skipCheckovChecks(
      this.table,
      ['CKV_AWS_119'],
      'Holds delivery ids only (no payload, no secret); encrypted at rest by DynamoDB with its own key',
    );

    const vpc = importVpc(this, 'Vpc', config.vpc);
    const securityGroup = new ec2.SecurityGroup(this, 'HandlerSecurityGroup', {
      vpc,
      description: 'kubeshift delivery handler: HTTPS out to the cluster APIs, GitHub and AWS APIs; nothing in',
      allowAllOutbound: false,
    });
    // GitHub's addresses change (https://api.github.com/meta), and AWS endpoints are public: HTTPS to anywhere, through the VPC's egress.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS), 'HTTPS: GitHub, AWS APIs, cluster endpoints');

    const root = projectRoot();
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    skipCheckovChecks(logGroup, ['CKV_AWS_158'], 'CloudWatch Logs encrypts every log group at rest; the handler logs no secret');
    this.handler = new nodejs.NodejsFunction(this, 'Handler', {
      entry: path.join(root, DELIVERY_ENTRY),
      projectRoot: root,
      depsLockFilePath: path.join(root, 'package-lock.json'),
      handler: 'handler',
      runtime: DELIVERY_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: DELIVERY_MEMORY_MIB,
      timeout: DELIVERY_TIMEOUT,
      description: `kubeshift ${config.app}: GitHub webhooks and the delivery sweeper`,
      vpc,
      vpcSubnets: { subnets: vpc.privateSubnets },
      securityGroups: [securityGroup],
      logGroup,
      bundling: deliveryBundling(config),
      environment: {
        // The bundle's source map turns a stack trace in the logs back into TypeScript lines.
        NODE_OPTIONS: '--enable-source-maps',
        [DELIVERY_LAMBDA.env.table]: this.table.tableName,
        [DELIVERY_LAMBDA.env.webhookSecretArn]: this.webhookSecret.secretArn,
        [DELIVERY_LAMBDA.env.githubTokenArn]: this.githubToken.secretArn,
      },
    });
    this.table.grant(this.handler, 'dynamodb:PutItem');
    this.webhookSecret.grantRead(this.handler);
    this.githubToken.grantRead(this.handler);

    // GitHub cannot sign a request with AWS credentials: it signs the body with the webhook secret,
    // and the handler checks X-Hub-Signature-256 before it reads anything (cli/delivery/webhook.ts).
    this.functionUrl = this.handler.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    skipCheckovChecks(
      this.functionUrl,
      ['CKV_AWS_258'],
      'GitHub cannot sign with AWS credentials; the handler verifies X-Hub-Signature-256 of every request before reading it',
    );
    skipCheckovChecks(this.handler, ['CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_173'], DELIVERY_HANDLER_CHECKOV_REASON);

    new events.Rule(this, 'Sweep', {
      description: `kubeshift ${config.app}: the delivery sweeper (rollout statuses, lost webhooks, expired previews)`,
      schedule: events.Schedule.rate(SWEEP_INTERVAL),
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 0 })],
    });

    const role = this.handler.role!;
    for (const scoped of this.scopes) {
      const clusterStack = props.clusters.get(scoped.cluster);
      if (!clusterStack) throw new DomainError(`delivery: no stack for cluster ${scoped.cluster}`);
      const eksName = eksClusterName(config.app, scoped.cluster);
      new ec2.CfnSecurityGroupIngress(this, `ClusterApi-${scoped.cluster}`, {
        groupId: clusterStack.sharedCluster.cluster.clusterSecurityGroupId,
        sourceSecurityGroupId: securityGroup.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: HTTPS,
        toPort: HTTPS,
        description: 'kubeshift delivery handler to the Kubernetes API',
      });
      new eks.CfnAccessEntry(this, `AccessEntry-${scoped.cluster}`, {
        clusterName: eksName,
        principalArn: role.roleArn,
        type: 'STANDARD',
        // On the preview cluster, RBAC for what no access policy grants (charts/preview-chart.ts PreviewPolicyChart).
        kubernetesGroups: scoped.previews ? [DELIVERY_PREVIEW_GROUP] : undefined,
        accessPolicies: [
          {
            policyArn: `arn:${this.partition}:eks::aws:cluster-access-policy/${DELIVERY_ACCESS_POLICY}`,
            // EKS accepts a trailing wildcard in a namespace scope (`pr-*`):
            // https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html
            accessScope: { type: 'namespace', namespaces: scopedNamespaces(scoped) },
          },
        ],
      });
      // The endpoint and CA are read at runtime (DescribeCluster), so the stack holds no copy to go stale.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['eks:DescribeCluster'],
          resources: [this.formatArn({ service: 'eks', resource: 'cluster', resourceName: eksName })],
        }),
      );
      this.addDependency(clusterStack, 'its access entries and security group rule are on the cluster');
    }
    if (config.delivery?.previews) this.previewCertificate = this.previewDns(config, role);

    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/core:crossStackReferencesDefaultStrong',
      "Strong on purpose: a cluster stack must not drop the security group this stack's rule is on; clusters are replaced, never changed.",
    );

    acknowledgeFindings(
      role,
      'AwsSolutions-IAM4',
      [
        managedPolicyFinding('service-role/AWSLambdaBasicExecutionRole'),
        managedPolicyFinding('service-role/AWSLambdaVPCAccessExecutionRole'),
      ],
      'The AWS managed policies Lambda documents for writing logs and attaching to the VPC; their actions are what the function needs.',
    );

    new CfnOutput(this, 'WebhookUrl', {
      value: this.functionUrl.url,
      description: "The GitHub webhook's Payload URL (content type application/json)",
    });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: this.webhookSecret.secretArn,
      description: "The webhook's secret: read it and paste it into the webhook's Secret",
    });
    new CfnOutput(this, 'GitHubTokenSecretArn', {
      value: this.githubToken.secretArn,
      description: 'Put the GitHub token here (aws secretsmanager put-secret-value)',
    });
  }

  /**
   * What makes `https://<service>-pr-<n>.preview.<zone>` work: a certificate for
   * `*.preview.<zone>`, validated by DNS in the config's zone, which the AWS Load Balancer
   * Controller finds in ACM from the preview Ingresses' hosts
   * (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/cert_discovery/);
   * and the handler's leave to write the record `*.preview.<zone>` once that load balancer exists
   * (cli/delivery/preview-record.ts), and to delete it with the last preview: that record only, a
   * CNAME, by UPSERT or DELETE, as Route 53's condition keys can say
   * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html).
   */
  private previewDns(config: KubeshiftConfig, role: iam.IRole): acm.Certificate {
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: config.dns.hostedZoneId,
      zoneName: config.dns.zoneName,
    });
    const name = previewWildcardName(config.dns.zoneName);
    const certificate = new acm.Certificate(this, 'PreviewCertificate', {
      domainName: name,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    skipCheckovChecks(
      certificate,
      ['CKV2_AWS_71'],
      'One load balancer serves every preview, so its certificate covers every preview name; the wildcard is one level under preview.<zone>, a subdomain nothing but previews uses',
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zone.hostedZoneArn],
        conditions: {
          'ForAllValues:StringEquals': {
            // Normalized as the condition key wants it: lower case, no trailing dot, `*` as \052.
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [name.replace('*', '\\052')],
            'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'],
            'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
          },
        },
      }),
    );
    // A DELETE names the record as it stands, so the handler reads it first (read-only).
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['route53:ListResourceRecordSets'], resources: [zone.hostedZoneArn] }));
    new CfnOutput(this, 'PreviewCertificateArn', {
      value: certificate.certificateArn,
      description: `The certificate of ${name}, which the previews' load balancer serves`,
    });
    return certificate;
  }
}
