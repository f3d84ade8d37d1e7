/**
 * The synth-speed peer of kubeshift's example (`npm run bench:synth`): an EKS Blueprints app of one
 * cluster and six add-ons, shaped like config/example.yaml's cluster `blue` — Kubernetes 1.35 in
 * the same imported VPC (ids only, no lookup), a private API endpoint, one managed node group of
 * c5.large (9–33 nodes, AL2023), all five control-plane log types, no secrets-encryption key. The six add-ons are the
 * ones kubeshift's SharedCluster installs: VPC CNI, kube-proxy, CoreDNS, metrics-server, the AWS
 * Load Balancer Controller and the Cluster Autoscaler. The EKS add-on versions are pinned (the
 * ones Blueprints 1.19 maps to 1.35): left at "auto", Blueprints asks the EKS API at every synth,
 * which needs credentials and the network. Its version map stops at 1.34 for the Cluster
 * Autoscaler chart, so that one is pinned too.
 */
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';

/** The example's VPC (config/example.yaml), imported from its ids as kubeshift does. */
class ImportedVpcProvider implements blueprints.ResourceProvider<ec2.IVpc> {
  provide(context: blueprints.ResourceContext): ec2.IVpc {
    return ec2.Vpc.fromVpcAttributes(context.scope, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f60001',
      availabilityZones: ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'],
      privateSubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012', 'subnet-0a1b2c3d4e5f60013'],
      publicSubnetIds: ['subnet-0a1b2c3d4e5f60021', 'subnet-0a1b2c3d4e5f60022', 'subnet-0a1b2c3d4e5f60023'],
    });
  }
}

async function main(): Promise<void> {
  const app = new App();
  await blueprints.EksBlueprint.builder()
    .account('123456789012')
    .region('sa-east-1')
    .version(eks.KubernetesVersion.V1_35)
    .resourceProvider(blueprints.GlobalResources.Vpc, new ImportedVpcProvider())
    .clusterProvider(
      new blueprints.MngClusterProvider({
        clusterName: 'descomplica-blue',
        version: eks.KubernetesVersion.V1_35,
        instanceTypes: [new ec2.InstanceType('c5.large')],
        amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
        minSize: 9,
        maxSize: 33,
        desiredSize: 9,
        nodeGroupCapacityType: eks.CapacityType.ON_DEMAND,
        privateCluster: true,
      }),
    )
    .enableControlPlaneLogTypes(
      blueprints.ControlPlaneLogType.API,
      blueprints.ControlPlaneLogType.AUDIT,
      blueprints.ControlPlaneLogType.AUTHENTICATOR,
      blueprints.ControlPlaneLogType.CONTROLLER_MANAGER,
      blueprints.ControlPlaneLogType.SCHEDULER,
    )
    .useDefaultSecretEncryption(false)
    .addOns(
      new blueprints.VpcCniAddOn({ version: 'v1.21.1-eksbuild.1' }),
      new blueprints.KubeProxyAddOn('v1.35.0-eksbuild.2'),
      new blueprints.CoreDnsAddOn('v1.13.2-eksbuild.3'),
      new blueprints.MetricsServerAddOn(),
      new blueprints.AwsLoadBalancerControllerAddOn(),
      new blueprints.ClusterAutoScalerAddOn({ version: '9.53.0' }),
    )
    .buildAsync(app, 'blueprints-blue');
  app.synth();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
