import { PRE_STOP_SECONDS, drainTimings } from '../../../domain/edge/draining';

test('the grace period outlasts the pre-stop delay and the shutdown; the target drains as long as the pod answers', () => {
  const timings = drainTimings(15);
  expect(timings.preStopSeconds).toBe(PRE_STOP_SECONDS);
  expect(timings.deregistrationDelaySeconds).toBe(PRE_STOP_SECONDS + 15);
  expect(timings.terminationGracePeriodSeconds).toBeGreaterThan(timings.deregistrationDelaySeconds);
});

test('an app that stops at once still waits out the deregistration', () => {
  const timings = drainTimings(0);
  expect(timings.deregistrationDelaySeconds).toBe(PRE_STOP_SECONDS);
  expect(timings.terminationGracePeriodSeconds).toBeGreaterThan(PRE_STOP_SECONDS);
});
