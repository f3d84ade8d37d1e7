import { Tags } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { skipCheckovChecks } from './private/acknowledge';

/**
 * The TLS policy of every HTTPS listener: TLS 1.3 and 1.2 with hybrid post-quantum key exchange,
 * restricted ciphers; what AWS recommends and the console's default
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 */
export const TLS_POLICY = elbv2.SslPolicy.TLS13_12_RES_PQ;
/** The HTTPS listener answers a host name no rule matches with this. */
export const NO_SUCH_SERVICE = { statusCode: 404, body: 'no service answers at this name' } as const;

export interface EnvironmentLoadBalancerProps {
  /** The cluster's VPC: the load balancer sits in its public subnets. */
  readonly vpc: ec2.IVpc;
  /** The cluster's load-balancer security group (443 and 80 in, the pod ports out). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The hosted zone that validates the certificate. */
  readonly zone: route53.IHostedZone;
  /** The certificate's domain name and alternative name (domain/naming.ts `loadBalancerCertificateNames`). */
  readonly certificateNames: readonly [string, string];
  /**
   * A certificate of ACM to use instead, which must cover `certificateNames`.
   * @default - a certificate for `certificateNames`, validated by DNS in `zone`
   */
  readonly certificateArn?: string;
  /** Where the access logs go. */
  readonly accessLogs: { readonly bucket: s3.IBucket; readonly prefix: string };
  /** Whether the load balancer refuses to be deleted (off only for a cluster meant to be destroyed). */
  readonly deletionProtection: boolean;
  /**
   * A regional WAFv2 web ACL to associate.
   * @default - none
   */
  readonly webAclArn?: string;
  /** Tags by which the commands find the load balancer (domain/naming.ts `LOAD_BALANCER_TAGS`). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One internet-facing Application Load Balancer: HTTPS on 443 with a current TLS policy, HTTP on
 * 80 redirecting to it, access logs, deletion protection, an optional web ACL. Services attach
 * their target groups and host rules to `httpsListener` (constructs/service-target.ts).
 */
export class EnvironmentLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly httpsListener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: EnvironmentLoadBalancerProps) {
    super(scope, id);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnets: props.vpc.publicSubnets },
      securityGroup: props.securityGroup,
      deletionProtection: props.deletionProtection,
      // Requests with header names that are not valid HTTP are dropped, not passed to the apps.
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(props.accessLogs.bucket, props.accessLogs.prefix);
    // The load balancer only: its listeners are found through it (cfn-lint's schema has no tags on listeners).
    for (const [key, value] of Object.entries(props.tags)) {
      Tags.of(this.loadBalancer).add(key, value, { includeResourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'] });
    }

    const [domainName, alternativeName] = props.certificateNames;
    const certificate = props.certificateArn
      ? elbv2.ListenerCertificate.fromArn(props.certificateArn)
      : new acm.Certificate(this, 'Certificate', {
          domainName,
          subjectAlternativeNames: [alternativeName],
          // CloudFormation writes the validation records itself and never deletes them, so clusters
          // whose certificates share a name also share its record safely
          // (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1603).
          validation: acm.CertificateValidation.fromDns(props.zone),
        });
    if (certificate instanceof acm.Certificate) {
      skipCheckovChecks(
        certificate,
        ['CKV2_AWS_71'],
        'One load balancer serves up to 100 services of an environment, each under its own host name: one wildcard name per level covers them all',
      );
    }

    // The security group's rules are the cluster's (constructs/cluster-edge.ts), hence `open: false`.
    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: TLS_POLICY,
      certificates: [certificate],
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(NO_SUCH_SERVICE.statusCode, {
        contentType: 'text/plain',
        messageBody: NO_SUCH_SERVICE.body,
      }),
    });
    this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    if (props.webAclArn) {
      new wafv2.CfnWebACLAssociation(this, 'WebAcl', { resourceArn: this.loadBalancer.loadBalancerArn, webAclArn: props.webAclArn });
    }
  }
}
