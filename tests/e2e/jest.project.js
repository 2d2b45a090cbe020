// Jest project for the end-to-end tests: the real mini-program pages in the browser preview, in
// headless Chromium, against the real stack (started by global-setup.ts in its own process).
const path = require('node:path');

const rootDir = path.resolve(__dirname, '../..');

module.exports = {
  displayName: 'e2e',
  rootDir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(rootDir, 'tests/tsconfig.json') }] },
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  globalTeardown: path.join(__dirname, 'global-teardown.ts'),
};
