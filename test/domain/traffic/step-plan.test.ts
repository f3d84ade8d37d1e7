import { DomainError } from '../../../domain/domain-error';
import { DEFAULT_SCHEDULE, planStep } from '../../../domain/traffic/step-plan';

const label = 'auth · production';

describe('planStep with the schedule', () => {
  test.each([
    [{ beanstalk: 100, blue: 0 }, 10, { beanstalk: 90, blue: 10 }],
    [{ beanstalk: 90, blue: 10 }, 25, { beanstalk: 75, blue: 25 }],
    [{ beanstalk: 75, blue: 25 }, 50, { beanstalk: 50, blue: 50 }],
    [{ beanstalk: 50, blue: 50 }, 100, { beanstalk: 0, blue: 100 }],
    // Between steps: on to the next one, from any weights.
    [{ beanstalk: 200, blue: 55 }, 25, { beanstalk: 75, blue: 25 }],
  ])('%p steps blue to %p%%', (weights, percent, after) => {
    expect(planStep(label, weights, 'blue', { schedule: DEFAULT_SCHEDULE })).toEqual({
      kind: 'step',
      target: 'blue',
      percent,
      before: weights,
      after,
    });
  });

  test('a target with all the traffic has nothing to do', () => {
    expect(planStep(label, { beanstalk: 0, blue: 100 }, 'blue', { schedule: DEFAULT_SCHEDULE })).toEqual({
      kind: 'nothing-to-do',
      reason: 'blue already takes 100% of auth · production',
    });
  });

  test('a target past a custom schedule has nothing to do', () => {
    expect(planStep(label, { beanstalk: 40, blue: 60 }, 'blue', { schedule: [5, 50] })).toEqual({
      kind: 'nothing-to-do',
      reason: "blue has 60% of auth · production, past the schedule's last step (50%)",
    });
  });
});

describe('planStep --by', () => {
  test('adds percentage points to the share', () => {
    expect(planStep(label, { beanstalk: 90, blue: 10 }, 'blue', { by: 15 })).toMatchObject({
      percent: 25,
      after: { beanstalk: 75, blue: 25 },
    });
  });

  test('up to exactly 100%', () => {
    expect(planStep(label, { beanstalk: 10, blue: 90 }, 'blue', { by: 10 })).toMatchObject({
      percent: 100,
      after: { beanstalk: 0, blue: 100 },
    });
  });

  test('past 100% is an error saying how much is left', () => {
    const plan = () => planStep(label, { beanstalk: 15, blue: 85 }, 'blue', { by: 30 });
    expect(plan).toThrow(new DomainError('--by 30 overshoots: blue has 85% of auth · production, so --by can add at most 15%'));
  });
});

test('when weights cannot give more without switching another target off, there is nothing to do', () => {
  const weights = { blue: 251, a: 1, b: 1, c: 1, d: 1 };
  expect(planStep(label, weights, 'blue', { by: 1 })).toEqual({
    kind: 'nothing-to-do',
    reason: 'blue has 98.4% of auth · production: weights of at most 255 cannot give it more while a, b, c, d keep some traffic',
  });
});
