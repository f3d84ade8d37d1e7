import { Aspects, CfnResource, CustomResourceProviderBase, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag AwsSolutions findings on one construct, each by its full id
 * (`AwsSolutions::AwsSolutions-IAM5[Resource::*]`): a bare rule id does not cover findings that
 * carry a `[...]` suffix, so every acknowledged finding is named, with the reason it stands.
 */
export function acknowledgeFindings(scope: IConstruct, rule: string, findings: readonly string[], reason: string): void {
  for (const finding of findings) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}[${finding}]`, reason });
  }
}

/** Acknowledges a cdk-nag AwsSolutions rule that reports no finding suffix (e.g. `AwsSolutions-L1`). */
export function acknowledgeRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}

/** How cdk-nag prints an AWS managed policy in IAM4 findings. */
export function managedPolicyFinding(name: string): string {
  return `Policy::arn:<AWS::Partition>:iam::aws:policy/${name}`;
}

/**
 * Skips checkov checks on one CloudFormation resource, each with the reason it stands: checkov
 * reads `Metadata.checkov.skip: [{ id, comment }]` of the resource it reports
 * (https://www.checkov.io/2.Basics/Suppressing%20and%20Skipping%20Policies.html). `scope` is the
 * resource or a construct whose default child is; skips added twice to one resource accumulate.
 */
export function skipCheckovChecks(scope: IConstruct, checks: readonly string[], reason: string): void {
  const resource = scope instanceof CfnResource ? scope : scope.node.defaultChild;
  if (!(resource instanceof CfnResource))
    throw new Error(`${scope.node.path} is not a CloudFormation resource and has none as its default child`);
  const existing = (resource.getMetadata('checkov') as { skip?: CheckovSkip[] } | undefined)?.skip ?? [];
  resource.addMetadata('checkov', { skip: [...existing, ...checks.map((id) => ({ id, comment: reason }))] });
}

/** Skips checkov checks on every resource of `type` (e.g. `AWS::Lambda::Function`) in `scope`'s tree. */
export function skipCheckovChecksOnType(scope: IConstruct, type: string, checks: readonly string[], reason: string): void {
  const resources = scope.node
    .findAll()
    .filter((node): node is CfnResource => node instanceof CfnResource && node.cfnResourceType === type);
  if (resources.length === 0) throw new Error(`${scope.node.path} has no ${type} to skip checkov checks on`);
  for (const resource of resources) skipCheckovChecks(resource, checks, reason);
}

interface CheckovSkip {
  readonly id: string;
  readonly comment: string;
}

/**
 * Why checkov's Lambda checks do not apply to the custom-resource handlers CDK itself owns (the
 * providers of CfnJson and of the OIDC provider, aws-eks-v2's kubectl provider): CDK builds and
 * updates their code and settings; kubeshift only deploys them.
 */
export const CDK_OWNED_LAMBDA_SKIPS = {
  CKV_AWS_115: 'A CDK custom-resource handler runs a few times per deployment; reserved concurrency would only take from the account pool',
  CKV_AWS_116:
    'CloudFormation waits for the handler response and fails the deployment itself; a dead-letter queue would hold nothing anyone reads',
  CKV_AWS_117: 'This CDK handler calls only public AWS APIs (IAM, CloudFormation) and reaches nothing inside the VPC',
  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
  CKV_AWS_173: 'The handler environment holds no secret (function ARNs and names); Lambda encrypts it at rest with an AWS managed key',
} as const;

/** Skips the named checks of CDK_OWNED_LAMBDA_SKIPS on every Lambda function in `scope`'s tree. */
export function skipCheckovOnCdkOwnedLambdas(scope: IConstruct, checks: ReadonlyArray<keyof typeof CDK_OWNED_LAMBDA_SKIPS>): void {
  for (const check of checks) skipCheckovChecksOnType(scope, 'AWS::Lambda::Function', [check], CDK_OWNED_LAMBDA_SKIPS[check]);
}

/**
 * The same for the stack-level singleton providers CDK creates lazily (the first CfnJson, the
 * first OIDC provider), through an Aspect: they exist only once the stack is built. They run
 * outside the VPC and have no environment variables.
 */
export function skipCheckovOnCdkProviderSingletons(stack: IConstruct): void {
  Aspects.of(stack).add({
    visit(node: IConstruct): void {
      if (!(node instanceof CustomResourceProviderBase)) return;
      skipCheckovOnCdkOwnedLambdas(node, ['CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_117']);
      // CDK's id for the provider behind iam.OpenIdConnectProvider (aws-eks-v2 creates one per cluster).
      if (node.node.id === 'Custom::AWSCDKOpenIdConnectProviderCustomResourceProvider') {
        skipCheckovChecksOnType(
          node,
          'AWS::IAM::Role',
          ['CKV_AWS_109'],
          "CDK's own role for iam.OpenIdConnectProvider: CDK writes its policy (OpenID Connect provider actions on any provider) and offers no way to narrow it",
        );
      }
    },
  });
}
