import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { SecretReference, ServiceIam } from '../config';
import { acknowledgeFindings } from './private/acknowledge';

/** The service principal EKS Pod Identity assumes roles as (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html). */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
/**
 * Reading a secret: GetSecretValue and DescribeSecret, the pair of ASCP's documented pod policy
 * (https://github.com/aws/secrets-store-csi-driver-provider-aws, "Usage").
 * No kms:Decrypt: a secret under the AWS managed key `aws/secretsmanager` needs none; a secret
 * under a customer key needs the key's policy (and, if it says so, a statement in `iam`), the
 * owner's decision, not kubeshift's.
 */
export const SECRETS_MANAGER_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
/**
 * Reading a parameter: ASCP fetches parameters in batches with GetParameters; GetParameter for
 * an app that reads one itself (https://docs.aws.amazon.com/systems-manager/latest/userguide/integrating_csi_driver.html).
 */
export const SSM_READ_ACTIONS = ['ssm:GetParameters', 'ssm:GetParameter'];

export interface ServiceIdentityProps {
  /** The cluster whose pods assume the role. */
  readonly cluster: eks.ICluster;
  /** The environment's namespace. */
  readonly namespace: string;
  /** The service's ServiceAccount in that namespace (the service chart creates it). */
  readonly serviceAccount: string;
  /** The variables read from Secrets Manager or SSM: the role may read exactly these ARNs. */
  readonly secrets: Readonly<Record<string, SecretReference>>;
  /** The service's own permissions. @default - none */
  readonly permissions?: ServiceIam;
}

/**
 * One service's AWS identity in one environment on one cluster, the instance profile's
 * replacement: a role that only EKS Pod Identity may assume, and only for this cluster,
 * namespace and ServiceAccount, allowed to read exactly the service's secrets plus what its
 * `iam` lists; and the Pod Identity association that binds it to the ServiceAccount. The role
 * is named by CloudFormation: nothing outside the stack refers to it by name.
 */
export class ServiceIdentity extends Construct {
  readonly role: iam.Role;
  readonly association: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: ServiceIdentityProps) {
    super(scope, id);
    const references = Object.values(props.secrets);
    const arnsOf = (store: SecretReference['store']) => [
      ...new Set(references.filter((reference) => reference.store === store).map((reference) => reference.arn)),
    ];
    const statements: iam.PolicyStatement[] = [];
    const secretArns = arnsOf('secretsmanager');
    if (secretArns.length > 0) statements.push(new iam.PolicyStatement({ actions: SECRETS_MANAGER_READ_ACTIONS, resources: secretArns }));
    const parameterArns = arnsOf('ssmparameter');
    if (parameterArns.length > 0) statements.push(new iam.PolicyStatement({ actions: SSM_READ_ACTIONS, resources: parameterArns }));
    for (const statement of props.permissions?.statements ?? []) {
      statements.push(new iam.PolicyStatement({ actions: [...statement.actions], resources: [...statement.resources] }));
    }

    // Only Pod Identity, and only with the session tags of this cluster, namespace and
    // ServiceAccount: another association in the account cannot borrow the role
    // (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html, "Setting Conditions";
    // the tags: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html).
    const principal = new iam.SessionTagsPrincipal(new iam.ServicePrincipal(POD_IDENTITY_PRINCIPAL)).withConditions({
      StringEquals: {
        'aws:SourceAccount': Stack.of(this).account,
        'aws:RequestTag/eks-cluster-name': props.cluster.clusterName,
        'aws:RequestTag/kubernetes-namespace': props.namespace,
        'aws:RequestTag/kubernetes-service-account': props.serviceAccount,
      },
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: principal,
      description: `kubeshift: ${props.serviceAccount} in ${props.namespace}`,
      inlinePolicies: statements.length > 0 ? { service: new iam.PolicyDocument({ statements }) } : undefined,
      managedPolicies: (props.permissions?.managedPolicyArns ?? []).map((arn, i) =>
        iam.ManagedPolicy.fromManagedPolicyArn(this, `ManagedPolicy${i}`, arn),
      ),
    });

    this.association = new eks.CfnPodIdentityAssociation(this, 'Association', {
      clusterName: props.cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.roleArn,
    });
    this.acknowledgeConfiguredPermissions(props.permissions);
  }

  /** The config's own managed policies and wildcards are the service owner's, written in the config and reviewed there. */
  private acknowledgeConfiguredPermissions(permissions: ServiceIam | undefined): void {
    const managed = (permissions?.managedPolicyArns ?? []).map((arn) => `Policy::${arn}`);
    acknowledgeFindings(
      this.role,
      'AwsSolutions-IAM4',
      managed,
      "A managed policy listed in the service's iam config: the permissions its Beanstalk instance profile granted.",
    );
    const wildcards = (permissions?.statements ?? []).flatMap((statement) => [
      ...statement.actions.filter((action) => action.includes('*')).map((action) => `Action::${action}`),
      ...statement.resources.filter((resource) => resource.includes('*')).map((resource) => `Resource::${resource}`),
    ]);
    acknowledgeFindings(
      this.role,
      'AwsSolutions-IAM5',
      [...new Set(wildcards)],
      "A wildcard written in the service's iam config, scoped there to named resources (Resource * is refused).",
    );
  }
}
