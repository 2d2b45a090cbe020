/**
 * The mini-program as WeChat sees it: app.json's pages and, through every `usingComponents`,
 * the components they use ("units"), resolved the way WeChat resolves them (relative,
 * `/`-absolute from the mini-program root, or a package in the nearest `miniprogram_npm/`).
 * Also the templates and WXS modules a set of WXML files reaches. Used by the preview build
 * and by scripts/size-check.ts.
 */
import fs from 'node:fs';
import path from 'node:path';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

export type Json = Record<string, unknown>;

export interface Unit {
  /** Path from the root without extension, e.g. 'pages/home/home' (the runtime's unit id). */
  id: string;
  kind: 'page' | 'component';
  /** Absolute paths. */
  script: string;
  wxml: string;
  style?: string;
  json: Json;
  /** Tag → unit id, app.json's global components included. */
  using: Record<string, string>;
  /** Class prefix and host tag name, unique in the app (see unitPrefix). */
  prefix: string;
}

export interface AppGraph {
  root: string;
  app: Json;
  /** app.ts or app.js. */
  appScript: string;
  /** app.less or app.wxss, if any. */
  appStyle?: string;
  /** Every page, main package first, then subpackages. */
  pages: string[];
  /** Children before the units that use them (the order the runtime registers them in). */
  units: Unit[];
  warnings: string[];
}

const SCRIPT_EXTS = ['.ts', '.js'];
const STYLE_EXTS = ['.less', '.wxss'];
const NPM_DIR = 'miniprogram_npm';

export function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

export function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The first of `base + ext` that exists. */
export function withExt(base: string, exts: string[]): string | undefined {
  return exts.map((ext) => base + ext).find(isFile);
}

/** Root-relative id with forward slashes. */
export function idOf(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * Where a bare specifier (`tdesign-miniprogram/button/button`) lives: in the `miniprogram_npm/`
 * of the importing directory or the nearest one above it, up to the root.
 */
export function npmCandidates(root: string, fromDir: string, specifier: string): string[] {
  const out: string[] = [];
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    out.push(path.join(dir, NPM_DIR, specifier));
    if (dir === root || !dir.startsWith(root + path.sep)) break;
  }
  return out;
}

/**
 * Resolves a component path from `usingComponents` to its base path (no extension): the unit
 * must have a template. A directory stands for its `index`.
 */
export function resolveComponent(
  root: string,
  fromDir: string,
  specifier: string,
): string | undefined {
  const bases = specifier.startsWith('/')
    ? [path.join(root, specifier)]
    : specifier.startsWith('.')
      ? [path.resolve(fromDir, specifier)]
      : // A package in miniprogram_npm (the usual case), else a path relative to the file.
        [...npmCandidates(root, fromDir, specifier), path.resolve(fromDir, specifier)];
  for (const base of bases)
    for (const candidate of [base, path.join(base, 'index')])
      if (isFile(`${candidate}.wxml`) && withExt(candidate, SCRIPT_EXTS)) return candidate;
  return undefined;
}

/**
 * A CSS identifier and tag name per unit, unique in the app, as readable as possible:
 * miniprogram_npm/tdesign-miniprogram/button/button → tdesign-button, pages/home/home → pages-home.
 */
function unitPrefix(id: string, taken: Set<string>): string {
  const parts = id.split('/');
  const npm = parts.lastIndexOf(NPM_DIR);
  let words = npm >= 0 ? parts.slice(npm + 1) : parts;
  if (npm >= 0) words = [words[0].replace(/-miniprogram$/, ''), ...words.slice(1)];
  // button/button → button
  if (words.length > 1 && words[words.length - 1] === words[words.length - 2]) words.pop();
  let prefix = words
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(prefix)) prefix = `u-${prefix}`;
  // A tag name needs a hyphen so it never is an HTML element (a page called `form`…).
  if (!prefix.includes('-')) prefix = `${prefix}-unit`;
  let unique = prefix;
  for (let n = 2; taken.has(unique); n++) unique = `${prefix}-${n}`;
  taken.add(unique);
  return unique;
}

function subpackagePages(app: Json): string[] {
  const packages = (app.subpackages ?? app.subPackages ?? []) as Array<{
    root: string;
    pages: string[];
  }>;
  return packages.flatMap((p) => p.pages.map((page) => path.posix.join(p.root, page)));
}

/** app.json, every page and every component reached from them. */
export function loadAppGraph(root: string = MINIPROGRAM_ROOT): AppGraph {
  const app = readJson(path.join(root, 'app.json'));
  const appScript = withExt(path.join(root, 'app'), SCRIPT_EXTS);
  if (!appScript) throw new Error(`no app.ts or app.js in ${root}`);
  const pages = [...((app.pages ?? []) as string[]), ...subpackagePages(app)];
  const globalUsing = (app.usingComponents ?? {}) as Record<string, string>;
  const warnings: string[] = [];
  const units: Unit[] = [];
  const byBase = new Map<string, Unit | null>();
  const prefixes = new Set<string>();

  /** Registers the unit at `base` after its children (depth first); null while in progress. */
  const visit = (base: string, kind: Unit['kind']): Unit | undefined => {
    const seen = byBase.get(base);
    if (seen !== undefined) return seen ?? undefined; // done, or a cycle (WeChat allows them)
    byBase.set(base, null);
    const id = idOf(root, base);
    const jsonFile = `${base}.json`;
    const json = isFile(jsonFile) ? readJson(jsonFile) : {};
    const own = (json.usingComponents ?? {}) as Record<string, string>;
    // app.json's global components reach the app's own pages and components, not npm packages.
    const inNpm = id.split('/').includes(NPM_DIR);
    const declared = inNpm ? own : { ...globalUsing, ...own };
    const using: Record<string, string> = {};
    for (const [tag, specifier] of Object.entries(declared)) {
      if (specifier.startsWith('plugin://')) {
        warnings.push(`${id}: <${tag}> is a plugin component, not available in the preview`);
        continue;
      }
      const child = resolveComponent(root, path.dirname(base), specifier);
      if (!child) {
        warnings.push(`${id}: cannot find component "${specifier}" for <${tag}>`);
        continue;
      }
      visit(child, 'component');
      using[tag] = idOf(root, child);
    }
    const script = withExt(base, SCRIPT_EXTS);
    if (!script) throw new Error(`${id}: no .ts or .js`);
    const unit: Unit = {
      id,
      kind,
      script,
      wxml: `${base}.wxml`,
      style: withExt(base, STYLE_EXTS),
      json,
      using,
      prefix: unitPrefix(id, prefixes),
    };
    units.push(unit);
    byBase.set(base, unit);
    return unit;
  };

  for (const page of pages) {
    const base = path.join(root, page);
    if (!isFile(`${base}.wxml`)) throw new Error(`app.json lists ${page}, which has no .wxml`);
    visit(base, 'page');
  }
  return {
    root,
    app,
    appScript,
    appStyle: withExt(path.join(root, 'app'), STYLE_EXTS),
    pages,
    units,
    warnings,
  };
}

/** `src` of an <import>/<include>/<wxs>, or a WXS `require()`, as an absolute path. */
function resolveRef(root: string, fromFile: string, ref: string, ext: string): string {
  const withExtension = ref.endsWith(ext) ? ref : `${ref}${ext}`;
  return ref.startsWith('/')
    ? path.join(root, withExtension)
    : path.resolve(path.dirname(fromFile), withExtension);
}

const TEMPLATE_REF = /<(import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"'{}]+)["']/g;
const WXS_REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g;

/**
 * Every template and WXS module `wxmlFiles` reach through <import>, <include>, <wxs src> and
 * the WXS modules' own require()s, the given files included. References to files that do not
 * exist are left out and listed in `missing` ("from → src").
 */
export function templateClosure(
  root: string,
  wxmlFiles: string[],
): { wxml: string[]; wxs: string[]; missing: string[] } {
  const wxml = new Set<string>();
  const wxs = new Set<string>();
  const missing: string[] = [];
  const exists = (from: string, file: string, ref: string) => {
    if (isFile(file)) return true;
    missing.push(`${idOf(root, from)} → ${ref}`);
    return false;
  };
  const addWxs = (file: string) => {
    if (wxs.has(file)) return;
    wxs.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(WXS_REQUIRE)) {
      const target = resolveRef(root, file, m[1], '.wxs');
      if (exists(file, target, m[1])) addWxs(target);
    }
  };
  const addWxml = (file: string) => {
    if (wxml.has(file)) return;
    wxml.add(file);
    // Comments may mention tags; WeChat ignores them.
    const text = fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    for (const m of text.matchAll(TEMPLATE_REF)) {
      const wxsRef = m[1] === 'wxs';
      const target = resolveRef(root, file, m[2], wxsRef ? '.wxs' : '.wxml');
      if (!exists(file, target, m[2])) continue;
      if (wxsRef) addWxs(target);
      else addWxml(target);
    }
  };
  for (const file of wxmlFiles) if (isFile(file)) addWxml(file);
  return { wxml: [...wxml], wxs: [...wxs], missing };
}
