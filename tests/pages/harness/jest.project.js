// Jest project for page tests: real pages + real tdesign components rendered by
// miniprogram-simulate in jsdom. Wire it in the root jest.config.js:
//   projects: [require('./tests/pages/harness/jest.project.js'), ...]
const path = require('node:path');

const rootDir = path.resolve(__dirname, '../../..');
const harness = path.join(rootDir, 'tests/pages/harness');

module.exports = {
  displayName: 'pages',
  rootDir,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/pages/**/*.test.ts'],
  // miniprogram_npm first: tdesign's `import "tslib"` must find the tslib 2 it ships in its own
  // miniprogram_npm/, not the tslib 1 hoisted into node_modules by another package. Jest tries
  // each folder name up the whole tree before the next name, so the order matters.
  moduleDirectories: ['miniprogram_npm', 'node_modules'],
  // 'ts' before 'js': simulate requires a page by its extensionless path (pages/x/x).
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    // tests/tsconfig.json sets isolatedModules, so ts-jest only transpiles (type-check with tsc).
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(rootDir, 'tests/tsconfig.json') }],
    // tdesign's miniprogram_dist is ES modules; 'unambiguous' leaves CommonJS files (dayjs) alone.
    '[\\\\/]miniprogram_npm[\\\\/].+\\.js$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        sourceType: 'unambiguous',
        presets: [['@babel/preset-env', { targets: { node: 'current' } }]],
      },
    ],
  },
  globalSetup: path.join(harness, 'global-setup.ts'),
  setupFiles: [path.join(harness, 'setup.ts')],
  setupFilesAfterEnv: [path.join(harness, 'after-env.ts')],
};
