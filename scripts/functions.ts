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
 * `package.json` and `config.json` (timeout, triggers, openapi permissions). Everything is
 * bundled in — `core/`, `typings/` and the SDKs — so a function folder stands alone, needs no
 * install in the cloud (cloudbaserc.json `installDependency: false`), and starts faster
 * (figures in docs/cloud.md, `npm run bench`).
 */
export const ROOT = resolve(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FUNCTIONS_DIR, d.name, 'src', 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export interface Bundle {
  code: string;
  /** The project's dependencies bundled in, with their versions (the SDKs). */
  packages: Record<string, string>;
  /** Every source file in it, relative to the project root. */
  inputs: string[];
}

/** Bundles one function, SDKs included, to JavaScript text. */
export async function bundleFunction(name: string, external: string[] = []): Promise<Bundle> {
  const result = await build({
    entryPoints: [join(FUNCTIONS_DIR, name, 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    // The oldest Node that runs it: the cloud's runtime (cloudbaserc.json) and this machine's.
    target: 'node20',
    format: 'cjs',
    external,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const inputs = Object.keys(result.metafile.inputs);
  const packages: Record<string, string> = {};
  for (const dep of Object.keys({ ...own.dependencies, ...own.devDependencies }).sort()) {
    if (inputs.some((i) => i.includes(`node_modules/${dep}/`)))
      packages[dep] = (
        JSON.parse(readFileSync(join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
  }
  return { code: result.outputFiles[0].text, packages, inputs };
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Writes the deployable folder of one function; returns the bundle size in bytes. */
export async function buildDeployable(name: string): Promise<number> {
  const dir = join(FUNCTIONS_DIR, name);
  const { code, packages } = await bundleFunction(name);
  writeAtomically(join(dir, 'index.js'), code);
  const pkg = {
    name: `gongzhi-${name}`,
    version: '1.0.0',
    private: true,
    main: 'index.js',
    '//': 'These are bundled into index.js: nothing needs installing (installDependency false).',
    dependencies: packages,
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
  const { code } = await bundleFunction(name);
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
