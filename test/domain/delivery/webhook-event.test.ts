import { actionsFor } from '../../../domain/delivery/webhook-event';
import { configFrom, edit, minimalDocument } from '../../fixtures';

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const REPOSITORY = { full_name: 'descomplica/auth', default_branch: 'main' };

const config = (delivery: unknown = { deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: 'blue' } }) => {
  const document = minimalDocument();
  edit(document, 'services.auth.repository', 'descomplica/auth');
  return configFrom(edit(document, 'delivery', delivery));
};

/** A `check_suite` payload in the shape GitHub documents, trimmed to what matters. */
function checkSuite(overrides: { conclusion?: string; headBranch?: string | null; pullRequests?: unknown[]; action?: string } = {}) {
  return {
    action: overrides.action ?? 'completed',
    check_suite: {
      id: 118578147,
      head_branch: overrides.headBranch === undefined ? 'main' : overrides.headBranch,
      head_sha: SHA,
      status: 'completed',
      conclusion: overrides.conclusion ?? 'success',
      pull_requests: overrides.pullRequests ?? [],
    },
    repository: REPOSITORY,
    sender: { login: 'octocat' },
  };
}

const REPOSITORY_ID = 186853002;
/**
 * A pull request as a check suite lists it ("Check Run Pull Request": repositories are
 * `{ id, url, name }`, without `full_name`), https://docs.github.com/en/webhooks/webhook-events-and-payloads#check_suite.
 */
const pullRequest = (number: number, headRepository = 'descomplica/auth', sha = SHA) => ({
  url: `https://api.github.com/repos/descomplica/auth/pulls/${number}`,
  id: 934669,
  number,
  head: {
    ref: 'feature',
    sha,
    repo: {
      id: headRepository === 'descomplica/auth' ? REPOSITORY_ID : 526234,
      url: `https://api.github.com/repos/${headRepository}`,
      name: headRepository.split('/')[1],
    },
  },
  base: {
    ref: 'main',
    sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    repo: { id: REPOSITORY_ID, url: 'https://api.github.com/repos/descomplica/auth', name: 'auth' },
  },
});

test('a green check suite on the default branch deploys every deploy-on-green environment the service runs in', () => {
  expect(actionsFor('check_suite', checkSuite(), config())).toEqual([
    { kind: 'deploy', service: 'auth', environments: ['staging'], sha: SHA },
  ]);
});

test('a green check suite of a same-repository pull request previews that commit', () => {
  const payload = checkSuite({ headBranch: 'feature', pullRequests: [pullRequest(42)] });
  expect(actionsFor('check_suite', payload, config())).toEqual([{ kind: 'preview', service: 'auth', pullRequest: 42, sha: SHA }]);
});

test.each([
  ['a failed suite', checkSuite({ conclusion: 'failure' })],
  ['a suite still requested', checkSuite({ action: 'requested' })],
  ['a green suite of another branch with no pull request', checkSuite({ headBranch: 'feature' })],
  ['a fork: GitHub lists no pull request and no branch', checkSuite({ headBranch: null })],
  ['a fork pull request listed anyway', checkSuite({ headBranch: 'feature', pullRequests: [pullRequest(7, 'stranger/auth')] })],
  [
    'a pull request whose repositories say nothing to compare',
    checkSuite({
      headBranch: 'feature',
      pullRequests: [{ number: 9, head: { sha: SHA, repo: { name: 'auth' } }, base: { repo: { name: 'auth' } } }],
    }),
  ],
  [
    'a pull request whose head moved on since',
    checkSuite({ headBranch: 'feature', pullRequests: [pullRequest(8, 'descomplica/auth', 'f'.repeat(40))] }),
  ],
  ['a repository no service is built from', { ...checkSuite(), repository: { full_name: 'descomplica/other', default_branch: 'main' } }],
])('nothing for %s', (_name, payload) => {
  expect(actionsFor('check_suite', payload, config())).toEqual([]);
});

test('a closed pull request, merged or not, deletes its preview', () => {
  for (const merged of [true, false]) {
    const payload = { action: 'closed', number: 42, pull_request: { number: 42, merged }, repository: REPOSITORY };
    expect(actionsFor('pull_request', payload, config())).toEqual([{ kind: 'delete-preview', service: 'auth', pullRequest: 42 }]);
  }
});

test('opening a pull request creates nothing: previews wait for green CI', () => {
  const payload = { action: 'opened', number: 42, pull_request: { number: 42 }, repository: REPOSITORY };
  expect(actionsFor('pull_request', payload, config())).toEqual([]);
});

test('events it does not act on, bodies that are not objects, and configs without delivery ask for nothing', () => {
  expect(actionsFor('push', { ref: 'refs/heads/main' }, config())).toEqual([]);
  expect(actionsFor('check_suite', null, config())).toEqual([]);
  expect(actionsFor('check_suite', checkSuite(), configFrom(minimalDocument()))).toEqual([]);
});

test('without previews configured, a green pull request only deploys what follows the default branch', () => {
  const payload = checkSuite({ headBranch: 'feature', pullRequests: [pullRequest(42)] });
  expect(actionsFor('check_suite', payload, config({ deployOnGreen: ['staging'] }))).toEqual([]);
});
