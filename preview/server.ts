/**
 * The preview's HTTP server, on 127.0.0.1 only: the built runtime and pages, the shell, the demo
 * identities, the tdesign icons, the mini-program's own assets, and a small file store that
 * stands in for cloud storage. In development it rebuilds when the sources change and tells
 * open browsers to reload.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildPreview, type PreviewBuild } from './build';
import { MINIPROGRAM_ROOT } from './build/graph';
import { iconDirectory } from './build/styles';

export interface PreviewServerOptions {
  /** The local gateway's origin, e.g. http://127.0.0.1:8788. */
  gatewayUrl: string;
  /** The demo identities (local/seed), read on each request so a reseed shows up. */
  demo: () => unknown;
  /** 0 = any free port. */
  port?: number;
  /** Rebuild when miniprogram/ or preview/ change, and live-reload browsers. */
  watch?: boolean;
  root?: string;
  log?: (message: string) => void;
}

export interface PreviewServer {
  url: string;
  port: number;
  /** The last successful build. */
  current(): PreviewBuild | undefined;
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

/** What /__preview/config.js hands the runtime (runtime/vendor.d.ts: PreviewBootConfig). */
interface BootConfig {
  gatewayUrl: string;
  envId: string;
  live: boolean;
}

const PREVIEW_DIR = __dirname;
const ENV_ID = 'gongzhi-local';
const ASSET_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

function indexHtml(error?: string): string {
  const banner = error
    ? `<pre style="margin:0;padding:12px 16px;background:#7f1d1d;color:#fff;white-space:pre-wrap">预览构建失败 (preview build failed):\n${error.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</pre>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>共治 preview</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/shell.css">
<link rel="stylesheet" href="/app.css">
<script src="/__preview/config.js"></script>
<script src="/templates.js"></script>
<script src="/app.js" defer></script>
</head>
<body>${banner}</body>
</html>
`;
}

/**
 * tdesign-icons-svg writes `view-box` (its JSX spelling) and a 1em size, which a standalone SVG
 * does not understand: as an image it would be 16px of a 24-unit drawing, cut off. Fix both.
 */
function iconSvg(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(' view-box=', ' viewBox=')
    .replace(' width="1em" height="1em"', ' width="24" height="24"');
}

/** Keeps a path inside `root` (no `..` escapes). */
function inside(root: string, relative: string): string | undefined {
  const target = path.resolve(root, `.${path.sep}${decodeURIComponent(relative)}`);
  return target.startsWith(root + path.sep) ? target : undefined;
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const root = options.root ?? MINIPROGRAM_ROOT;
  const log = options.log ?? ((m: string) => console.log(m));
  const iconDir = iconDirectory();
  let last: PreviewBuild | undefined;
  let error: string | undefined;
  const clients = new Set<http.ServerResponse>();

  const rebuild = async () => {
    try {
      last = await buildPreview(root);
      error = undefined;
      for (const warning of last.warnings) log(`[preview] ${warning}`);
    } catch (err) {
      error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`[preview] build failed: ${error}`);
    }
  };
  await rebuild();

  const send = (
    res: http.ServerResponse,
    status: number,
    type: string,
    body: string | Uint8Array,
  ) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://preview');
      const p = url.pathname;
      if (req.method === 'GET' && (p === '/' || p === '/index.html'))
        return send(res, 200, 'text/html; charset=utf-8', indexHtml(error));
      const built = last?.files.get(p);
      if (req.method === 'GET' && built) return send(res, 200, built.type, built.body);
      if (p === '/shell.css')
        return send(
          res,
          200,
          'text/css; charset=utf-8',
          fs.readFileSync(path.join(PREVIEW_DIR, 'styles/shell.css')),
        );
      if (p === '/__preview/config.js') {
        const config: BootConfig = {
          gatewayUrl: options.gatewayUrl,
          envId: ENV_ID,
          live: !!options.watch,
        };
        return send(
          res,
          200,
          'text/javascript; charset=utf-8',
          `window.__GONGZHI_PREVIEW__ = ${JSON.stringify(config)};\n`,
        );
      }
      if (p === '/__preview/demo.json')
        return send(
          res,
          200,
          'application/json; charset=utf-8',
          JSON.stringify(options.demo() ?? null),
        );
      if (p === '/__preview/events') {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return undefined;
      }
      if (p.startsWith('/__preview/icons/')) {
        const file = inside(iconDir, p.slice('/__preview/icons/'.length));
        if (file && file.endsWith('.svg') && fs.existsSync(file))
          return send(res, 200, 'image/svg+xml', iconSvg(file));
        return send(res, 404, 'text/plain', 'no such icon');
      }
      if (p.startsWith('/mp/')) {
        // Static assets only: the mini-program's code is served built, never as source.
        const file = inside(root, p.slice('/mp/'.length));
        const type = file && ASSET_TYPES[path.extname(file).toLowerCase()];
        if (file && type && fs.existsSync(file)) return send(res, 200, type, fs.readFileSync(file));
        return send(res, 404, 'text/plain', 'no such asset');
      }
      return send(res, 404, 'text/plain', `no route for ${req.method} ${p}`);
    })().catch((err: unknown) => {
      log(`[preview] ${String(err)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  const watchers: fs.FSWatcher[] = [];
  if (options.watch) {
    let timer: NodeJS.Timeout | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void rebuild().then(() => {
          if (error) return;
          log(`[preview] rebuilt in ${last?.durationMs ?? 0} ms`);
          for (const client of clients) client.write('event: rebuilt\ndata: {}\n\n');
        });
      }, 250);
    };
    for (const dir of [root, path.join(PREVIEW_DIR, 'runtime'), path.join(PREVIEW_DIR, 'styles')])
      watchers.push(fs.watch(dir, { recursive: true }, changed));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    current: () => last,
    rebuild,
    async close() {
      for (const w of watchers) w.close();
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
