import { Stack } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ZonalNodeGroup } from '../../domain/zonal-node-groups';
import {
  acknowledgeFindings,
  acknowledgeRule,
  managedPolicyFinding,
  skipCheckovChecksOnType,
  skipCheckovOnCdkOwnedLambdas,
} from './acknowledge';

export interface NodeGroupScalingProps {
  /** The managed node group whose scaling config this sets instead of its template. */
  readonly nodeGroup: eks.Nodegroup;
  /** The EKS cluster's name as a plain string. */
  readonly clusterName: string;
  /** Its sizes: `desiredSize` (else `minSize`) at creation only, `minSize` and `maxSize` always. */
  readonly sizes: ZonalNodeGroup;
}

/**
 * A managed node group's scaling config, set by EKS API calls instead of its template, so that its
 * desired size is set once, when it is created, and never again: afterwards the Cluster
 * Autoscaler owns it. In the template, CloudFormation sends `DesiredSize` again whenever the
 * scaling config is updated, and EKS then resizes the group to it, terminating nodes the autoscaler
 * added (https://github.com/eksctl-io/eksctl/issues/3532); leaving only `DesiredSize` out is no
 * answer, since a node group must be created with all three sizes or none ("When creating a node
 * group, you must specify all or none of the properties. When updating a node group, you can
 * specify any or none": https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html).
 * So the template creates the group with none (EKS's defaults, for the minutes until this runs),
 * and UpdateNodegroupConfig sets all three on creation, then only `minSize` and `maxSize` when
 * they change. EKS refuses a minimum above the current desired size (or a maximum below it) on
 * update: raising `minSize` past what the autoscaler holds fails the deploy with EKS's message,
 * it does not resize silently.
 *
 * Its construct id is to carry what the node group cannot change without being replaced (the
 * instance type): a replaced node group then gets a new one of these, which creates it again.
 */
export class NodeGroupScaling extends Construct {
  constructor(scope: Construct, id: string, props: NodeGroupScalingProps) {
    super(scope, id);
    const { nodeGroup, sizes } = props;
    (nodeGroup.node.defaultChild as eks.CfnNodegroup).addPropertyDeletionOverride('ScalingConfig');
    const update = (scalingConfig: Record<string, number>): cr.AwsSdkCall => ({
      service: 'EKS',
      action: 'UpdateNodegroupConfig',
      parameters: { clusterName: props.clusterName, nodegroupName: nodeGroup.nodegroupName, scalingConfig },
      physicalResourceId: cr.PhysicalResourceId.of(nodeGroup.nodegroupName),
    });
    const resource = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: update({ minSize: sizes.minSize, maxSize: sizes.maxSize, desiredSize: sizes.desiredSize ?? sizes.minSize }),
      onUpdate: update({ minSize: sizes.minSize, maxSize: sizes.maxSize }),
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [nodeGroup.nodegroupArn] }),
      // The SDK in the Lambda runtime has UpdateNodegroupConfig; fetching a newer one needs internet.
      installLatestAwsSdk: false,
    });
    resource.node.addDependency(nodeGroup.node.defaultChild!);
  }
}

/** cdk-nag findings on the one Lambda every AwsCustomResource of a stack shares, with their reasons. */
export function acknowledgeCustomResourceProvider(scope: Construct): void {
  // A SingletonFunction lives at the stack's root, named by its purpose and uuid.
  const provider = Stack.of(scope).node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
  if (!provider) return;
  acknowledgeFindings(
    provider,
    'AwsSolutions-IAM4',
    [managedPolicyFinding('service-role/AWSLambdaBasicExecutionRole')],
    'The AwsCustomResource provider of aws-cdk-lib: it only writes its own logs.',
  );
  acknowledgeRule(provider, 'AwsSolutions-L1', 'aws-cdk-lib pins the AwsCustomResource provider to the Node.js runtime it is tested with.');
  skipCheckovOnCdkOwnedLambdas(provider, ['CKV_AWS_115', 'CKV_AWS_116']);
  skipCheckovChecksOnType(
    provider,
    'AWS::Lambda::Function',
    ['CKV_AWS_117'],
    'This CDK handler only calls the public EKS API (UpdateNodegroupConfig) and reaches nothing inside the VPC',
  );
}
