/** Unit tests: type checking is `tsc`'s job (npm test runs it first), so ts-jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.integration\\.test\\.ts$'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  testTimeout: 120000,
  // aws-eks-v2 uses its own deprecated OIDC provider internally; its warning is not ours to fix.
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
