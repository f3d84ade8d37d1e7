import { DELIVERY_ID_RETENTION_MS, MemoryDeliveryIds } from '../../../cli/delivery/delivery-ids';

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
