import { greenAt, sweepPlan, type OpenPullRequest } from '../../../domain/delivery/sweep-plan';
import type { LivePreview } from '../../../domain/delivery/preview';
import { configFrom, edit, minimalDocument } from '../../fixtures';

const NOW = new Date('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
const REPOSITORY = 'descomplica/auth';

function config() {
  const document = minimalDocument();
  edit(document, 'services.auth.repository', REPOSITORY);
  return configFrom(
    edit(document, 'delivery', { deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: 'blue', ttlHours: 72 } }),
  );
}

const live = (pullRequest: number, overrides: Partial<LivePreview> = {}): LivePreview => ({
  namespace: `pr-${pullRequest}-auth`,
  service: 'auth',
  pullRequest,
  repository: REPOSITORY,
  expiresAt: new Date(NOW.getTime() + 24 * HOUR),
  sha: SHA_A,
  ...overrides,
});
const open = (number: number, overrides: Partial<OpenPullRequest> = {}): OpenPullRequest => ({
  repository: REPOSITORY,
  number,
  headSha: SHA_A,
  sameRepository: true,
  greenAt: new Date(NOW.getTime() - HOUR),
  ...overrides,
});

test('previews of closed pull requests and expired previews are deleted; open current ones stay', () => {
  const plan = sweepPlan(config(), {
    live: [live(1), live(2), live(3, { expiresAt: new Date(NOW.getTime() - 1) })],
    open: [open(1), open(3)],
    polled: [REPOSITORY],
    now: NOW,
  });
  expect(plan.deletions.map((d) => [d.preview.pullRequest, d.reason])).toEqual([
    [2, 'pull request closed'],
    [3, 'expired'],
  ]);
  expect(plan.previews).toEqual([]);
});

test('an expired preview comes back only with a new green push', () => {
  const expired = live(3, { expiresAt: new Date(NOW.getTime() - 1) });
  const input = { live: [expired], polled: [REPOSITORY], now: NOW };
  expect(sweepPlan(config(), { ...input, open: [open(3)] }).previews).toEqual([]);
  expect(sweepPlan(config(), { ...input, open: [open(3, { headSha: SHA_B })] }).previews).toEqual([
    { kind: 'preview', service: 'auth', pullRequest: 3, sha: SHA_B },
  ]);
});

test('an open green pull request without a preview, or with an older commit, gets one at its head', () => {
  const plan = sweepPlan(config(), { live: [live(1)], open: [open(1, { headSha: SHA_B }), open(4)], polled: [REPOSITORY], now: NOW });
  expect(plan.previews).toEqual([
    { kind: 'preview', service: 'auth', pullRequest: 1, sha: SHA_B },
    { kind: 'preview', service: 'auth', pullRequest: 4, sha: SHA_A },
  ]);
});

test.each([
  ['not green', open(5, { greenAt: undefined })],
  ['from a fork', open(5, { sameRepository: false })],
  ['green longer ago than the time to live', open(5, { greenAt: new Date(NOW.getTime() - 73 * HOUR) })],
  ['of a repository no service is built from', open(5, { repository: 'descomplica/other' })],
])('no preview for a pull request %s', (_name, pull) => {
  expect(sweepPlan(config(), { live: [], open: [pull], polled: [REPOSITORY], now: NOW }).previews).toEqual([]);
});

test('a preview of a repository that was not polled is judged by its expiry only', () => {
  const plan = sweepPlan(config(), { live: [live(7, { repository: 'descomplica/old' })], open: [], polled: [REPOSITORY], now: NOW });
  expect(plan.deletions).toEqual([]);
});

test.each([
  ['every suite passed, one with success', [s('completed', 'success', '10:00'), s('completed', 'skipped', '10:05')], '10:05'],
  ['one suite still running', [s('completed', 'success', '10:00'), s('in_progress', null, '10:05')], undefined],
  ['one suite failed', [s('completed', 'success', '10:00'), s('completed', 'failure', '10:05')], undefined],
  ['nothing but neutral', [s('completed', 'neutral', '10:00')], undefined],
  ['no suites at all', [], undefined],
])('greenAt when %s', (_name, suites, time) => {
  expect(greenAt(suites)?.toISOString()).toBe(time && `2026-11-26T${time}:00.000Z`);
});

function s(status: string, conclusion: string | null, time: string) {
  return { status, conclusion, updated_at: `2026-11-26T${time}:00Z` };
}
