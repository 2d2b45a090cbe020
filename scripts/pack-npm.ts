/**
 * Offline stand-in for WeChat DevTools' "Build npm" (miniprogram-ci packNpmManually).
 *
 * For each package.json `dependencies` entry it writes miniprogram/miniprogram_npm/<pkg>/:
 * - a package with a `miniprogram` field: that folder is copied as is;
 * - any other package: its `main` entry is bundled into index.js (cjs), as DevTools does.
 * Bare imports left in the output (e.g. tdesign's `tslib`) must resolve the WeChat way, through
 * the nearest miniprogram_npm/ folder; those that do not are packed as extra packages.
 *
 * Usage: tsx scripts/pack-npm.ts [--force]
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const NPM_DIR = path.join(ROOT, 'miniprogram', 'miniprogram_npm');
const STAMP_FILE = '.pack-stamp.json';
// Bump when the packing logic changes so existing outputs count as stale.
const PACKER_VERSION = 1;

interface Stamp {
  packer: number;
  packages: Record<string, string>;
}

interface Packed {
  name: string;
  version: string;
  mode: 'copied' | 'bundled';
  bytes: number;
}

export interface PackResult {
  upToDate: boolean;
  packages: Packed[];
  summary: string;
}

interface PackageJson {
  name: string;
  version: string;
  main?: string;
  miniprogram?: string;
  dependencies?: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Node-style lookup of an installed package folder, starting from `fromDir`. */
function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function rootDependencies(): string[] {
  return Object.keys(readJson<PackageJson>(path.join(ROOT, 'package.json')).dependencies ?? {});
}

function installedVersion(name: string, fromDir = ROOT): string | undefined {
  const dir = findPackageDir(name, fromDir);
  return dir ? readJson<PackageJson>(path.join(dir, 'package.json')).version : undefined;
}

/** True when the stamp matches the installed versions of everything it packed. */
export function isUpToDate(): boolean {
  const stampPath = path.join(NPM_DIR, STAMP_FILE);
  if (!fs.existsSync(stampPath)) return false;
  let stamp: Stamp;
  try {
    stamp = readJson<Stamp>(stampPath);
  } catch {
    return false;
  }
  if (stamp.packer !== PACKER_VERSION) return false;
  if (!rootDependencies().every((name) => name in stamp.packages)) return false;
  return Object.entries(stamp.packages).every(
    ([name, version]) =>
      installedVersion(name) === version && fs.existsSync(path.join(NPM_DIR, name)),
  );
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(full) : fs.statSync(full).size;
  }
  return total;
}

function listJsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listJsFiles(full));
    else if (entry.name.endsWith('.js')) files.push(full);
  }
  return files;
}

const IMPORT_RE =
  /(?:\brequire\(\s*|\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["']([^"'./][^"']*)["']/g;
const PACKAGE_NAME_RE = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** Package names imported by bare specifier in `file` (minified code included). */
function bareImports(file: string): string[] {
  const names = new Set<string>();
  for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
    const segments = specifier.split('/');
    const name = segments.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    // The regex also hits words like `from","` inside strings; keep only real package names.
    if (PACKAGE_NAME_RE.test(name)) names.add(name);
  }
  return [...names];
}

/** WeChat resolves `require('x')` through miniprogram_npm/ folders from the file up to the root. */
function resolvesInMiniprogram(name: string, file: string, npmRoot: string): boolean {
  for (let dir = path.dirname(file); dir.startsWith(npmRoot); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'miniprogram_npm', name))) return true;
  }
  return fs.existsSync(path.join(npmRoot, name));
}

async function packOne(pkgDir: string, outDir: string): Promise<Packed> {
  const pkg = readJson<PackageJson>(path.join(pkgDir, 'package.json'));
  const target = path.join(outDir, pkg.name);
  let mode: Packed['mode'];
  if (pkg.miniprogram) {
    fs.cpSync(path.join(pkgDir, pkg.miniprogram), target, { recursive: true });
    mode = 'copied';
  } else {
    await build({
      // Node's resolution of the folder: package.json `main`, extensions and index.js included.
      entryPoints: [require.resolve(pkgDir)],
      outfile: path.join(target, 'index.js'),
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      mainFields: ['main', 'module'],
      logLevel: 'silent',
    });
    mode = 'bundled';
  }
  return { name: pkg.name, version: pkg.version, mode, bytes: dirSize(target) };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function packNpm(options: { force?: boolean } = {}): Promise<PackResult> {
  if (!options.force && isUpToDate()) {
    const stamp = readJson<Stamp>(path.join(NPM_DIR, STAMP_FILE));
    const list = Object.entries(stamp.packages).map(([n, v]) => `${n}@${v}`);
    return { upToDate: true, packages: [], summary: `pack-npm: up to date (${list.join(', ')})` };
  }

  const started = Date.now();
  // Build beside the target and swap at the end, so a concurrent test run never sees half a tree.
  const tmpDir = `${NPM_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  try {
    const packed: Packed[] = [];
    const queue = rootDependencies().map((name) => ({ name, from: ROOT }));
    const seen = new Set<string>();
    const unresolved: string[] = [];
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (seen.has(item.name)) continue;
      seen.add(item.name);
      const pkgDir = findPackageDir(item.name, item.from);
      if (!pkgDir) {
        unresolved.push(item.name);
        continue;
      }
      const result = await packOne(pkgDir, tmpDir);
      packed.push(result);
      for (const file of listJsFiles(path.join(tmpDir, result.name))) {
        for (const dep of bareImports(file)) {
          if (!resolvesInMiniprogram(dep, file, tmpDir)) queue.push({ name: dep, from: pkgDir });
        }
      }
    }
    if (unresolved.length) {
      throw new Error(`pack-npm: imported at run time but not installed: ${unresolved.join(', ')}`);
    }

    const stamp: Stamp = {
      packer: PACKER_VERSION,
      packages: Object.fromEntries(packed.map((p) => [p.name, p.version])),
    };
    fs.writeFileSync(path.join(tmpDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    fs.rmSync(NPM_DIR, { recursive: true, force: true });
    fs.renameSync(tmpDir, NPM_DIR);

    const parts = packed.map((p) => `${p.name}@${p.version} ${formatBytes(p.bytes)} (${p.mode})`);
    const summary = `pack-npm: ${parts.join(', ')} -> miniprogram/miniprogram_npm in ${Date.now() - started} ms`;
    return { upToDate: false, packages: packed, summary };
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  packNpm({ force: process.argv.includes('--force') }).then(
    (result) => console.log(result.summary),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
