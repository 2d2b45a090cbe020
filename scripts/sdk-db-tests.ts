/**
 * Runs the node-sdk repository's own database tests (test/database/, written against the real
 * cloud) by hand against a fresh in-memory local CloudBase, with the published SDK we depend on.
 *
 *   npx tsx scripts/sdk-db-tests.ts <node-sdk checkout or its git directory> [jest args...]
 *
 * Nothing of that repository is committed here. Their files are used unedited; only what ties
 * them to their own build and to jest 23 is redirected (shims in scripts/sdk-db-tests/): their
 * `src/index` and `lib/const/code` to our installed @cloudbase/node-sdk, `@cloudbase/database/src/*`
 * to its compiled dist, `power-assert` to node's assert; their config (`test/config.local.js`)
 * reads the TEST_* variables set here, and their expected dates are China time (TZ).
 * Prints pass/fail counts and the failing tests; docs/cloud.md ("Database") says which are expected.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runCLI } from 'jest';
import { sdkEnv, startLocalCloudBase } from '../local/server';

const ENV_ID = 'gongzhi-local';

/** Copies their test/ folder into `into`, from a working tree or a bare/mirrored git directory. */
function extractTests(source: string, into: string): void {
  if (existsSync(join(source, 'test', 'database'))) {
    cpSync(join(source, 'test'), join(into, 'test'), { recursive: true });
    return;
  }
  const archive = execFileSync('git', ['--git-dir', source, 'archive', 'HEAD', 'test'], {
    maxBuffer: 64 << 20,
  });
  execFileSync('tar', ['-x', '-C', into], { input: archive });
  if (!existsSync(join(into, 'test', 'database')))
    throw new Error(`${source} has no test/database/ at HEAD`);
}

/** Their jest setup, on our jest: the shims in scripts/sdk-db-tests/ say why each is needed. */
function jestConfig(root: string): Record<string, unknown> {
  const shims = join(__dirname, 'sdk-db-tests');
  const sdk = require.resolve('@cloudbase/node-sdk');
  const database = dirname(require.resolve('@cloudbase/database/package.json'));
  return {
    rootDir: root,
    setupFilesAfterEnv: [join(shims, 'describe-async.js')],
    testMatch: ['<rootDir>/test/database/**/*.test.ts'],
    testEnvironment: 'node',
    // Their files resolve packages from our node_modules.
    modulePaths: [resolve(__dirname, '..', 'node_modules')],
    moduleNameMapper: {
      '^power-assert$': join(shims, 'power-assert.js'),
      '^(\\.\\./)+src/index$': join(shims, 'node-sdk.js'),
      '^(\\.\\./)+lib/const/code$': join(dirname(sdk), 'const', 'code.js'),
      '^@cloudbase/database/src/(.*)$': join(database, 'dist', 'commonjs', '$1'),
    },
    transform: {
      '^.+\\.ts$': [
        require.resolve('ts-jest'),
        {
          // Their code is not strict TypeScript: transpile only.
          tsconfig: {
            target: 'ES2019',
            module: 'commonjs',
            esModuleInterop: true,
            isolatedModules: true,
          },
          diagnostics: false,
        },
      ],
    },
  };
}

async function main(): Promise<void> {
  const [source, ...jestArgs] = process.argv.slice(2);
  if (!source) {
    console.error('usage: tsx scripts/sdk-db-tests.ts <node-sdk checkout or git dir> [jest args]');
    process.exit(2);
  }
  const root = mkdtempSync(join(tmpdir(), 'sdk-db-tests-'));
  const cb = await startLocalCloudBase({ port: 0 });
  try {
    extractTests(resolve(source), root);
    Object.assign(process.env, sdkEnv(cb, ENV_ID), {
      TZ: 'Asia/Shanghai', // their expected dates are China time (e.g. dateToString)
      TEST_ENV: ENV_ID,
      TEST_SECRET_ID: 'local',
      TEST_SECRET_KEY: 'local',
    });
    const { results } = await runCLI(
      {
        config: JSON.stringify(jestConfig(root)),
        runInBand: true, // one store, and their files share collection names
        testTimeout: 60_000, // as their test/setup.js sets
        _: jestArgs,
        $0: 'sdk-db-tests',
      },
      [root],
    );
    const failed = results.testResults.flatMap((file) =>
      file.testResults
        .filter((t) => t.status === 'failed')
        .map((t) => `${file.testFilePath.slice(root.length + 1)}: ${t.fullName}`),
    );
    const broken = results.testResults.filter((f) => f.testExecError);
    console.log(`\nnode-sdk test/database against the local CloudBase (SDK ${sdkVersion()}):`);
    console.log(
      `  ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
        ` (${results.numPendingTests} skipped by their own it.skip/describe.skip)`,
    );
    for (const name of failed) console.log(`  FAIL ${name}`);
    for (const f of broken) console.log(`  ERROR ${f.testFilePath}: ${f.testExecError?.message}`);
    process.exitCode = results.success ? 0 : 1;
  } finally {
    await cb.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function sdkVersion(): string {
  const manifest = join(dirname(require.resolve('@cloudbase/node-sdk')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
