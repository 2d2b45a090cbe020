/** One jest run, several projects: unit (core rules), integration (functions through the local
 * CloudBase), conformance (the node-sdk against the local CloudBase), pages (real pages and
 * tdesign in miniprogram-simulate, against the real stack) and e2e (the pages in the browser
 * preview, in headless Chromium). */
const path = require('node:path');

const nodeProject = (name) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
});

const pages = {
  ...require('./tests/pages/harness/jest.project.js'),
  globalSetup: path.join(__dirname, 'tests/pages/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'tests/pages/global-teardown.ts'),
};

module.exports = {
  projects: [
    nodeProject('unit'),
    nodeProject('integration'),
    nodeProject('conformance'),
    // Fuzz, authorization matrix, fault injection, rate limits, personal data (issue 9).
    nodeProject('hardening'),
    pages,
    // The browser preview in headless Chromium (tests/e2e, docs/preview.md).
    require('./tests/e2e/jest.project.js'),
  ],
  testTimeout: 30000,
};
