/**
 * /app.css: every stylesheet of the app, made to work on the DOM that exparser builds
 * (docs/preview.md, "Styles"). LESS is compiled and WXSS `@import`s inlined; rpx become px for
 * the 375 px phone; each unit's classes get the unit's prefix, as exparser writes them on its
 * elements (`.t-button` → `.tdesign-button--t-button`); `page` becomes the page element, `:host`
 * the unit's host tag and `view`/`text`… the `wx-` elements. tdesign's icon font (from its CDN)
 * becomes CSS masks over the SVGs of tdesign-icons-svg, which the server hands out locally.
 * Order: WeChat's built-in styles, components, app styles, pages.
 */
// less ships no typings: this brings ours into every program that imports the build (size-check too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./less.d.ts" />
import fs from 'node:fs';
import path from 'node:path';
import less from 'less';
import postcss, { type AtRule, type Root, type Rule } from 'postcss';
import selectorParser from 'postcss-selector-parser';
import { BUILTIN_TAGS } from '../runtime/builtin-tags';
import { rpxToPx } from '../runtime/rpx';
import { idOf, isFile, type AppGraph } from './graph';

/** Where the server hands out the SVGs of iconDirectory(), and the app's own assets. */
export const ICON_URL = '/__preview/icons';
const ASSET_URL = '/mp';
const BUILTINS_CSS = path.join(__dirname, '..', 'styles', 'builtins.css');

/** tdesign's icon glyph rules (`.t-icon-add:before { content: '\E00D' }`) and the class every icon has. */
const ICON_RULE = /^\.t-icon-([\w-]+)::?before$/;
const ICON_BASE = '.t-icon-base';

const BUILTINS = new Set(BUILTIN_TAGS);
const REMOTE = /^(https?:)?\/\//;
const URL_REF = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;
const REMOTE_URL = /url\(\s*['"]?(https?:)?\/\//;
const COLOR_SCHEME = /^\s*\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)\s*$/;

/** The SVGs of tdesign-icons-svg, one per icon name (add.svg…). */
export function iconDirectory(): string {
  return path.join(path.dirname(require.resolve('tdesign-icons-svg/package.json')), 'src');
}

let iconNames: Set<string> | undefined;
function icons(): Set<string> {
  iconNames ??= new Set(
    fs
      .readdirSync(iconDirectory())
      .filter((f) => f.endsWith('.svg'))
      .map((f) => f.slice(0, -'.svg'.length)),
  );
  return iconNames;
}

/** What a stylesheet's selectors mean where it is used. */
interface Scope {
  /** exparser's class prefix (`prefix--name`); none for app-wide styles. */
  prefix?: string;
  /** The selector `page` stands for. */
  page: string;
  /** The tag `:host` stands for. */
  host?: string;
}

interface Context {
  root: string;
  darkmode: boolean;
  warnings: string[];
}

/** A stylesheet as CSS: LESS compiled (it inlines its own @imports), WXSS as written. */
async function readStyle(file: string): Promise<string> {
  const text = fs.readFileSync(file, 'utf8');
  if (!file.endsWith('.less')) return text;
  return (await less.render(text, { filename: file })).css;
}

/** WXSS `@import "x"` / `@import "x.wxss"`, inlined as WeChat does (relative or `/`-absolute). */
function inlineImports(sheet: Root, file: string, ctx: Context, chain: string[]): void {
  sheet.walkAtRules('import', (rule) => {
    const ref = rule.params.replace(/^url\(|\)$/g, '').replace(/^\s*['"]|['"]\s*$/g, '');
    if (REMOTE.test(ref)) {
      ctx.warnings.push(`${idOf(ctx.root, file)}: not importing remote ${ref}`);
      rule.remove();
      return;
    }
    const named = /\.(wxss|css)$/.test(ref) ? ref : `${ref}.wxss`;
    const target = named.startsWith('/')
      ? path.join(ctx.root, named)
      : path.resolve(path.dirname(file), named);
    if (!isFile(target) || chain.includes(target)) {
      ctx.warnings.push(`${idOf(ctx.root, file)}: cannot import ${ref}`);
      rule.remove();
      return;
    }
    const imported = postcss.parse(fs.readFileSync(target, 'utf8'), { from: target });
    inlineImports(imported, target, ctx, [...chain, target]);
    rule.replaceWith(imported.nodes);
  });
}

/**
 * tdesign draws icons with a web font from its CDN. Each glyph rule becomes a mask over the
 * icon's SVG (a glyph with no SVG draws nothing), and the class every icon carries gets what
 * all masks share: a 1em square in the text colour. Without a glyph rule there is no `content`,
 * so no ::before box at all.
 */
function iconsAsMasks(sheet: Root): void {
  let base: Rule | undefined;
  sheet.walkRules((rule) => {
    if (rule.selector === ICON_BASE) base = rule;
    const glyph = ICON_RULE.exec(rule.selector);
    if (!glyph || !rule.some((n) => n.type === 'decl' && n.prop === 'content')) return;
    if (!icons().has(glyph[1])) {
      rule.remove();
      return;
    }
    rule.removeAll();
    rule.append(
      { prop: 'content', value: '""' },
      { prop: 'mask-image', value: `url(${ICON_URL}/${glyph[1]}.svg)` },
    );
  });
  base?.after(
    postcss
      .rule({ selector: `${ICON_BASE}::before` })
      .append(
        { prop: 'display', value: 'block' },
        { prop: 'width', value: '1em' },
        { prop: 'height', value: '1em' },
        { prop: 'background-color', value: 'currentColor' },
        { prop: 'mask-position', value: 'center' },
        { prop: 'mask-size', value: 'contain' },
        { prop: 'mask-repeat', value: 'no-repeat' },
      ),
  );
}

/** `:host(.x)`: the host's classes are written by its owner, so `.x` keeps its name. */
function inHostArgument(node: selectorParser.Node): boolean {
  const pseudo = node.parent?.parent;
  return pseudo?.type === 'pseudo' && pseudo.value === ':host';
}

function scoper(scope: Scope) {
  const page = selectorParser().astSync(scope.page).first.nodes;
  return selectorParser((selectors) => {
    selectors.walk((node) => {
      if (node.type === 'class' && scope.prefix && !inHostArgument(node))
        node.value = `${scope.prefix}--${node.value}`;
      else if (node.type === 'tag') {
        const tag = node.value.toLowerCase();
        if (tag === 'page') node.replaceWith(...page.map((n) => n.clone()));
        else if (BUILTINS.has(tag)) node.value = `wx-${tag}`;
      }
    });
    selectors.walkPseudos((pseudo) => {
      if (pseudo.value !== ':host' || !scope.host) return;
      // `:host(.x)` → `host-tag.x`
      const inner = pseudo.first?.nodes.map((n) => n.clone()) ?? [];
      pseudo.replaceWith(selectorParser.tag({ value: scope.host }), ...inner);
    });
  });
}

/** Local url()s point at the server's copy of the app; remote ones are dropped (127.0.0.1 only). */
function rewriteUrls(sheet: Root, file: string, ctx: Context): void {
  sheet.walkDecls((decl) => {
    if (!decl.value.includes('url(')) return;
    const from = decl.source?.input.file ?? file;
    let remote = false;
    decl.value = decl.value.replace(URL_REF, (whole, _quote: string, ref: string) => {
      if (/^(data|blob):|^#/.test(ref)) return whole;
      if (REMOTE.test(ref)) {
        remote = true;
        return whole;
      }
      const target = ref.startsWith('/')
        ? path.join(ctx.root, ref)
        : path.resolve(path.dirname(from), ref);
      return `url("${ASSET_URL}/${idOf(ctx.root, target)}")`;
    });
    if (remote) {
      ctx.warnings.push(`${idOf(ctx.root, from)}: dropped "${decl.toString()}" (remote)`);
      decl.remove();
    }
  });
}

async function buildSheet(file: string, scope: Scope, ctx: Context): Promise<string> {
  const sheet = postcss.parse(await readStyle(file), { from: file });
  inlineImports(sheet, file, ctx, [file]);
  sheet.walkAtRules((rule) => {
    // The icon font goes (icons become masks).
    if (rule.name === 'font-face' && REMOTE_URL.test(rule.toString())) {
      rule.remove();
      return;
    }
    if (rule.name !== 'media') return;
    // Without app.json `darkmode: true` WeChat is always light, whatever the system says.
    const scheme = COLOR_SCHEME.exec(rule.params)?.[1];
    if (scheme === 'dark' && !ctx.darkmode) rule.remove();
    else if (scheme === 'light' && !ctx.darkmode) rule.replaceWith(rule.nodes ?? []);
    else rule.params = rpxToPx(rule.params);
  });
  rewriteUrls(sheet, file, ctx);
  iconsAsMasks(sheet);
  const scopeSelector = scoper(scope);
  sheet.walkRules((rule) => {
    // Keyframe steps (`from`, `50%`) are not selectors.
    if (rule.parent?.type === 'atrule' && (rule.parent as AtRule).name.endsWith('keyframes'))
      return;
    rule.selector = scopeSelector.processSync(rule.selector);
  });
  sheet.walkDecls((decl) => {
    if (decl.value.includes('rpx')) decl.value = rpxToPx(decl.value);
  });
  return `/* ${idOf(ctx.root, file)} */\n${sheet.toString()}\n`;
}

export async function buildStyles(graph: AppGraph): Promise<{ css: string; warnings: string[] }> {
  const ctx: Context = { root: graph.root, darkmode: graph.app.darkmode === true, warnings: [] };
  const jobs: Array<Promise<string>> = [];
  const components = graph.units.filter((u) => u.kind === 'component' && u.style);
  const pages = graph.units.filter((u) => u.kind === 'page' && u.style);
  for (const unit of components)
    jobs.push(
      buildSheet(
        unit.style as string,
        { prefix: unit.prefix, page: 'wx-page', host: unit.prefix },
        ctx,
      ),
    );
  if (graph.appStyle) jobs.push(buildSheet(graph.appStyle, { page: 'wx-page' }, ctx));
  for (const unit of pages)
    jobs.push(
      buildSheet(
        unit.style as string,
        { prefix: unit.prefix, page: `wx-page[data-prefix="${unit.prefix}"]`, host: unit.prefix },
        ctx,
      ),
    );
  const sheets = await Promise.all(jobs);
  return {
    css: [fs.readFileSync(BUILTINS_CSS, 'utf8'), ...sheets].join('\n'),
    warnings: ctx.warnings,
  };
}
