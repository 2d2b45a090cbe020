/**
 * `journey(title, steps)`: one end-to-end test in a fresh browser (fresh profile, so fresh
 * storage). Each `s.step(name)` saves a screenshot of the phone into
 * tests/e2e/__screenshots__/<journey>/. A failing journey keeps its screenshots plus one of the
 * moment it failed; a passing one removes them (E2E_KEEP_SCREENSHOTS=1 keeps them too).
 * Whatever the journey does, no request may leave 127.0.0.1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser';
import { Session } from './session';

export const SCREENSHOTS = path.join(__dirname, '..', '__screenshots__');
const JOURNEY_TIMEOUT = 90_000;

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\w\u4e00-\u9fff]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

export function journey(
  title: string,
  run: (s: Session) => Promise<void>,
  timeout = JOURNEY_TIMEOUT,
): void {
  it(
    title,
    async () => {
      const dir = path.join(SCREENSHOTS, slug(title));
      fs.rmSync(dir, { recursive: true, force: true });
      const browser = await launchBrowser();
      const session = new Session(browser, dir);
      const errors: string[] = [];
      browser.page.on('pageerror', (err) => errors.push(err.message));
      try {
        await run(session);
        if (browser.external.length)
          throw new Error(`requests left 127.0.0.1:\n${browser.external.join('\n')}`);
        if (errors.length) throw new Error(`the page threw:\n${errors.join('\n')}`);
      } catch (err) {
        const shot = await session.step('FAILED').catch(() => undefined);
        const where = `\nscreenshots: ${shot ? path.dirname(shot) : dir}`;
        console.error(`journey "${title}" failed; screenshots kept in ${dir}`);
        if (err instanceof Error) err.message += where;
        throw err;
      } finally {
        await browser.close();
      }
      if (!process.env.E2E_KEEP_SCREENSHOTS) fs.rmSync(dir, { recursive: true, force: true });
    },
    timeout,
  );
}
