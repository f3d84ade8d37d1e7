import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { KubeshiftConfig } from '../config';

/**
 * The existing VPC, imported from the ids in the config: never created, never looked up at
 * synth (a lookup would make synth depend on an AWS account and on whatever the VPC holds today).
 */
export function importVpc(scope: Construct, id: string, vpc: KubeshiftConfig['vpc']): ec2.IVpc {
  const imported = ec2.Vpc.fromVpcAttributes(scope, id, {
    vpcId: vpc.vpcId,
    availabilityZones: [...vpc.availabilityZones],
    privateSubnetIds: [...vpc.privateSubnetIds],
    publicSubnetIds: [...vpc.publicSubnetIds],
  });
  for (const subnet of [...imported.privateSubnets, ...imported.publicSubnets]) {
    Annotations.of(subnet).acknowledgeWarning(
      '@aws-cdk/aws-ec2:noSubnetRouteTableId',
      'kubeshift never reads or changes the route tables of the existing VPC.',
    );
  }
  return imported;
}
