import { Testing } from 'cdk8s';
import { DnsAutoscalerChart } from '../../charts';

const objects: any[] = Testing.synth(
  new DnsAutoscalerChart(Testing.app(), 'chart', { params: { coresPerReplica: 256, nodesPerReplica: 16, min: 2, max: 10 } }),
);
const find = (kind: string) => objects.filter((object) => object.kind === kind);

describe('DnsAutoscalerChart', () => {
  test('lives in kube-system', () => {
    for (const object of objects) {
      if (!object.kind.startsWith('Cluster')) expect(object.metadata.namespace).toBe('kube-system');
    }
  });

  test('scales deployment/coredns in linear mode with the configured parameters and no single point of failure', () => {
    const [params] = find('ConfigMap');
    expect(JSON.parse(params.data.linear)).toEqual({
      coresPerReplica: 256,
      nodesPerReplica: 16,
      min: 2,
      max: 10,
      preventSinglePointFailure: true,
      includeUnschedulableNodes: true,
    });
    const [deployment] = find('Deployment');
    const command: string[] = deployment.spec.template.spec.containers[0].command;
    expect(command).toEqual(
      expect.arrayContaining(['--target=deployment/coredns', `--configmap=${params.metadata.name}`, '--namespace=kube-system']),
    );
  });

  test('may list nodes cluster-wide and nothing else there', () => {
    const [clusterRole] = find('ClusterRole');
    expect(clusterRole.rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] }]);
  });

  test('may scale coredns and read its own params, by name, and nothing else', () => {
    const [role] = find('Role');
    for (const rule of role.rules) expect(rule.resourceNames).toHaveLength(1);
    expect(role.rules.flatMap((rule: any) => rule.verbs)).not.toEqual(expect.arrayContaining(['create', 'delete', '*']));
    expect(role.rules).toContainEqual({
      apiGroups: ['apps'],
      resources: ['deployments/scale'],
      resourceNames: ['coredns'],
      verbs: ['get', 'update', 'patch'],
    });
  });

  test('binds both roles to its own service account only', () => {
    const [deployment] = find('Deployment');
    const account = deployment.spec.template.spec.serviceAccountName;
    for (const binding of [...find('RoleBinding'), ...find('ClusterRoleBinding')]) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account, namespace: 'kube-system' }]);
    }
  });

  test('states its requests and limits and runs locked down', () => {
    const [deployment] = find('Deployment');
    const [container] = deployment.spec.template.spec.containers;
    // Ephemeral storage: its logs only (domain/ephemeral-storage.ts).
    expect(container.resources).toEqual({
      requests: { cpu: '20m', memory: '10Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '64Mi' },
    });
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('takes no connection and may reach only port 443, where the API server listens', () => {
    const [deployment] = find('Deployment');
    const [policy] = find('NetworkPolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec).not.toHaveProperty('ingress');
    expect(policy.spec.egress).toEqual([{ ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  test("leaves CoreDNS's disruption budget to the add-on, which ships one of that name", () => {
    expect(find('PodDisruptionBudget')).toEqual([]);
  });
});
