/** Cluster tests: a real Kubernetes control plane on loopback, built from source on first use (test/cluster). */
const unit = require('./jest.config');
module.exports = {
  ...unit,
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Builds the control plane (instant once cached) and kills what an interrupted run left.
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  maxWorkers: 1,
  testTimeout: 180000,
};
