import type { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { FLUENT_BIT_IMAGE_TAG, FLUENT_BIT_POD_IDENTITY_SINCE } from '../../constructs/container-logs';
import { KUBERNETES_RELEASES, type EksAddonName } from '../../domain/kubernetes-releases';
import { configFrom, edit, fleetDocument, minimalDocument, synthStacks } from '../fixtures';

describe('ClusterStack', () => {
  const document = minimalDocument();
  edit(document, 'adminRoleArns', ['arn:aws:iam::123456789012:role/platform-admin']);
  // Warming up: on the cluster at weight 0.
  edit(document, 'services.auth.environments.production.weights', { beanstalk: 100, blue: 0 });
  // A service still all on Beanstalk: it must not run on the cluster.
  edit(document, 'services.billing', {
    ...document.services.auth,
    environments: { production: { beanstalk: { cname: 'billing.sa-east-1.elasticbeanstalk.com' }, weights: { beanstalk: 100 } } },
  });
  const { clusters } = synthStacks(configFrom(document));
  const [stack] = clusters;
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, any>;
  const logicalId = (type: string, pattern: RegExp) =>
    Object.keys(resources).find((id) => resources[id].Type === type && pattern.test(id))!;

  test('is named <app>-cluster-<cluster> and builds the EKS cluster <app>-<cluster>', () => {
    expect(stack.stackName).toBe('shop-cluster-blue');
    template.hasResourceProperties('AWS::EKS::Cluster', { Name: 'shop-blue', Version: '1.35' });
  });

  test('puts the control plane in the imported VPC private subnets, creating no VPC', () => {
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 0);
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ SubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'] }),
    });
  });

  test('logs all five control-plane log types into a group with a retention', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Logging: {
        ClusterLogging: {
          EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((type) => ({ Type: type })),
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/eks/shop-blue/cluster', RetentionInDays: 30 });
  });

  test('deletes its log groups with the stack, so a cluster of the same name can be created again', () => {
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups).toHaveLength(2);
    for (const logGroup of logGroups) expect(logGroup).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('ships container logs to CloudWatch Logs with a retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['/aws/eks/', Match.anyValue(), '/containers']] },
      RetentionInDays: 30,
    });
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Chart: 'aws-for-fluent-bit', Namespace: 'kube-system' });
  });

  test('runs Fluent Bit on an image that takes Pod Identity credentials, at system-node-critical priority', () => {
    const [chart] = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).filter(
      (resource: any) => resource.Properties.Chart === 'aws-for-fluent-bit',
    ) as any[];
    // The values hold the log group's name as a reference, so they synthesize as a join: read its text parts.
    const values = JSON.stringify(chart.Properties.Values);
    expect(values).toContain(`\\"tag\\":\\"${FLUENT_BIT_IMAGE_TAG}\\"`);
    expect(values).toContain('\\"priorityClassName\\":\\"system-node-critical\\"');
    const release = (tag: string) => tag.split('.').slice(0, 3).map(Number);
    const [major, minor, patch] = release(FLUENT_BIT_IMAGE_TAG);
    const [sinceMajor, sinceMinor, sincePatch] = release(FLUENT_BIT_POD_IDENTITY_SINCE);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(sinceMajor * 1e6 + sinceMinor * 1e3 + sincePatch);
  });

  test('runs each configured node group as one managed node group per zone, sizes dealt over the zones, not Auto Mode', () => {
    // minSize 2, maxSize 4 over two zones: 1–2 nodes in each (set by API calls: test/lib/node-group-scaling.test.ts), each group in its zone's private subnet
    const groups = Object.values(template.findResources('AWS::EKS::Nodegroup')).map((group) => group.Properties);
    expect(groups.map((group) => [group.Subnets, group.ScalingConfig, group.InstanceTypes, group.Labels])).toEqual([
      [['subnet-0a1b2c3d4e5f60011'], undefined, ['m5.large'], { 'kubeshift.io/node-group': 'general' }],
      [['subnet-0a1b2c3d4e5f60012'], undefined, ['m5.large'], { 'kubeshift.io/node-group': 'general' }],
    ]);
    template.hasResourceProperties('AWS::EKS::Cluster', { ComputeConfig: { Enabled: false } });
  });

  test('installs CoreDNS, kube-proxy, the VPC CNI and the Pod Identity agent as EKS add-ons, each pinned, conflicts overwritten', () => {
    const addons = Object.values(template.findResources('AWS::EKS::Addon')).map((addon) => addon.Properties);
    expect(addons.map((addon) => addon.AddonName).sort()).toEqual(['coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    for (const addon of addons) {
      expect(addon).toMatchObject({
        AddonVersion: KUBERNETES_RELEASES['1.35'].addonVersions[addon.AddonName as EksAddonName],
        ResolveConflicts: 'OVERWRITE',
      });
    }
  });

  test("turns on the VPC CNI's network-policy agent, so NetworkPolicies are enforced", () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      ConfigurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    });
  });

  test('installs metrics-server from its pinned Helm chart', () => {
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
      Chart: 'metrics-server',
      Repository: 'https://kubernetes-sigs.github.io/metrics-server',
      Version: '3.13.1',
      Namespace: 'kube-system',
    });
  });

  test('starts nodes only after the CNI is there', () => {
    const nodeGroup = resources[logicalId('AWS::EKS::Nodegroup', /.*/)];
    expect(nodeGroup.DependsOn).toEqual(
      expect.arrayContaining([logicalId('AWS::EKS::Addon', /VpcCni/), logicalId('AWS::EKS::Addon', /KubeProxy/)]),
    );
  });

  test('grants the admin roles cluster admin through access entries', () => {
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: 'arn:aws:iam::123456789012:role/platform-admin',
      AccessPolicies: [
        Match.objectLike({
          AccessScope: { Type: 'cluster' },
          PolicyArn: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'])],
          }),
        }),
      ],
    });
  });

  test('lets the Cluster Autoscaler remove nodes whose pods use only scratch space, and balance zones', () => {
    const [chart] = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).filter(
      (resource: any) => resource.Properties.Chart === 'cluster-autoscaler',
    ) as any[];
    expect(JSON.parse(chart.Properties.Values).extraArgs).toMatchObject({
      'skip-nodes-with-local-storage': false,
      'balance-similar-node-groups': true,
    });
  });

  test("runs the Cluster Autoscaler with a role that may resize only this cluster's node groups", () => {
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Chart: 'cluster-autoscaler', Namespace: 'kube-system' });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ServiceAccount: 'cluster-autoscaler', Namespace: 'kube-system' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
            Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/shop-blue': 'owned' } },
          }),
        ]),
      },
    });
  });

  test('installs the AWS Load Balancer Controller, which registers pods in the target groups', () => {
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Chart: 'aws-load-balancer-controller', Namespace: 'kube-system' });
  });

  test('applies a namespace per environment and the DNS autoscaler', () => {
    const manifests = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).map((manifest) =>
      JSON.stringify(manifest.Properties.Manifest),
    );
    expect(manifests.filter((manifest) => manifest.includes('\\"kind\\":\\"Namespace\\"'))).toHaveLength(2);
    expect(manifests.some((manifest) => manifest.includes('cluster-proportional-autoscaler'))).toBe(true);
  });

  test("opens each environment's service ports to the config's public subnet blocks, and to nothing else outside the namespace", () => {
    const policiesOf = (stackOrNested: Stack) =>
      Object.values(Template.fromStack(stackOrNested).findResources('Custom::AWSCDK-EKS-KubernetesResource'))
        .map((manifest) => manifest.Properties.Manifest)
        .filter((manifest): manifest is string => typeof manifest === 'string')
        .flatMap((manifest) => JSON.parse(manifest) as any[])
        .filter((object) => object.kind === 'NetworkPolicy');
    for (const namespace of ['production', 'staging']) {
      const names = policiesOf(stack)
        .filter((policy) => policy.metadata.namespace === namespace)
        .map((policy) => policy.metadata.name);
      expect(names.sort()).toEqual(['allow-all-egress', 'allow-same-namespace', 'default-deny-ingress']);
    }
    // The service's own policy is in its nested stack, so the cluster template does not grow with the fleet.
    const blocks = policiesOf(stack.services.get('auth')!)
      .filter((policy) => policy.metadata.name === 'auth-from-load-balancers')
      .map((policy) => policy.spec.ingress[0].from.map((peer: any) => peer.ipBlock.cidr));
    expect(blocks).toEqual([document.vpc.publicSubnetCidrs, document.vpc.publicSubnetCidrs]);
  });

  test('gives each service running on the cluster its own nested stack, and none to a service still all on Beanstalk', () => {
    expect([...stack.services.keys()]).toEqual(['auth']);
    // The service's stack and its load-balancer group's.
    template.resourceCountIs('AWS::CloudFormation::Stack', 2);
    expect(stack.services.get('auth')!.node.path).toBe('shop-cluster-blue/Service-auth');
  });

  test('hands no load-balancer hostname to anyone: no SSM parameter, no value read back from the cluster', () => {
    for (const stackOrNested of [stack, ...stack.services.values(), ...stack.loadBalancerGroups.values()]) {
      const resources = Template.fromStack(stackOrNested);
      // aws-eks-v2's own barrier parameter (a constant) aside.
      const parameters = Object.values(resources.findResources('AWS::SSM::Parameter')).map((parameter) => parameter.Properties.Value);
      expect(parameters.filter((value) => value !== 'aws:cdk:eks:kubectl-ready')).toEqual([]);
      resources.resourceCountIs('Custom::AWSCDK-EKS-KubernetesObjectValue', 0);
    }
  });

  test('tears down Services before the load balancer controller and the namespaces, so no load balancer is left behind', () => {
    // CloudFormation deletes in reverse dependency order: whatever a resource depends on outlives it.
    const services = resources[logicalId('AWS::CloudFormation::Stack', /auth/)];
    const controller = logicalId('Custom::AWSCDK-EKS-HelmChart', /AlbController/);
    const namespaces = Object.keys(resources).filter((id) => /Environment(production|staging)/.test(id));
    expect(namespaces).toHaveLength(2);
    expect(services.DependsOn).toEqual(expect.arrayContaining([controller, ...namespaces]));
    // And the controller outlives the nodes' removal: it depends on the node group, not the other way round.
    expect(resources[controller].DependsOn).toEqual(expect.arrayContaining([logicalId('AWS::EKS::Nodegroup', /.*/)]));
  });

  test('exports nothing, so removing a service or a cluster is never blocked by an export in use', () => {
    expect(template.toJSON().Outputs ?? {}).toEqual({});
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });
});

describe('ClusterStack capacity warning', () => {
  const warnings = (maxSize: number) => {
    const document = minimalDocument();
    edit(document, 'clusters.blue.nodeGroups.general', { instanceType: 'm5.large', minSize: 1, maxSize });
    // a whole core per pod: 6 + 6 pods at peak need more than two m5.large nodes
    edit(document, 'services.auth.resources', { cpu: '1', memory: '512Mi' });
    const [stack] = synthStacks(configFrom(document)).clusters;
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('peak plan'));
  };

  test('warns, without failing synth, when a node group cannot hold the peak plan', () => {
    const [warning] = warnings(2);
    expect(warning.id).toBe('/shop-cluster-blue/SharedCluster');
    expect(warning.entry.data).toMatch(
      /^node group general \(m5\.large\) has maxSize 2, but the peak plan \(every service at maxReplicas\) needs \d+ nodes/,
    );
  });

  test('stays quiet when it can', () => {
    expect(warnings(40)).toEqual([]);
  });
});

describe('ClusterStack per Kubernetes minor version', () => {
  const clusterOn = (version: string, today?: string) => {
    const [stack] = synthStacks(configFrom(edit(minimalDocument(), 'clusters.blue.kubernetesVersion', version)), today).clusters;
    return stack;
  };
  const autoscalerImageTag = (version: string) => {
    const charts = Object.values(Template.fromStack(clusterOn(version)).findResources('Custom::AWSCDK-EKS-HelmChart')) as any[];
    // The region is concrete (the config's), so the Helm values synthesize as one JSON string.
    return JSON.parse(charts.find((chart) => chart.Properties.Chart === 'cluster-autoscaler').Properties.Values).image.tag;
  };
  const extendedSupportWarnings = (version: string, today: string) =>
    Annotations.fromStack(clusterOn(version, today)).findWarning('*', Match.stringLikeRegexp('left EKS standard support'));

  test.each(['1.33', '1.34', '1.35'])('Kubernetes %s gets the Cluster Autoscaler of the same minor', (version) => {
    expect(autoscalerImageTag(version)).toBe(`v${version}.0`);
  });

  test.each(['1.33', '1.34', '1.35'])("Kubernetes %s gets its minor's add-on versions", (version) => {
    const addons = Object.values(Template.fromStack(clusterOn(version)).findResources('AWS::EKS::Addon')) as any[];
    const versions = Object.fromEntries(addons.map((addon) => [addon.Properties.AddonName, addon.Properties.AddonVersion]));
    expect(versions).toEqual(KUBERNETES_RELEASES[version].addonVersions);
    // kube-proxy follows the cluster's own minor
    expect(versions['kube-proxy']).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.`));
  });

  test('a version past EKS standard support deploys with a warning naming the field, the date and the rate', () => {
    const [warning] = extendedSupportWarnings('1.33', '2026-11-26');
    expect(warning.entry.data).toMatch(
      /^clusters\.blue\.kubernetesVersion: Kubernetes 1\.33 left EKS standard support on 2026-07-29: the control plane is billed at the extended-support rate \(0\.6 USD\/h\)/,
    );
  });

  test('no warning on the day before standard support ends, nor for a version still in it', () => {
    expect(extendedSupportWarnings('1.33', '2026-07-28')).toEqual([]);
    expect(extendedSupportWarnings('1.35', '2026-11-26')).toEqual([]);
  });
});

describe('ClusterStack edge', () => {
  const clusterOf = (document: Record<string, any>) => synthStacks(configFrom(document)).clusters[0];

  test('opens the pod port from the load balancers on the cluster security group once, however many environments use it', () => {
    const stack = clusterOf(minimalDocument());
    const ingress = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (rule: any) => rule.Properties.FromPort === 8080,
    ) as any[];
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties.GroupId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SharedCluster/), 'ClusterSecurityGroupId'] });
  });

  describe('with a second load-balancer group', () => {
    const document = minimalDocument();
    edit(document, 'services.billing', {
      ...document.services.auth,
      loadBalancerGroup: 2,
      environments: { production: { weights: { blue: 100 } } },
    });
    const stack = clusterOf(document);
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;

    test('its services are nested stacks of its own group stack; group 1 keeps its services where they always were', () => {
      expect(stack.services.get('auth')!.node.path).toBe('shop-cluster-blue/Service-auth');
      expect(stack.services.get('billing')!.node.path).toBe('shop-cluster-blue/LoadBalancerGroup-2/Service-billing');
      expect([...stack.loadBalancerGroups.keys()]).toEqual([1, 2]);
    });

    test("each service's rule goes to its own group's listener", () => {
      const listenerOf = (name: string) =>
        (Object.values(Template.fromStack(stack.services.get(name)!).findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))[0] as any)
          .Properties.ListenerArn.Ref as string;
      expect(listenerOf('auth')).toMatch(/LoadBalancerGroup1productionLoadBalancerHttps/);
      expect(listenerOf('billing')).toMatch(/LoadBalancerGroup2productionLoadBalancerHttps/);
    });

    test('a group holding services goes before the controller and the namespaces on teardown, as group 1’s services do', () => {
      const group2 = Object.keys(resources).find(
        (id) => resources[id].Type === 'AWS::CloudFormation::Stack' && /LoadBalancerGroup2/.test(id),
      )!;
      const controller = Object.keys(resources).find(
        (id) => resources[id].Type === 'Custom::AWSCDK-EKS-HelmChart' && /AlbController/.test(id),
      )!;
      expect(resources[group2].DependsOn).toEqual(expect.arrayContaining([controller, expect.stringMatching(/Environmentproduction/)]));
    });
  });

  test('a group past 100 services stops synth with one line naming the field to set', () => {
    expect(() => synthStacks(configFrom(fleetDocument(101, 200)))).toThrow(
      /^services\.service-100\.loadBalancerGroup: load balancer 1 of production on cluster blue would serve 101 services/,
    );
  });

  test('a quota that needs an increase is a warning on the cluster stack, naming the quota and the count', () => {
    const stack = clusterOf(fleetDocument(26, 1));
    const [warning] = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Application Load Balancers per Region'));
    expect(warning.id).toBe('/shop-cluster-blue');
    expect(warning.entry.data).toMatch(/the clusters need 52 \(blue 52\), the default quota is 50/);
  });
});
