/**
 * Headless Chromium (Debian's, driven by playwright-core) with a fresh profile, and every request
 * that would leave 127.0.0.1 blocked and remembered, so a test can assert there were none.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, offline, reproducible: no sync, no component updates, no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function ensureChromium(): void {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium fonts-wqy-microhei ` +
        '(or set CHROMIUM_PATH)',
    );
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** URLs of requests that tried to leave 127.0.0.1 (they were blocked). */
  external: string[];
  close(): Promise<void>;
}

function isLocal(url: string): boolean {
  if (/^(data|blob|about|chrome|devtools):/.test(url)) return true;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

export async function launchBrowser(viewport = { width: 1100, height: 900 }): Promise<Browser> {
  ensureChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    external,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
