/** Integration tests: every command against a real AWS API emulator (moto_server). */
const unit = require('./jest.config');
module.exports = {
  ...unit,
  testMatch: ['**/*.integration.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
};
