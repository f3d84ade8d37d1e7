// Lint: typescript-eslint's recommended rules, the type-aware rule that catches a promise nobody
// awaits (a command that exits before its AWS call finishes), and the layers of ../shared/STYLE.md:
// a wrong import arrow fails `npm run lint`.
import tseslint from 'typescript-eslint';

/** Import patterns (gitignore syntax, matched against the import string) for each of our folders. */
const folder = (name) => [`**/${name}`, `**/${name}/**`];
const SDKS_AND_IO = ['aws-cdk-lib', 'aws-cdk-lib/**', 'constructs', 'cdk8s', 'cdk8s-*', 'cdk-nag', '@aws-cdk/**', '@aws-sdk/**'];
const NODE_IO = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'];

/** One `no-restricted-imports` rule: these patterns, with why. */
const forbid = (groups) => ({ 'no-restricted-imports': ['error', { patterns: groups }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'scratch/', '.cache/', '.venv/', 'bench/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['config/**/*.ts'],
    rules: forbid([
      {
        group: ['../*', '!../domain', '../domain/*', '!../domain/naming', '!../domain/kubernetes-releases'],
        message: 'config/ imports nothing of ours but the leaf tables its rules check (domain/naming, domain/kubernetes-releases).',
      },
    ]),
  },
  {
    files: ['domain/**/*.ts'],
    rules: forbid([
      {
        group: [...folder('cli'), ...folder('lib'), ...folder('charts'), ...folder('constructs'), ...folder('bin')],
        message: 'domain/ may import config/ only.',
      },
      { group: [...SDKS_AND_IO, ...NODE_IO], message: 'domain/ is pure logic: no CDK, cdk8s, AWS SDK, files or processes.' },
    ]),
  },
  {
    files: ['charts/**/*.ts', 'constructs/**/*.ts'],
    rules: forbid([
      {
        group: [...folder('cli'), ...folder('lib'), ...folder('bin')],
        message: 'charts/ and constructs/ may import config/ and domain/ only.',
      },
    ]),
  },
  {
    files: ['lib/**/*.ts'],
    rules: forbid([
      { group: [...folder('cli'), ...folder('bin')], message: 'lib/ may import config/, domain/, charts/ and constructs/ only.' },
    ]),
  },
  {
    files: ['cli/**/*.ts'],
    rules: forbid([
      {
        group: [...folder('lib'), ...folder('charts'), ...folder('constructs'), ...folder('bin')],
        message: 'cli/ may import config/ and domain/ only: commands never build stacks.',
      },
    ]),
  },
);
