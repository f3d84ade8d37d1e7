import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule, skipCheckovChecks } from './private/acknowledge';

/** Load-balancer access logs are kept a month, like the cluster's control-plane and container logs. */
export const ACCESS_LOG_RETENTION = Duration.days(30);
/** What the load balancers listen on: HTTPS, and HTTP only to redirect to it. */
export const LISTENER_PORTS = [443, 80] as const;

export interface ClusterEdgeProps {
  /** The cluster's VPC. */
  readonly vpc: ec2.IVpc;
  /** The EKS cluster security group: managed nodes, and so the pods' IPs, are in it. */
  readonly clusterSecurityGroup: ec2.ISecurityGroup;
  /** The pods' ports that the load balancers send to, each opened once. */
  readonly podPorts: readonly number[];
  /** Whether the cluster is protected from deletion: then the log bucket outlives it. */
  readonly deletionProtection: boolean;
}

/**
 * What every load balancer of a cluster shares: one security group (443 and 80 from anywhere,
 * out only to the pods' ports), the matching inbound rules on the cluster security group (one per
 * distinct port, so no rule is ever duplicated), and the access-log bucket.
 *
 * Pods use the security groups of their node's primary network interface, which for managed node
 * groups is the cluster security group (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html).
 */
export class ClusterEdge extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ClusterEdgeProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'LoadBalancers', {
      vpc: props.vpc,
      description: 'kubeshift load balancers: HTTPS and HTTP from the internet, to the pods only',
      allowAllOutbound: false,
    });
    for (const port of LISTENER_PORTS) this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `internet to ${port}`);
    acknowledgeRule(
      this.securityGroup,
      'AwsSolutions-EC23',
      'An internet-facing load balancer: HTTPS (and HTTP, which only redirects) from anywhere is its purpose.',
    );
    skipCheckovChecks(
      this.securityGroup,
      ['CKV_AWS_260'],
      'An internet-facing load balancer: port 80 from anywhere only answers with a redirect to HTTPS',
    );
    for (const port of [...new Set(props.podPorts)].sort((a, b) => a - b)) {
      this.securityGroup.connections.allowTo(props.clusterSecurityGroup, ec2.Port.tcp(port), `load balancers to pods on ${port}`);
    }

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      // Elastic Load Balancing writes access logs only to buckets encrypted with S3-managed keys
      // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire', expiration: ACCESS_LOG_RETENTION, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // A protected cluster keeps its logs (and the bucket) when destroyed; one meant to be destroyed takes them along.
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.deletionProtection,
    });
    acknowledgeRule(
      this.logBucket,
      'AwsSolutions-S1',
      'This bucket holds the load balancers’ access logs; logging access to it would need yet another bucket.',
    );
    skipCheckovChecks(
      this.logBucket,
      ['CKV_AWS_18'],
      'This bucket holds the load balancers access logs; logging access to it would need yet another bucket',
    );
    skipCheckovChecks(
      this.logBucket,
      ['CKV_AWS_21'],
      'Access logs are written once and expire by the lifecycle rule; versions would only keep expired logs longer',
    );
  }
}
