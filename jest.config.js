/** Unit tests: type checking is `tsc`'s job (npm test runs it first), so ts-jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.integration\\.test\\.ts$', '\\.cluster\\.test\\.ts$'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 120000,
  // Library notices that are not ours to act on (see the file).
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // The pinned Python tools (checkov, cfn-lint, kubernetes-validate, moto) in .venv/ and kube-score in .cache/tools/, installed on first run.
  globalSetup: '<rootDir>/test/tools/global-setup.ts',
  // Removes the run's temporary folder (test/tools/scratch-dir.ts says why).
  globalTeardown: '<rootDir>/test/tools/global-teardown.ts',
};
