import { CfnResource } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { ClusterStack } from '../../lib';
import { configFrom, edit, minimalDocument, synthStacks } from '../fixtures';

const clusterWith = (publicCidrs?: string[]): ClusterStack => {
  const document = minimalDocument();
  if (publicCidrs) edit(document, 'clusters.blue.endpoint', { publicCidrs });
  return synthStacks(configFrom(document)).clusters[0];
};
const eksCluster = (stack: ClusterStack) =>
  stack.node.findAll().find((node) => node instanceof CfnResource && node.cfnResourceType === 'AWS::EKS::Cluster') as CfnResource;
const endpointErrors = (stack: ClusterStack) =>
  Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('API endpoint is public'));

describe('the API endpoint', () => {
  test('is private by default: no public access at all', () => {
    const stack = clusterWith();
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
    });
    expect(endpointErrors(stack)).toEqual([]);
  });

  test('is public only from the configured CIDRs, and private too', () => {
    const stack = clusterWith(['203.0.113.0/24', '198.51.100.7/32']);
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({
        EndpointPrivateAccess: true,
        EndpointPublicAccess: true,
        PublicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'],
      }),
    });
    expect(endpointErrors(stack)).toEqual([]);
  });

  test('open to 0.0.0.0/0 when the config says exactly that', () => {
    expect(endpointErrors(clusterWith(['0.0.0.0/0']))).toEqual([]);
  });
});

describe('PublicEndpointRule', () => {
  test.each([
    ['public access with no CIDRs (EKS then allows 0.0.0.0/0)', { 'ResourcesVpcConfig.EndpointPublicAccess': true }],
    [
      'public access from 0.0.0.0/0',
      { 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.PublicAccessCidrs': ['0.0.0.0/0'] },
    ],
  ])('fails synth on %s that the config did not ask for, naming the field', (_name, overrides) => {
    // given a construct that opens the endpoint behind the config's back (an escape hatch)
    const stack = synthStacksWithOverride(overrides);
    const [error] = endpointErrors(stack);
    expect(error.entry.data).toBe(
      "the cluster's API endpoint is public to 0.0.0.0/0, which clusters.blue.endpoint.publicCidrs does not allow: list the CIDRs that may reach it, or none for a private endpoint",
    );
  });
});

function synthStacksWithOverride(overrides: Record<string, unknown>): ClusterStack {
  const stack = clusterWith();
  const cluster = eksCluster(stack);
  cluster.addPropertyDeletionOverride('ResourcesVpcConfig.PublicAccessCidrs');
  for (const [path, value] of Object.entries(overrides)) cluster.addPropertyOverride(path, value);
  return stack;
}
