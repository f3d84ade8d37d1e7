import fc from 'fast-check';
import { MAX_WEIGHT } from '../../../config';
import { nextScheduledShare, sharesOf, weightsForShare } from '../../../domain/traffic/shares';

describe('sharesOf', () => {
  test('a share is the weight over the group total', () => {
    expect(sharesOf({ beanstalk: 90, blue: 10 })).toEqual({ beanstalk: 90, blue: 10 });
    expect(sharesOf({ beanstalk: 1, blue: 3 })).toEqual({ beanstalk: 25, blue: 75 });
  });

  test('all weights 0 split evenly, as Route 53 routes them', () => {
    expect(sharesOf({ beanstalk: 0, blue: 0 })).toEqual({ beanstalk: 50, blue: 50 });
  });
});

describe('nextScheduledShare', () => {
  test.each([
    [0, 10],
    [10, 25],
    [12, 25],
    [50, 100],
    [100, undefined],
  ])('from %p%% the next step is %p%%', (current, next) => {
    expect(nextScheduledShare(current, [10, 25, 50, 100])).toBe(next);
  });

  test('a share a hair below a step (10 of 1+9 in floating point) counts as on it', () => {
    expect(nextScheduledShare((100 * 1) / 10 + 1e-12, [10, 25])).toBe(25);
  });
});

describe('weightsForShare', () => {
  test('two targets: weights become the percentages', () => {
    expect(weightsForShare({ beanstalk: 90, blue: 10 }, 'blue', 25)).toEqual({ beanstalk: 75, blue: 25 });
  });

  test('other targets keep their proportions', () => {
    // beanstalk:green = 2:1 before and after.
    expect(weightsForShare({ beanstalk: 60, green: 30, blue: 10 }, 'blue', 40)).toEqual({ beanstalk: 40, green: 20, blue: 40 });
  });

  test('100% takes every other target to 0', () => {
    expect(weightsForShare({ beanstalk: 50, blue: 50 }, 'blue', 100)).toEqual({ beanstalk: 0, blue: 100 });
  });

  test('a target at weight 0 stays at 0', () => {
    expect(weightsForShare({ beanstalk: 100, green: 0, blue: 0 }, 'blue', 10)).toEqual({ beanstalk: 90, green: 0, blue: 10 });
  });

  test('a small target with traffic keeps a weight of at least 1', () => {
    const after = weightsForShare({ beanstalk: 254, green: 1, blue: 0 }, 'blue', 50);
    expect(after.green).toBeGreaterThanOrEqual(1);
    expect(after.beanstalk + after.green).toBe(50);
  });

  test('when 100 cannot keep every other target alive, a larger total is used', () => {
    // 99% leaves 1 of 100 for two targets with traffic.
    const after = weightsForShare({ beanstalk: 50, green: 50, blue: 0 }, 'blue', 99);
    // The smallest total within half a point: 132 / 134 = 98.5%.
    expect(after).toEqual({ beanstalk: 1, green: 1, blue: 132 });
  });

  const group = fc
    .array(fc.integer({ min: 0, max: MAX_WEIGHT }), { minLength: 2, maxLength: 5 })
    .filter((weights) => weights.slice(1).some((weight) => weight > 0))
    .map((weights) => Object.fromEntries(weights.map((weight, index) => [index === 0 ? 'blue' : `t${index}`, weight])));

  test('four others with traffic cannot all keep a weight at 99%: the closest share wins', () => {
    expect(weightsForShare({ blue: 0, a: 1, b: 1, c: 1, d: 1 }, 'blue', 99)).toEqual({ blue: 251, a: 1, b: 1, c: 1, d: 1 });
  });

  test('property: weights are integers 0–255 that give the target the asked share within half a point, or leave the others at 1', () => {
    fc.assert(
      fc.property(group, fc.integer({ min: 1, max: 100 }), (weights, percent) => {
        const after = weightsForShare(weights, 'blue', percent);
        for (const weight of Object.values(after)) {
          expect(Number.isInteger(weight) && weight >= 0 && weight <= MAX_WEIGHT).toBe(true);
        }
        const close = Math.abs(sharesOf(after).blue - percent) <= 0.5 + 1e-9;
        const othersAtMinimum =
          Object.keys(after).every((name) => name === 'blue' || after[name] <= 1) &&
          Object.values(after).reduce((a, b) => a + b) === MAX_WEIGHT;
        expect(close || othersAtMinimum).toBe(true);
      }),
    );
  });

  test('property: below 100%, every other target with traffic keeps some, and none without gets any', () => {
    fc.assert(
      fc.property(group, fc.integer({ min: 1, max: 99 }), (weights, percent) => {
        const after = weightsForShare(weights, 'blue', percent);
        for (const target of Object.keys(weights).filter((name) => name !== 'blue')) {
          expect(after[target] > 0).toBe(weights[target] > 0);
        }
      }),
    );
  });
});
