/**
 * /app.js: the preview's runtime and every unit's script in one esbuild bundle. The generated
 * entry registers each unit, children first, with a `load` that runs its script only then (a
 * `require()` esbuild evaluates lazily), so the unit's `Component()` call knows whose it is;
 * then it starts the app.
 */
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { idOf, isFile, npmCandidates, withExt, type AppGraph } from './graph';

const RUNTIME_MAIN = path.join(__dirname, '..', 'runtime', 'main.ts');

/** What a module specifier may name: the file itself, a script, JSON, or a folder's index. */
const MODULE_SUFFIXES = ['', '.ts', '.js', '.json', '/index.ts', '/index.js'];

function probe(base: string): string | undefined {
  return MODULE_SUFFIXES.map((s) => base + s).find(isFile);
}

/**
 * Resolves imports inside the mini-program as WeChat does: `/x` from the mini-program root, a
 * bare name from the nearest `miniprogram_npm/` (never node_modules). Relative imports are
 * left to esbuild, which resolves them the same way. Imports from outside the root (the
 * preview's runtime) are not touched.
 */
export function wechatNpm(root: string): Plugin {
  return {
    name: 'wechat-npm',
    setup(b) {
      b.onResolve({ filter: /^[^.]/ }, (args) => {
        if (!args.importer.startsWith(root + path.sep)) return undefined;
        const spec = args.path;
        const found = spec.startsWith('/')
          ? probe(path.join(root, spec))
          : npmCandidates(root, args.resolveDir, spec)
              .map(probe)
              .find((f) => f !== undefined);
        if (found) return { path: found };
        const where = spec.startsWith('/')
          ? 'the mini-program root'
          : `any miniprogram_npm/ above ${idOf(root, args.resolveDir) || '.'} (npm run build packs them)`;
        return { errors: [{ text: `cannot find "${spec}" in ${where}` }] };
      });
    },
  };
}

function entrySource(graph: AppGraph): string {
  const q = (value: unknown) => JSON.stringify(value);
  const config = withExt(path.join(graph.root, 'config'), ['.ts', '.js']);
  const app = { ...graph.app, pages: graph.pages };
  return [
    `import { registerUnit, startApp } from ${q(RUNTIME_MAIN)};`,
    ...graph.units.map(
      (u) =>
        `registerUnit({ id: ${q(u.id)}, kind: ${q(u.kind)}, prefix: ${q(u.prefix)}, ` +
        `json: ${q(u.json)}, using: ${q(u.using)}, load: () => require(${q(u.script)}) });`,
    ),
    `startApp({`,
    `  app: ${q(app)},`,
    `  loadApp: () => require(${q(graph.appScript)}),`,
    `  loadConfig: () => ${config ? `require(${q(config)})` : '({})'},`,
    `}).catch((err) => console.error('[preview] the app did not start:', err));`,
  ].join('\n');
}

export async function bundleApp(
  graph: AppGraph,
): Promise<{ js: string; map: string; warnings: string[] }> {
  const result = await build({
    stdin: {
      contents: entrySource(graph),
      resolveDir: path.dirname(RUNTIME_MAIN),
      sourcefile: 'preview-entry.js',
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile: 'app.js',
    sourcemap: 'linked',
    charset: 'utf8',
    // j-component and exparser are written for node (`global`).
    define: { global: 'globalThis' },
    plugins: [wechatNpm(graph.root)],
    logLevel: 'silent',
  });
  const out = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return {
    js: out('.js'),
    map: out('.js.map'),
    warnings: result.warnings.map(
      (w) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`,
    ),
  };
}
