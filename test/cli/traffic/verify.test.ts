import type { TargetStatus } from '../../../cli/live-dns/live-state';
import { waitForSync } from '../../../cli/traffic/verify';

/** A clock that only moves when the command sleeps. */
function fakeClock() {
  let time = 0;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
  };
}

const state = (drift: boolean) => ({ service: 'auth', environment: 'production', target: 'blue', drift }) as TargetStatus;
const throttled = (name: string) => Object.assign(new Error('slow down'), { name });

test('returns at once when already in sync', async () => {
  const clock = fakeClock();
  const outcome = await waitForSync({
    read: async () => [state(false)],
    timeoutMs: 60_000,
    intervalMs: 10_000,
    progress: () => {},
    ...clock,
  });
  expect(outcome).toMatchObject({ inSync: true, elapsedMs: 0 });
  expect(clock.sleeps).toEqual([]);
});

test('polls at the interval with a progress line until the change lands', async () => {
  const clock = fakeClock();
  const progress: string[] = [];
  const reads = [[state(true)], [state(true)], [state(false)]];
  const outcome = await waitForSync({
    read: async () => reads.shift()!,
    timeoutMs: 60_000,
    intervalMs: 10_000,
    progress: (line) => progress.push(line),
    ...clock,
  });
  expect(outcome).toMatchObject({ inSync: true, elapsedMs: 20_000 });
  expect(progress).toEqual([
    'waiting: 1 record(s) in auth · production still differ (0s of 60s)',
    'waiting: 1 record(s) in auth · production still differ (10s of 60s)',
  ]);
});

test('gives up at the timeout with what still differs', async () => {
  const clock = fakeClock();
  const outcome = await waitForSync({
    read: async () => [state(true)],
    timeoutMs: 25_000,
    intervalMs: 10_000,
    progress: () => {},
    ...clock,
  });
  expect(outcome).toMatchObject({ inSync: false, elapsedMs: 25_000, states: [state(true)] });
  // The last wait is cut to the time left.
  expect(clock.sleeps).toEqual([10_000, 10_000, 5_000]);
});

test.each(['Throttling', 'PriorRequestNotComplete'])('backs off on %s, doubling, then reads on', async (name) => {
  const clock = fakeClock();
  const progress: string[] = [];
  let calls = 0;
  const read = async () => {
    calls++;
    if (calls <= 3) throw throttled(name);
    return [state(false)];
  };
  const outcome = await waitForSync({ read, timeoutMs: 600_000, intervalMs: 10_000, progress: (line) => progress.push(line), ...clock });
  expect(outcome.inSync).toBe(true);
  expect(clock.sleeps).toEqual([2_000, 4_000, 8_000]);
  expect(progress[0]).toBe(`Route 53 asks to slow down (${name}); next read in 2s`);
});

test('any other error fails the command', async () => {
  const clock = fakeClock();
  await expect(
    waitForSync({
      read: async () => Promise.reject(throttled('AccessDenied')),
      timeoutMs: 60_000,
      intervalMs: 10_000,
      progress: () => {},
      ...clock,
    }),
  ).rejects.toThrow('slow down');
});
