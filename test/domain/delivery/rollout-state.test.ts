import { rolloutState, statusToPost, type DeploymentRollout } from '../../../domain/delivery/rollout-state';

const deployment = (status: NonNullable<DeploymentRollout['status']>, generation = 2, replicas = 3): DeploymentRollout => ({
  metadata: { generation },
  spec: { replicas },
  status,
});
const progressing = (reason: string) => [{ type: 'Progressing', status: reason === 'ProgressDeadlineExceeded' ? 'False' : 'True', reason }];

test('success once the current generation is observed and every replica is updated and available', () => {
  const state = rolloutState(
    deployment({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      conditions: progressing('NewReplicaSetAvailable'),
    }),
  );
  expect(state).toBe('success');
});

test.each<[string, NonNullable<DeploymentRollout['status']>]>([
  ['the controller has not seen the new generation', { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }],
  ['some replicas are not updated yet', { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 3 }],
  ['old replicas are still terminating', { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }],
  ['updated replicas are not available yet', { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }],
  ['no status yet', {}],
])('pending while %s', (_name, status) => {
  expect(rolloutState(deployment(status))).toBe('pending');
});

test('failure once the progress deadline has passed, whatever the counts', () => {
  const status = {
    observedGeneration: 2,
    replicas: 4,
    updatedReplicas: 1,
    availableReplicas: 3,
    conditions: progressing('ProgressDeadlineExceeded'),
  };
  expect(rolloutState(deployment(status))).toBe('failure');
});

test("a deadline the previous revision exceeded is not this one's failure: pending until the new generation is observed", () => {
  const stale = {
    observedGeneration: 1,
    replicas: 3,
    updatedReplicas: 0,
    availableReplicas: 3,
    conditions: progressing('ProgressDeadlineExceeded'),
  };
  expect(rolloutState(deployment(stale))).toBe('pending');
});

test('spec.replicas defaults to 1, as Kubernetes defaults it', () => {
  expect(
    rolloutState({ metadata: { generation: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 } }),
  ).toBe('success');
});

test('a status is posted only when the state changes', () => {
  expect(statusToPost(undefined, 'pending')).toBe('pending');
  expect(statusToPost('pending', 'pending')).toBeUndefined();
  expect(statusToPost('pending', 'success')).toBe('success');
  expect(statusToPost('success', 'success')).toBeUndefined();
});
