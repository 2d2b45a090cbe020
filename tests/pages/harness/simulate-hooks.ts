import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths';

interface SimulateUtils {
  readJson(file: string): unknown;
}

/**
 * WeChat resolves a usingComponents path that is neither relative nor absolute
 * (`tdesign-miniprogram/button/button`) in miniprogram_npm/; simulate silently drops it and
 * renders a bare tag. Rewrite it to the rootPath-absolute `/miniprogram_npm/...` form.
 */
export function resolveComponentPath(value: string): string {
  if (value.startsWith('/') || value.startsWith('.') || value.includes('://')) return value;
  return `/miniprogram_npm/${value}`;
}

/**
 * Applies resolveComponentPath to every component .json simulate reads. simulate's own
 * `usingComponents` load option cannot do this: it is merged into *every* component, so
 * tdesign's icon would "use" t-cell, which uses icon again, and the registration order breaks
 * ("component t-icon not found").
 */
export function installComponentResolver(): void {
  // Same module instance as simulate's index.js uses: required from the main registry.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils = require('miniprogram-simulate/src/utils') as SimulateUtils;
  const readJson = utils.readJson.bind(utils);
  utils.readJson = (file: string) => {
    const json = readJson(file) as { usingComponents?: Record<string, string> } | null;
    const using = json?.usingComponents;
    if (using)
      for (const [tag, value] of Object.entries(using)) using[tag] = resolveComponentPath(value);
    return json;
  };
}

function walk(dir: string, ext: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, ext, out);
    else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out;
}

const compilerOptionsCache = new Map<string, { wxmlList: string[]; wxsList: string[] }>();

/**
 * File lists for the official WXML compiler (wcc; the pure-JS one cannot read `<wxs src>`,
 * which tdesign uses everywhere). simulate compiles once per rootPath and caches the result, so
 * the list must be the same for every page: everything under rootPath plus tests/ (fixtures).
 */
export function compilerOptions(rootPath: string): { wxmlList: string[]; wxsList: string[] } {
  let options = compilerOptionsCache.get(rootPath);
  if (!options) {
    const dirs = [rootPath, path.join(REPO_ROOT, 'tests')];
    const list = (ext: string) => [
      ...new Set(
        dirs
          .flatMap((dir) => walk(dir, ext))
          .map((file) => path.relative(rootPath, file).split(path.sep).join('/')),
      ),
    ];
    options = { wxmlList: list('.wxml'), wxsList: list('.wxs') };
    compilerOptionsCache.set(rootPath, options);
  }
  return options;
}
