import { Validations } from 'aws-cdk-lib';
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
