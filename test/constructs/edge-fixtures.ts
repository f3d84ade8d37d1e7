import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';

/** A stack in a concrete account and Region (access logs need the Region), with an imported VPC and zone. */
export function edgeStack() {
  const stack = new Stack(undefined, 'Edge', { env: { account: '123456789012', region: 'sa-east-1' } });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0a1b2c3d4e5f60001',
    availabilityZones: ['sa-east-1a', 'sa-east-1b'],
    privateSubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'],
    publicSubnetIds: ['subnet-0a1b2c3d4e5f60021', 'subnet-0a1b2c3d4e5f60022'],
  });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'example.com',
  });
  const clusterSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'ClusterSecurityGroup', 'sg-0123456789abcdef0');
  return { stack, vpc, zone, clusterSecurityGroup };
}
