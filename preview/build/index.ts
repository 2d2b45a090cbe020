/**
 * The preview's node-side build (docs/preview.md, "How it works"): from miniprogram/ it makes
 * what the browser loads, in memory, for preview/server.ts to serve:
 *   /templates.js  every WXML template, compiled by WeChat's wcc (templates.ts)
 *   /app.js        the runtime and every page's and component's script (bundle.ts)
 *   /app.css       every stylesheet, scoped as exparser writes classes (styles.ts)
 */
import { bundleApp } from './bundle';
import { loadAppGraph, MINIPROGRAM_ROOT } from './graph';
import { buildStyles } from './styles';
import { compileTemplates } from './templates';

export { wechatNpm } from './bundle';

export interface BuiltFile {
  type: string;
  body: string | Uint8Array;
}

export interface PreviewBuild {
  /** URL path → file. */
  files: Map<string, BuiltFile>;
  warnings: string[];
  durationMs: number;
}

export async function buildPreview(root: string = MINIPROGRAM_ROOT): Promise<PreviewBuild> {
  const started = Date.now();
  const graph = loadAppGraph(root);
  // wcc runs in its own process, esbuild in its own threads: all three at once.
  const [templates, script, styles] = await Promise.all([
    compileTemplates(graph),
    bundleApp(graph),
    buildStyles(graph),
  ]);
  const js = 'text/javascript; charset=utf-8';
  const files = new Map<string, BuiltFile>([
    ['/templates.js', { type: js, body: templates.js }],
    ['/app.js', { type: js, body: script.js }],
    ['/app.js.map', { type: 'application/json; charset=utf-8', body: script.map }],
    ['/app.css', { type: 'text/css; charset=utf-8', body: styles.css }],
  ]);
  return {
    files,
    warnings: [...graph.warnings, ...templates.warnings, ...script.warnings, ...styles.warnings],
    durationMs: Date.now() - started,
  };
}
