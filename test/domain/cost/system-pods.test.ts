import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { DnsAutoscalerChart } from '../../../charts';
import { DAEMON_SETS, SYSTEM_DEPLOYMENTS, coreDnsReplicas } from '../../../domain/cost/system-pods';
import { configFrom, minimalDocument, synthStacks } from '../../fixtures';

describe('coreDnsReplicas (cluster-proportional-autoscaler linear mode)', () => {
  const defaults = { coresPerReplica: 256, nodesPerReplica: 16, min: 2 };

  test.each([
    ['one node: the min', defaults, 2, 1, 2],
    ['nodes decide: ⌈40 / 16⌉', defaults, 80, 40, 3],
    ['cores decide: ⌈600 / 256⌉', defaults, 600, 10, 3],
    ['capped at max', { ...defaults, max: 4 }, 4000, 200, 4],
    ['min 1 still gives 2 on two nodes (no single point of failure)', { ...defaults, min: 1 }, 4, 2, 2],
    ['min 1 on one node stays 1', { ...defaults, min: 1 }, 2, 1, 1],
    ['no nodes yet: the min', defaults, 0, 0, 2],
  ])('%s', (_name, params, cores, nodes, expected) => {
    expect(coreDnsReplicas(params, cores, nodes)).toBe(expected);
  });
});

describe('the planner counts the requests the app really deploys', () => {
  // The same numbers live in the manifests and Helm values; this keeps the two from drifting.
  const [cluster] = synthStacks(configFrom(minimalDocument())).clusters;
  const helmValues = (chart: string) => {
    const releases = Object.values(Template.fromStack(cluster).findResources('Custom::AWSCDK-EKS-HelmChart'));
    const values = releases.find((release) => release.Properties.Chart === chart)!.Properties.Values;
    // Values with a deploy-time token (inside a string, the log group name) are a Fn::Join of
    // literal pieces around it.
    const text =
      typeof values === 'string'
        ? values
        : values['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'token')).join('');
    return JSON.parse(text);
  };
  const requests = (pod: { requests: { cpuMillis: number; memoryMebibytes: number } }) => ({
    cpu: `${pod.requests.cpuMillis}m`,
    memory: `${pod.requests.memoryMebibytes}Mi`,
  });
  const planned = (name: string) => [...DAEMON_SETS, ...SYSTEM_DEPLOYMENTS].find((pod) => pod.name === name)!;

  test('the DNS autoscaler', () => {
    const chart = Testing.synth(
      new DnsAutoscalerChart(Testing.app(), 'dns', { params: { coresPerReplica: 256, nodesPerReplica: 16, min: 2 } }),
    );
    const deployment = chart.find((object) => object.kind === 'Deployment');
    // CPU and memory: the planner does not count ephemeral storage (nodes have far more disk than pods ask).
    const { cpu, memory } = deployment.spec.template.spec.containers[0].resources.requests;
    expect({ cpu, memory }).toEqual(requests(planned('dns-autoscaler')));
  });

  test.each(['cluster-autoscaler', 'aws-for-fluent-bit', 'secrets-store-csi-driver-provider-aws'])('%s', (name) => {
    expect(helmValues(name).resources.requests).toEqual(requests(planned(name)));
  });

  test('the Secrets Store CSI driver: the sum of its three containers', () => {
    const linux = helmValues('secrets-store-csi-driver').linux;
    const containers = [linux.driver, linux.registrar, linux.livenessProbe].map((container) => container.resources.requests);
    expect({
      cpu: `${containers.reduce((sum, container) => sum + parseInt(container.cpu, 10), 0)}m`,
      memory: `${containers.reduce((sum, container) => sum + parseInt(container.memory, 10), 0)}Mi`,
    }).toEqual(requests(planned('secrets-store-csi-driver')));
  });
});
