/**
 * The main package as WeChat counts it on upload (project.config.json sets
 * ignoreUploadUnusedFiles): our own files as DevTools compiles them (TS → JS, LESS → WXSS), plus
 * from miniprogram_npm/ only the components actually reached through usingComponents, with
 * the JS they import, their templates, WXS, styles and images. Fails above LIMIT.
 *
 * Usage: tsx scripts/size-check.ts   (part of npm test)
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, transformSync } from 'esbuild';
import less from 'less';
import { wechatNpm } from '../preview/build';
import { loadAppGraph, MINIPROGRAM_ROOT, templateClosure } from '../preview/build/graph';
import { packNpm } from './pack-npm';

/** WeChat allows 2 MB for the main package; we keep a margin for what is still to come. */
export const LIMIT = 1.5 * 1024 * 1024;

const NPM = `${path.sep}miniprogram_npm${path.sep}`;

interface Counted {
  file: string;
  bytes: number;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Everything a .wxss pulls in with @import, and the local images its url()s name. */
function styleClosure(file: string, out: Set<string>): void {
  if (out.has(file) || !fs.existsSync(file)) return;
  out.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g)) {
    const ref = m[1].endsWith('.wxss') ? m[1] : `${m[1]}.wxss`;
    styleClosure(path.resolve(path.dirname(file), ref), out);
  }
  for (const m of text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g))
    if (!/^(data:|https?:|\/\/)/.test(m[1])) out.add(path.resolve(path.dirname(file), m[1]));
}

/** Static image paths in templates: src="/images/x.png" (bindings are not counted). */
function templateImages(file: string, root: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/\ssrc\s*=\s*["']([^"'{}]+\.(?:png|jpe?g|gif|svg|webp))["']/g)].map(
    (m) => (m[1].startsWith('/') ? path.join(root, m[1]) : path.resolve(path.dirname(file), m[1])),
  );
}

/** The modules reached from every unit's script (WeChat's npm resolution), from esbuild's metafile. */
async function scriptClosure(root: string, entries: string[]): Promise<string[]> {
  const result = await build({
    entryPoints: entries,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    outdir: 'out',
    logLevel: 'silent',
    plugins: [wechatNpm(root)],
  });
  return Object.keys(result.metafile.inputs).map((input) => path.resolve(input));
}

/** Our own files: compiled size for .ts and .less, file size for the rest. */
async function ownFiles(root: string): Promise<Counted[]> {
  const out: Counted[] = [];
  const walk = async (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'miniprogram_npm' && entry.name !== 'node_modules') await walk(file);
        continue;
      }
      if (/\.d\.ts$|\.md$|^tsconfig\.json$/.test(entry.name)) continue;
      const source = fs.readFileSync(file);
      let bytes = source.length;
      if (entry.name.endsWith('.ts'))
        bytes = Buffer.byteLength(
          transformSync(source.toString(), { loader: 'ts', format: 'cjs', minify: true }).code,
        );
      else if (entry.name.endsWith('.less'))
        bytes = Buffer.byteLength((await less.render(source.toString(), { filename: file })).css);
      out.push({ file, bytes });
    }
  };
  await walk(root);
  return out;
}

export async function measure(root: string = MINIPROGRAM_ROOT) {
  const graph = loadAppGraph(root);
  const npmUnits = graph.units.filter((u) => u.script.includes(NPM));
  const npm = new Set<string>();
  for (const unit of npmUnits) {
    const base = unit.script.replace(/\.(ts|js)$/, '');
    for (const ext of ['.js', '.json', '.wxml']) if (fs.existsSync(base + ext)) npm.add(base + ext);
    if (unit.style) styleClosure(unit.style, npm);
  }
  const templates = templateClosure(
    root,
    graph.units.map((u) => u.wxml),
  );
  for (const file of [...templates.wxml, ...templates.wxs]) if (file.includes(NPM)) npm.add(file);
  for (const file of templates.wxml)
    for (const image of templateImages(file, root)) if (image.includes(NPM)) npm.add(image);
  const scripts = await scriptClosure(root, [graph.appScript, ...graph.units.map((u) => u.script)]);
  for (const file of scripts) if (file.includes(NPM)) npm.add(file);

  const npmFiles: Counted[] = [...npm]
    .filter((f) => fs.existsSync(f))
    .map((file) => ({ file, bytes: fs.statSync(file).size }));
  const own = await ownFiles(root);
  const sum = (list: Counted[]) => list.reduce((n, f) => n + f.bytes, 0);
  const byPackage = new Map<string, number>();
  for (const f of npmFiles) {
    const rel = path.relative(path.join(root, 'miniprogram_npm'), f.file).split(path.sep);
    // Nested packages (tdesign's own tslib) count under their own name.
    const nested = rel.lastIndexOf('miniprogram_npm');
    const name = nested >= 0 ? rel[nested + 1] : rel[0];
    byPackage.set(name, (byPackage.get(name) ?? 0) + f.bytes);
  }
  return {
    own: sum(own),
    ownFiles: own.length,
    npm: byPackage,
    components: npmUnits.length,
    total: sum(own) + sum(npmFiles),
  };
}

async function main(): Promise<void> {
  await packNpm();
  const m = await measure();
  const lines = [
    `main package as WeChat counts it: ${kb(m.total)} of ${kb(LIMIT)} allowed`,
    `  own files (${m.ownFiles}, compiled)   ${kb(m.own)}`,
    ...[...m.npm.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(
        ([name, bytes]) =>
          `  npm ${name}${name === 'tdesign-miniprogram' ? ` (${m.components} components used)` : ''}   ${kb(bytes)}`,
      ),
  ];
  console.log(lines.join('\n'));
  if (m.total > LIMIT) {
    console.error(`size-check: the main package is ${kb(m.total - LIMIT)} over the limit`);
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
