/**
 * A user at the preview: who they are, where they go, what they tap and what they see. The
 * helpers act like a person would (the identity bar, clicks on text, typing into fields) and
 * wait the way a person does (until the thing shows up), never for fixed times.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { DemoEstate } from '../../../local/seed/estate';
import { actAs, loadPreview, openPage, settle, type Role } from '../../../preview/drive';
import { gatewayCaller } from '../../../preview/tour';
import type { Browser } from './browser';

export type { Role };

export interface LogEntry {
  kind: string;
  summary: string;
  detail?: unknown;
}

// Generous: the e2e tests share two cores with the rest of npm test.
const TIMEOUT = 20_000;

export function demoEstate(): DemoEstate {
  const json = process.env.E2E_DEMO;
  if (!json) throw new Error('E2E_DEMO is not set: run the e2e tests through the e2e jest project');
  return JSON.parse(json) as DemoEstate;
}

/**
 * Calls a cloud function through the gateway as `openid`, as the test's own hands (setting up or
 * checking what the screen cannot show); answers the data, throws on a refusal.
 */
export async function gateway<T>(
  fn: string,
  event: Record<string, unknown>,
  openid: string,
): Promise<T> {
  const url = process.env.E2E_GATEWAY_URL;
  if (!url)
    throw new Error('E2E_GATEWAY_URL is not set: run the e2e tests through the e2e jest project');
  const result = (await gatewayCaller(url)(fn, event, openid)) as
    { ok: true; data: T } | { ok: false; code: string; message: string };
  if (!result.ok)
    throw new Error(`${fn}.${String(event.action)}: ${result.code} ${result.message}`);
  return result.data;
}

export function previewUrl(): string {
  const url = process.env.E2E_PREVIEW_URL;
  if (!url)
    throw new Error('E2E_PREVIEW_URL is not set: run the e2e tests through the e2e jest project');
  return url;
}

export class Session {
  readonly page: Page;
  readonly demo = demoEstate();
  private stepNo = 0;

  constructor(
    readonly browser: Browser,
    /** Where this test's screenshots go. */
    readonly shotsDir: string,
  ) {
    this.page = browser.page;
  }

  /** The phone's screen: every query below looks inside it. */
  get screen(): Locator {
    return this.page.locator('[data-testid=screen]');
  }

  /**
   * Acts as someone: a role (the first demo identity with it; 'newcomer' is unbound) or an
   * openid. Switching reloads the page on screen, as a different WeChat user would see it.
   */
  async as(who: Role | string): Promise<void> {
    await loadPreview(this.page, previewUrl());
    await actAs(this.page, who);
  }

  /** The openid the preview currently acts as. */
  async identity(): Promise<string> {
    return this.page.evaluate(() =>
      (
        window as unknown as { __gongzhiPreview: { identity(): string } }
      ).__gongzhiPreview.identity(),
    );
  }

  /** Opens a page by its path, e.g. '/pages/proposal/proposal?id=p1' (a deep link). */
  async open(pagePath: string): Promise<void> {
    await openPage(this.page, previewUrl(), pagePath);
  }

  /**
   * Opens a link without waiting to land on it: for a page that sends the user elsewhere first
   * (a newcomer following a shared link is sent to bind a household).
   */
  async visit(pagePath: string): Promise<void> {
    await this.page.evaluate((h) => (location.hash = h), pagePath);
  }

  /** Waits until the page on screen has its data (no request in flight). */
  async settle(): Promise<void> {
    await settle(this.page);
  }

  /** Follows a link as if pasted into the address bar (a shared link). */
  async follow(link: string): Promise<void> {
    const hash = new URL(link).hash.replace(/^#/, '');
    await this.open(hash);
  }

  /** Text on the phone's screen; `exact` to match the whole text of an element. */
  text(text: string | RegExp, exact = false): Locator {
    // Pages under the top one stay in the DOM (hidden), as in WeChat's stack: skip them.
    return this.screen.getByText(text, { exact }).filter({ visible: true }).first();
  }

  async expectText(
    text: string | RegExp,
    opts: { exact?: boolean; timeout?: number } = {},
  ): Promise<void> {
    try {
      await this.text(text, opts.exact).waitFor({
        state: 'visible',
        timeout: opts.timeout ?? TIMEOUT,
      });
    } catch {
      throw new Error(
        `expected to see "${String(text)}" on the screen; it shows:\n${await this.screenText()}`,
      );
    }
  }

  async expectNoText(
    text: string | RegExp,
    opts: { exact?: boolean; timeout?: number } = {},
  ): Promise<void> {
    await this.text(text, opts.exact).waitFor({
      state: 'hidden',
      timeout: opts.timeout ?? TIMEOUT,
    });
  }

  /** Taps the (first visible) element showing `text`. */
  async tapText(text: string | RegExp, opts: { exact?: boolean } = {}): Promise<void> {
    const target = this.text(text, opts.exact);
    try {
      await target.waitFor({ state: 'visible', timeout: TIMEOUT });
    } catch {
      throw new Error(
        `nothing shows "${String(text)}" to tap; the screen shows:\n${await this.screenText()}`,
      );
    }
    await target.click();
  }

  /** Types into the field whose placeholder (or current value) is `hint`. */
  async fill(hint: string, value: string): Promise<void> {
    const field = this.screen
      .locator('wx-input, wx-textarea')
      .filter({ has: this.page.locator('.wx-placeholder', { hasText: hint }) })
      .locator('input, textarea')
      .first();
    await field.waitFor({ state: 'visible', timeout: TIMEOUT });
    await field.fill(value);
  }

  /** The page's back button in the navigation bar. */
  async back(): Promise<void> {
    await this.page.click('[data-testid=nav-back]');
  }

  /** The title in the navigation bar. */
  async title(): Promise<string> {
    return (await this.page.locator('[data-testid=nav-title]').textContent()) ?? '';
  }

  /** Answers the WeChat modal on screen. */
  async answerModal(button: '确定' | '取消' | string = '确定'): Promise<void> {
    await this.page.locator('[data-testid=modal] button', { hasText: button }).click();
  }

  /** Types a code into the scanner prompt (wx.scanCode) and confirms. */
  async scan(code: string): Promise<void> {
    const prompt = this.page.locator('[data-testid=scan-prompt]');
    await prompt.locator('input').fill(code);
    await prompt.locator('button', { hasText: '确定' }).click();
  }

  /** Taps `text` and picks `file` in the file chooser it opens. */
  async chooseFile(
    text: string,
    file: string | { name: string; mimeType: string; buffer: Buffer },
  ): Promise<void> {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      this.tapText(text),
    ]);
    await chooser.setFiles(file);
  }

  /**
   * The link in the share sheet (opened by the page's share button or the capsule menu); closes
   * the sheet, as a user would after copying it.
   */
  async shareLink(): Promise<string> {
    const sheet = this.page.locator('[data-testid=share-sheet]');
    const input = sheet.locator('[data-testid=share-link]');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    const link = await input.inputValue();
    await sheet.locator('button', { hasText: '关闭' }).click();
    return link;
  }

  /** Shares the page on screen from the capsule menu and answers the link. */
  async shareFromMenu(): Promise<string> {
    await this.page.click('[data-testid=capsule-menu]');
    await this.page.locator('[data-testid=action-sheet] button', { hasText: '转发给朋友' }).click();
    return this.shareLink();
  }

  /** What the app asked WeChat for that has no visible effect (subscriptions, shares…). */
  async log(): Promise<LogEntry[]> {
    return this.page.evaluate(() =>
      (window as unknown as { __gongzhiPreview: { log(): LogEntry[] } }).__gongzhiPreview
        .log()
        .map((e) => ({ kind: e.kind, summary: e.summary, detail: e.detail })),
    );
  }

  /** Everything readable on the phone's screen (for failure messages). */
  async screenText(): Promise<string> {
    return ((await this.screen.innerText().catch(() => '')) || '(nothing)').replace(
      /\n{2,}/g,
      '\n',
    );
  }

  /** A screenshot of the phone's screen, numbered in order, into this test's folder. */
  async step(name: string): Promise<string> {
    this.stepNo += 1;
    fs.mkdirSync(this.shotsDir, { recursive: true });
    const file = path.join(
      this.shotsDir,
      `${String(this.stepNo).padStart(2, '0')}-${name.replace(/[^\w\u4e00-\u9fff-]+/g, '-')}.png`,
    );
    await this.screen.screenshot({ path: file });
    return file;
  }
}
