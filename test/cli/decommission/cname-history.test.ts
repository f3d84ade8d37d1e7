import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cnameFromHistory } from '../../../cli/decommission/cname-history';
import { repoWithConfig } from '../traffic/git-repo';
import { EXAMPLE_TEXT } from '../traffic/helpers';

const WITH = 'beanstalk: { cname: catalog-prod.sa-east-1.elasticbeanstalk.com, instanceType: c5.large, instances: 2 }';
const WITHOUT = 'beanstalk: { instanceType: c5.large, instances: 2 }';

test('the newest CNAME the config had, from the commit that last had it', () => {
  // given: the CNAME committed, then removed in a later commit
  const { root, configPath } = repoWithConfig(EXAMPLE_TEXT);
  const first = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  writeFileSync(configPath, EXAMPLE_TEXT.replace(WITH, WITHOUT));
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'drop the CNAME'], { cwd: root });

  // then
  expect(cnameFromHistory(configPath, 'catalog', 'production')).toEqual({
    cname: 'catalog-prod.sa-east-1.elasticbeanstalk.com',
    commit: first,
  });
  // A service environment that never had one has none.
  expect(cnameFromHistory(configPath, 'catalog', 'staging')).toBeUndefined();
});

test('outside a git repository: none, and no error', () => {
  const configPath = join(mkdtempSync(join(tmpdir(), 'kubeshift-nogit-')), 'kubeshift.yaml');
  writeFileSync(configPath, EXAMPLE_TEXT);
  expect(cnameFromHistory(configPath, 'catalog', 'production')).toBeUndefined();
});
