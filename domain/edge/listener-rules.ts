/**
 * Priorities of the host-header rules on one HTTPS listener. Every service's rule matches only
 * its own host names, so the order among them does not matter; what matters is that no two
 * rules of a listener share a priority ("A listener can't have multiple rules with the same
 * priority": https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RulePriorityPair.html)
 * and that a service keeps its priority as others come and go.
 *
 * Each service starts at a slot hashed from its name; collisions probe to the next free slot,
 * in the order of (slot, name), never in config order. Adding a service therefore moves no
 * other rule unless its slot is already taken (with at most 100 rules among 50,000 slots, at
 * most 0.2 % of additions), and then only the rules further along that run of taken slots;
 * CloudFormation changes a rule's priority in place.
 */

/** A listener rule's priority: 1–50,000 (the page above). */
export const MAX_RULE_PRIORITY = 50_000;

/** The priority of each service's rule, by service name. */
export function listenerRulePriorities(services: readonly string[]): Map<string, number> {
  const unique = [...new Set(services)];
  if (unique.length > MAX_RULE_PRIORITY) {
    throw new RangeError(`${unique.length} rules cannot have distinct priorities 1–${MAX_RULE_PRIORITY}`);
  }
  const ordered = unique
    .map((name) => ({ name, slot: 1 + (fnv1a(name) % MAX_RULE_PRIORITY) }))
    .sort((a, b) => a.slot - b.slot || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const taken = new Set<number>();
  const priorities = new Map<string, number>();
  for (const { name, slot } of ordered) {
    let priority = slot;
    while (taken.has(priority)) priority = (priority % MAX_RULE_PRIORITY) + 1;
    taken.add(priority);
    priorities.set(name, priority);
  }
  return priorities;
}

/** 32-bit FNV-1a: stable across runs and platforms, spread well enough for 100 names. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
