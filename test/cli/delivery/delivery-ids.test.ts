import { DELIVERY_ID_RETENTION_MS, MemoryDeliveryIds, perCluster, TableDeliveryIds } from '../../../cli/delivery/delivery-ids';

test('an id is new once, then seen, until its retention has passed', async () => {
  let now = 0;
  const ids = new MemoryDeliveryIds(() => now);
  expect(await ids.firstTime('a')).toBe(true);
  expect(await ids.firstTime('a')).toBe(false);
  expect(await ids.firstTime('b')).toBe(true);
  now += DELIVERY_ID_RETENTION_MS;
  expect(await ids.firstTime('a')).toBe(true);
});

test("ids are kept longer than GitHub's three-day redelivery window", () => {
  expect(DELIVERY_ID_RETENTION_MS).toBeGreaterThan(3 * 24 * 3_600_000);
});

describe('TableDeliveryIds', () => {
  test('puts each id once with an expiry past the retention, in Unix seconds, and answers what the conditional put says', async () => {
    const puts: [string, string, number][] = [];
    const stored = new Set<string>();
    const ids = new TableDeliveryIds(
      'ids',
      {
        putIfAbsent: async (table, id, expiresAtSeconds) => {
          puts.push([table, id, expiresAtSeconds]);
          if (stored.has(id)) return false;
          stored.add(id);
          return true;
        },
      },
      () => 1_000_000,
    );
    expect(await ids.firstTime('a')).toBe(true);
    expect(await ids.firstTime('a')).toBe(false);
    expect(puts[0]).toEqual(['ids', 'a', Math.ceil((1_000_000 + DELIVERY_ID_RETENTION_MS) / 1000)]);
  });

  test('per cluster, one delivery is new once on each cluster', async () => {
    const ids = new MemoryDeliveryIds();
    expect(await perCluster(ids, 'blue').firstTime('d')).toBe(true);
    expect(await perCluster(ids, 'green').firstTime('d')).toBe(true);
    expect(await perCluster(ids, 'blue').firstTime('d')).toBe(false);
  });
});
