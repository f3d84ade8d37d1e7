import fc from 'fast-check';
import { MAX_RULE_PRIORITY, listenerRulePriorities } from '../../../domain/edge/listener-rules';

const fleet = (count: number) => Array.from({ length: count }, (_, i) => `service-${String(i).padStart(3, '0')}`);

test('gives every service of a listener its own priority within 1–50,000', () => {
  const priorities = listenerRulePriorities(fleet(100));
  const values = [...priorities.values()];
  expect(priorities.size).toBe(100);
  expect(new Set(values).size).toBe(100);
  for (const value of values) {
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(1);
    expect(value).toBeLessThanOrEqual(MAX_RULE_PRIORITY);
  }
});

test('does not depend on the order the services are listed in', () => {
  const services = fleet(60);
  expect(listenerRulePriorities([...services].reverse())).toEqual(listenerRulePriorities(services));
});

test('keeps every priority when a service whose slot is free joins or leaves, whatever its place in the config', () => {
  const before = listenerRulePriorities(fleet(99));
  const after = listenerRulePriorities(['newcomer', ...fleet(99)]);
  expect(new Set(before.values()).has(after.get('newcomer')!)).toBe(false);
  for (const [service, priority] of before) expect(after.get(service)).toBe(priority);
});

test('resolves a collision by probing to the next free slot, the slot going to the smaller name', () => {
  // Found by search: two names with the same hashed slot.
  const names = fleet(5000);
  const bySlot = new Map<number, string>();
  let pair: [string, string] | undefined;
  for (const name of names) {
    const slot = listenerRulePriorities([name]).get(name)!;
    const other = bySlot.get(slot);
    if (other) {
      pair = [other, name];
      break;
    }
    bySlot.set(slot, name);
  }
  expect(pair).toBeDefined();
  const [first, second] = pair!.sort();
  const alone = listenerRulePriorities([first]).get(first)!;
  const together = listenerRulePriorities([second, first]);
  expect(together.get(first)).toBe(alone);
  expect(together.get(second)).toBe((alone % MAX_RULE_PRIORITY) + 1);
});

test('property: up to 100 distinct names always get distinct priorities in range', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), { maxLength: 100 }), (names) => {
      const values = [...listenerRulePriorities(names).values()];
      return new Set(values).size === names.length && values.every((value) => value >= 1 && value <= MAX_RULE_PRIORITY);
    }),
  );
});
