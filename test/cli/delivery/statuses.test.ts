import { GitHubApi } from '../../../cli/delivery/github';
import { CommitStatuses } from '../../../cli/delivery/statuses';
import { GitHubStandIn } from './github-stand-in';

const TOKEN = 'token';
const TARGET = {
  repository: 'descomplica/auth',
  sha: 'a'.repeat(40),
  context: 'kubeshift/blue/staging',
  targetUrl: 'https://auth.example.com',
};
let github: GitHubStandIn;
let api: GitHubApi;

beforeAll(async () => {
  github = new GitHubStandIn(TOKEN);
  api = new GitHubApi(await github.start(), TOKEN);
});
afterAll(() => github.stop());

test('a status is posted when its state changes, never twice in a row, and not again after a restart', async () => {
  const statuses = new CommitStatuses(api);
  expect(await statuses.post(TARGET, 'pending', 'rolling out')).toBe(true);
  expect(await statuses.post(TARGET, 'pending', 'rolling out')).toBe(false);
  expect(await statuses.post(TARGET, 'success', 'running')).toBe(true);
  // A new process knows nothing: it reads the commit's combined status first.
  const restarted = new CommitStatuses(api);
  expect(await restarted.post({ ...TARGET, context: 'KUBESHIFT/blue/staging' }, 'success', 'running')).toBe(false);
  expect(github.statesOf(TARGET.repository, TARGET.sha, TARGET.context)).toEqual(['pending', 'success']);
});

test('a description longer than GitHub takes is cut to 140 characters', async () => {
  await new CommitStatuses(api).post({ ...TARGET, sha: 'b'.repeat(40) }, 'failure', 'x'.repeat(300));
  expect(github.statuses.at(-1)?.description).toHaveLength(140);
});

test("GitHub's refusal is an error naming the call", async () => {
  await expect(
    new GitHubApi(`${(api as any).apiUrl}`, 'wrong').createStatus(TARGET.repository, TARGET.sha, {
      state: 'pending',
      context: 'c',
      description: '',
    }),
  ).rejects.toThrow(/GitHub POST \/repos\/descomplica\/auth\/statuses\/a{40}: 401 Bad credentials/);
});
