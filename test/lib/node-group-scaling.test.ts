import { Template } from 'aws-cdk-lib/assertions';
import { configFrom, edit, minimalDocument, synthStacks } from '../fixtures';

/**
 * Node groups whose desired size never fights the Cluster Autoscaler: the template creates each
 * with no scaling config, and one UpdateNodegroupConfig call per group sets min, max and desired
 * on creation, then min and max only.
 */

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;

/** A custom resource's SDK call, with each `{ Ref: X }` of the template written as `<X>`. */
function sdkCall(value: unknown): Record<string, any> {
  if (typeof value === 'string') return JSON.parse(value);
  const parts = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join(''));
}

function scaling(document: Record<string, any>) {
  const [stack] = synthStacks(configFrom(document)).clusters;
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;
  const nodeGroups = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::EKS::Nodegroup');
  const calls = Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'Custom::AWS')
    .map(([id, resource]) => ({ id, create: sdkCall(resource.Properties.Create), update: sdkCall(resource.Properties.Update) }));
  return { resources, nodeGroups, calls };
}

describe('node group scaling', () => {
  // minSize 2, maxSize 4, desiredSize 3 over two zones.
  const document = minimalDocument();
  edit(document, 'clusters.blue.nodeGroups.general.desiredSize', 3);
  const { resources, nodeGroups, calls } = scaling(document);

  test('the template creates every node group without a scaling config, so no deploy re-sends a desired size', () => {
    expect(nodeGroups).toHaveLength(2);
    for (const [, nodeGroup] of nodeGroups) expect(nodeGroup.Properties).not.toHaveProperty('ScalingConfig');
  });

  test('one UpdateNodegroupConfig per node group sets all three sizes on creation, min ≤ desired ≤ max, dealt over the zones', () => {
    expect(calls.map((call) => [call.create.action, call.create.parameters.nodegroupName, call.create.parameters.scalingConfig])).toEqual(
      nodeGroups.map(([id], i) => [
        'UpdateNodegroupConfig',
        `<${id}>`,
        [
          { minSize: 1, maxSize: 2, desiredSize: 2 },
          { minSize: 1, maxSize: 2, desiredSize: 1 },
        ][i],
      ]),
    );
    for (const { create } of calls) {
      const { minSize, maxSize, desiredSize } = create.parameters.scalingConfig;
      expect(minSize).toBeLessThanOrEqual(desiredSize);
      expect(desiredSize).toBeLessThanOrEqual(maxSize);
    }
  });

  test('on update it sends min and max only: the desired size stays what the autoscaler made it', () => {
    for (const { update } of calls) {
      expect(update.action).toBe('UpdateNodegroupConfig');
      expect(update.parameters.scalingConfig).toEqual({ minSize: 1, maxSize: 2 });
    }
  });

  test('runs after its node group, and whatever waits for the node groups waits for it', () => {
    for (const [i, [nodeGroupId]] of nodeGroups.entries()) expect(resources[calls[i].id].DependsOn).toContain(nodeGroupId);
    const coreDns = Object.values(resources).find(
      (resource) => resource.Type === 'AWS::EKS::Addon' && resource.Properties.AddonName === 'coredns',
    )!;
    for (const { id } of calls) expect(coreDns.DependsOn).toContain(id);
  });

  test('may call UpdateNodegroupConfig on its own node group only', () => {
    const statements = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: { Action: string }) => statement.Action === 'eks:UpdateNodegroupConfig');
    expect(statements.map((statement: { Resource: unknown }) => statement.Resource)).toEqual(
      nodeGroups.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    );
  });

  test('a changed min or max changes only the update call: the node groups and the calls keep their ids, so nothing is created again', () => {
    const changed = minimalDocument();
    edit(changed, 'clusters.blue.nodeGroups.general.desiredSize', 5);
    edit(changed, 'clusters.blue.nodeGroups.general.minSize', 4);
    edit(changed, 'clusters.blue.nodeGroups.general.maxSize', 8);
    const after = scaling(changed);
    expect(after.nodeGroups).toEqual(nodeGroups);
    expect(after.calls.map((call) => call.id)).toEqual(calls.map((call) => call.id));
    expect(after.calls.map((call) => call.update.parameters.scalingConfig)).toEqual([
      { minSize: 2, maxSize: 4 },
      { minSize: 2, maxSize: 4 },
    ]);
  });

  test('a new instance type replaces the node group and creates its sizes again', () => {
    const changed = minimalDocument();
    edit(changed, 'clusters.blue.nodeGroups.general.instanceType', 'm6i.large');
    const after = scaling(changed);
    expect(after.calls.map((call) => call.id).filter((id) => calls.some((before) => before.id === id))).toEqual([]);
  });
});
