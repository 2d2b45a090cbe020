/**
 * Driving the preview from Playwright, shared by the e2e tests' Session and the gallery:
 * load it, act as someone, open a page, wait for the page's data.
 */
import type { Page } from 'playwright-core';

export type Role = 'staff' | 'committee' | 'lead' | 'resident' | 'newcomer';
export const ROLES: Role[] = ['staff', 'committee', 'lead', 'resident', 'newcomer'];

// Generous: the e2e tests share two cores with the rest of npm test.
const TIMEOUT = 20_000;

interface PreviewHandle {
  ready: boolean;
  pending(): number;
  identity(): string;
  currentUrl(): string | undefined;
}

declare const window: { __gongzhiPreview?: PreviewHandle };
declare const location: { hash: string };
declare function requestAnimationFrame(fn: () => void): void;

/** Loads the preview at `hash` (once per page) and waits for its runtime. */
export async function loadPreview(page: Page, baseUrl: string, hash = ''): Promise<void> {
  if (page.url().startsWith(baseUrl)) return;
  await page.goto(`${baseUrl}/${hash ? `#${hash}` : ''}`);
  await page.waitForFunction(() => !!window.__gongzhiPreview?.ready, null, { timeout: TIMEOUT });
}

/** Acts as a role (the first demo identity with it; 'newcomer' is unbound) or an openid. */
export async function actAs(page: Page, who: Role | string): Promise<string> {
  let openid = who;
  if ((ROLES as string[]).includes(who)) {
    const button = page.locator(`[data-testid=as-${who}]`);
    openid = (await button.getAttribute('title')) ?? '';
    await button.click();
  } else await page.selectOption('[data-testid=identity-select]', who);
  await page.waitForFunction((id) => window.__gongzhiPreview?.identity() === id, openid, {
    timeout: TIMEOUT,
  });
  return openid;
}

/** Opens a page by path ('/pages/x/x?id=1'), as a deep link would. */
export async function openPage(page: Page, baseUrl: string, pagePath: string): Promise<void> {
  const target = pagePath.startsWith('/') ? pagePath : `/${pagePath}`;
  if (!page.url().startsWith(baseUrl)) await loadPreview(page, baseUrl, target);
  else await page.evaluate((h) => (location.hash = h), target);
  await page.waitForFunction((t) => window.__gongzhiPreview?.currentUrl() === t, target, {
    timeout: TIMEOUT,
  });
}

/**
 * Waits until the app has had no request in flight for a moment (checked after a frame, so the
 * render that follows the last answer is done): the page shows its data.
 */
export async function settle(page: Page, timeout = TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeout;
  const pending = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() => resolve(window.__gongzhiPreview?.pending() ?? 1)),
        ),
    );
  let quietSince = 0;
  while (Date.now() < deadline) {
    if ((await pending()) > 0) quietSince = 0;
    else if (!quietSince) quietSince = Date.now();
    else if (Date.now() - quietSince >= 150) return;
    await page.waitForTimeout(30);
  }
  throw new Error(`the page still had requests in flight after ${timeout} ms`);
}
