import { App } from 'aws-cdk-lib';
import { addKubeshiftStacks } from '../../lib/kubeshift-app';
import { SYNTH_DAY, configFrom, variedDocument } from '../fixtures';

describe('addKubeshiftStacks', () => {
  const app = new App();
  const stacks = addKubeshiftStacks(app, configFrom(variedDocument({ blue: '1.35', green: '1.34' })), { today: SYNTH_DAY });
  const assembly = app.synth();

  test('puts each cluster in the config region and DNS in us-east-1, all in the config account', () => {
    const where = assembly.stacks.map((stack) => [stack.stackName, stack.environment.account, stack.environment.region]);
    expect(where).toEqual([
      ['shop-cluster-blue', '123456789012', 'sa-east-1'],
      ['shop-cluster-green', '123456789012', 'sa-east-1'],
      ['shop-dns', '123456789012', 'us-east-1'],
    ]);
    expect(stacks.dns.region).toBe('us-east-1');
  });

  test('links no stack to another: deploying DNS deploys no cluster, destroying a cluster selects no DNS', () => {
    // Each stack depends on its own asset manifest; on no other stack.
    const stackIds = new Set(assembly.stacks.map((stack) => stack.id));
    for (const stack of assembly.stacks) {
      const onStacks = stack.dependencies.map((dependency) => dependency.id).filter((id) => stackIds.has(id));
      expect(stack.dependencies.length).toBeGreaterThan(0);
      expect({ stack: stack.stackName, dependencies: onStacks }).toEqual({
        stack: stack.stackName,
        dependencies: [],
      });
    }
  });

  test('lists the clusters before DNS, the order `cdk deploy --all` follows and the one DNS needs', () => {
    expect(assembly.stacks.map((stack) => stack.stackName).indexOf('shop-dns')).toBe(assembly.stacks.length - 1);
  });
});
