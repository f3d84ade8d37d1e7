import { CfnResource, Stack } from 'aws-cdk-lib';
import { importVpc } from '../../constructs';
import { exampleConfig } from '../fixtures';

describe('importVpc', () => {
  const { vpc } = exampleConfig();
  const stack = new Stack();
  const imported = importVpc(stack, 'Vpc', vpc);

  test('uses the configured ids, zone by zone, without a lookup', () => {
    expect(imported.vpcId).toBe(vpc.vpcId);
    expect(imported.privateSubnets.map((subnet) => [subnet.availabilityZone, subnet.subnetId])).toEqual(
      vpc.availabilityZones.map((zone, i) => [zone, vpc.privateSubnetIds[i]]),
    );
    expect(imported.publicSubnets.map((subnet) => subnet.subnetId)).toEqual(vpc.publicSubnetIds);
  });

  test('creates nothing', () => {
    expect(stack.node.findAll().filter((construct) => CfnResource.isCfnResource(construct))).toEqual([]);
  });
});
