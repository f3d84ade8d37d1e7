import { serviceTargetGroup } from '../../../domain/edge/target-group';
import { configFrom, edit, minimalDocument } from '../../fixtures';

const VPC = 'vpc-0a1b2c3d4e5f60001';
const [production, staging] = configFrom(minimalDocument()).services[0].environments;

test('names the target group after service and environment, within the 32 characters ELB allows, on the pods’ port', () => {
  const group = serviceTargetGroup('shop', VPC, 'blue', production);
  expect(group).toEqual({ name: expect.stringMatching(/^auth-production-[0-9a-z]{8}$/), port: 8080, vpcId: VPC });
  expect(group.name.length).toBeLessThanOrEqual(32);
});

test('gives every cluster and environment its own name, and the same name on every synth', () => {
  const names = [
    serviceTargetGroup('shop', VPC, 'blue', production).name,
    serviceTargetGroup('shop', VPC, 'blue', staging).name,
    serviceTargetGroup('shop', VPC, 'green', production).name,
    serviceTargetGroup('store', VPC, 'blue', production).name,
  ];
  expect(new Set(names).size).toBe(names.length);
  expect(serviceTargetGroup('shop', VPC, 'blue', production).name).toBe(names[0]);
});

test('a change that replaces the target group (port, VPC, load-balancer group) gives it a new name; one that does not (path, image) keeps it', () => {
  const name = serviceTargetGroup('shop', VPC, 'blue', production).name;
  const changed = (path: string, value: unknown) => configFrom(edit(minimalDocument(), path, value)).services[0].environments[0];
  expect(serviceTargetGroup('shop', VPC, 'blue', changed('services.auth.port', 9090)).name).not.toBe(name);
  expect(serviceTargetGroup('shop', 'vpc-0a1b2c3d4e5f69999', 'blue', production).name).not.toBe(name);
  expect(serviceTargetGroup('shop', VPC, 'blue', changed('services.auth.loadBalancerGroup', 2)).name).not.toBe(name);
  expect(serviceTargetGroup('shop', VPC, 'blue', changed('services.auth.healthCheckPath', '/ready')).name).toBe(name);
  expect(serviceTargetGroup('shop', VPC, 'blue', changed('services.auth.image', 'registry.example.com/auth:2')).name).toBe(name);
});
