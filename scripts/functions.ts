import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Building cloud functions. Each function's source is `cloudfunctions/<name>/src/index.ts`;
 * its deployable folder is `cloudfunctions/<name>/` holding the bundled `index.js` (git-ignored),
 * `package.json` (the cloud SDK only) and `config.json` (timeout, triggers, openapi permissions).
 * `core/` and `typings/` are bundled in: in the cloud every function folder stands alone.
 */
export const ROOT = resolve(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');
const SDK = '@cloudbase/node-sdk';

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FUNCTIONS_DIR, d.name, 'src', 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** Bundles one function to JavaScript text; the SDK stays external (installed by the cloud). */
export async function bundleFunction(name: string): Promise<string> {
  const result = await build({
    entryPoints: [join(FUNCTIONS_DIR, name, 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    // The oldest Node that runs it: the cloud's runtime (cloudbaserc.json) and this machine's.
    target: 'node20',
    format: 'cjs',
    external: [SDK],
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Writes the deployable folder of one function; returns the bundle size in bytes. */
export async function buildDeployable(name: string): Promise<number> {
  const dir = join(FUNCTIONS_DIR, name);
  const code = await bundleFunction(name);
  writeAtomically(join(dir, 'index.js'), code);
  const sdkVersion = JSON.parse(
    readFileSync(join(ROOT, 'node_modules', SDK, 'package.json'), 'utf8'),
  ).version;
  const pkg = {
    name: `gongzhi-${name}`,
    version: '1.0.0',
    private: true,
    main: 'index.js',
    dependencies: { [SDK]: sdkVersion },
  };
  writeAtomically(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  if (!existsSync(join(dir, 'config.json')))
    throw new Error(`cloudfunctions/${name}/config.json is missing`);
  return Buffer.byteLength(code);
}

/**
 * Bundles a function for the local runner into build/local/, named by content so concurrent
 * test workers never read a half-written file. Returns the file to require().
 */
export async function buildForLocal(name: string): Promise<string> {
  const code = await bundleFunction(name);
  const dir = join(ROOT, 'build', 'local');
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `${name}.${createHash('sha1').update(code).digest('hex').slice(0, 12)}.js`,
  );
  if (!existsSync(file)) writeAtomically(file, code);
  return file;
}

if (require.main === module) {
  (async () => {
    for (const name of functionNames()) {
      const bytes = await buildDeployable(name);
      console.log(`cloudfunctions/${name}/index.js  ${(bytes / 1024).toFixed(1)} KB`);
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
