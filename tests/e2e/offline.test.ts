/**
 * The preview stays on this machine: visiting every page of app.json (as the gallery does), no
 * request may leave 127.0.0.1 — no icon font or image from a CDN, no analytics. Every request
 * goes through Playwright's router, which lets loopback through and blocks and records the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gatewayCaller, planTour, stopUrl } from '../../preview/tour';
import { journey } from './support/journey';

const app = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../miniprogram/app.json'), 'utf8'),
) as { pages: string[] };

describe('offline', () => {
  journey(
    'no request leaves 127.0.0.1 while every page is shown',
    async (s) => {
      await s.as('resident');
      // The guard itself: a request to the internet is seen and blocked.
      const outcome = await s.page.evaluate(() =>
        fetch('http://example.com/').then(
          () => 'reached',
          () => 'blocked',
        ),
      );
      expect(outcome).toBe('blocked');
      expect(s.browser.external).toEqual(['http://example.com/']);
      s.browser.external.length = 0;

      const stops = await planTour(app.pages, {
        demo: s.demo,
        call: gatewayCaller(process.env.E2E_GATEWAY_URL as string),
      });
      for (const stop of stops) {
        await s.as(stop.as);
        await s.open(stopUrl(stop));
        await s.settle();
        await s.step(stop.route.replace(/^pages\//, ''));
      }
      // tdesign's icons are drawn from the local SVGs, not its CDN font.
      await s.open('/pages/home/home');
      await s.settle();
      const iconUrls = await s.page.evaluate(() =>
        Array.from(document.querySelectorAll('wx-label'))
          .map((el) => getComputedStyle(el, '::before').maskImage)
          .filter((m) => m && m !== 'none'),
      );
      expect(iconUrls.length).toBeGreaterThan(0);
      for (const url of iconUrls) expect(url).toContain('/__preview/icons/');
      expect(s.browser.external).toEqual([]);
    },
    180_000,
  ); // every page of the app, one after the other
});
