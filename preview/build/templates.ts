/**
 * /templates.js: every template of the app compiled by WeChat's own WXML compiler, `wcc` (the
 * binary in the npm package miniprogram-compiler), which understands all that tdesign uses
 * (<import>, <include>, <template is>, <wxs src>). Its output is a classic script defining the
 * global `$gwx(path)`; the runtime asks `window.__gongzhiGwx` (runtime/registry.ts).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { idOf, templateClosure, type AppGraph } from './graph';

const run = promisify(execFile);

const WCC_BINARY: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux/wcc',
  darwin: 'mac/wcc',
  win32: 'windows/wcc.exe',
};

function wccPath(): string {
  const binary = WCC_BINARY[process.platform];
  if (!binary) throw new Error(`wcc has no build for ${process.platform}`);
  const file = path.join(
    path.dirname(require.resolve('miniprogram-compiler/package.json')),
    'bin',
    binary,
  );
  // npm does not always keep the executable bit of a packaged binary (the package sets it too).
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, 0o755);
  }
  return file;
}

export async function compileTemplates(
  graph: AppGraph,
): Promise<{ js: string; warnings: string[] }> {
  const { root } = graph;
  const { wxml, wxs, missing } = templateClosure(
    root,
    graph.units.map((u) => u.wxml),
  );
  // -cc tells wcc, per template, which tags are custom components: "<count> (<file> <n> <tag>…)…"
  const withComponents = graph.units.filter((u) => Object.keys(u.using).length > 0);
  const components = [
    withComponents.length,
    ...withComponents.flatMap((u) => {
      const tags = Object.keys(u.using);
      return [idOf(root, u.wxml), tags.length, ...tags];
    }),
  ].join(' ');
  const args = [
    '-d', // keeps "file:tag:line:col" in the output: errors while rendering say where
    '-cc',
    components,
    ...wxml.map((f) => idOf(root, f)),
    ...wxs.map((f) => idOf(root, f)),
    '-gn',
    '$gwx',
  ];
  let output: string;
  let stderr: string;
  try {
    ({ stdout: output, stderr } = await run(wccPath(), args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    }));
  } catch (err) {
    const message = (err as { stderr?: string }).stderr || String(err);
    throw new Error(`wcc could not compile the templates:\n${message}`);
  }
  const js = `${output}
// The runtime asks for a unit's template here (runtime/registry.ts); undefined if unknown.
window.__gongzhiGwx = function (path) {
  return $gwx(path);
};
`;
  const warnings = [
    ...missing.map((m) => `template not found: ${m}`),
    ...stderr.split('\n').filter((line) => line.trim()),
  ];
  return { js, warnings };
}
