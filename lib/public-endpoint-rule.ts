import { Annotations, CfnResource, Stack, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** EKS's default when a cluster names no public CIDRs: the whole internet. */
const ANYWHERE = '0.0.0.0/0';

/**
 * A project rule in the manner of cdk-nag: synth fails when an EKS cluster's API endpoint is
 * public to 0.0.0.0/0 and the config did not ask for exactly that. cdk-nag's AwsSolutions-EKS1
 * matches only aws-eks's L1 class, so on aws-eks-v2 clusters it never runs; this rule reads the
 * rendered resource type and properties, escape-hatch overrides included, so no construct can
 * open the endpoint unnoticed.
 *
 * Public access is on and open to 0.0.0.0/0 by default when a cluster does not say otherwise
 * (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html).
 */
export class PublicEndpointRule implements IAspect {
  /** @param allowedCidrs the config's `clusters.<name>.endpoint.publicCidrs` */
  constructor(
    private readonly allowedCidrs: readonly string[],
    private readonly field: string,
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || node.cfnResourceType !== 'AWS::EKS::Cluster') return;
    // The resource as CloudFormation will get it, with every override applied.
    const rendered = Stack.of(node).resolve((node as any)._toCloudFormation()) as Record<string, any>;
    const [resource] = Object.values(rendered.Resources ?? {}) as { Properties?: Record<string, any> }[];
    const vpcConfig = resource?.Properties?.ResourcesVpcConfig ?? {};
    const isPublic = vpcConfig.EndpointPublicAccess ?? true;
    const cidrs: readonly string[] = vpcConfig.PublicAccessCidrs ?? [ANYWHERE];
    if (isPublic && cidrs.includes(ANYWHERE) && !this.allowedCidrs.includes(ANYWHERE)) {
      Annotations.of(node).addError(
        `the cluster's API endpoint is public to ${ANYWHERE}, which ${this.field} does not allow: list the CIDRs that may reach it, or none for a private endpoint`,
      );
    }
  }
}
