/**
 * `npm run gallery`: a screenshot of every page of app.json at 375×812 (the preview's phone),
 * with the demo estate, into docs/gallery/, and docs/gallery/README.md as the index. Each page
 * is shown as the identity and with the query preview/tour.ts gives it.
 * Needs Chromium (apt-get install chromium fonts-wqy-microhei); runs its own in-memory stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { launchBrowser } from '../preview/browser';
import { actAs, loadPreview, openPage, settle } from '../preview/drive';
import { startPreviewStack } from '../preview/stack';
import { gatewayCaller, planTour, stopUrl, type TourStop } from '../preview/tour';
import { ROOT } from './functions';

const OUT = path.join(ROOT, 'docs', 'gallery');

const ROLE_LABEL: Record<TourStop['as'], string> = {
  staff: '社区工作人员',
  committee: '业委会',
  lead: '楼长',
  resident: '居民',
  newcomer: '未绑定的新邻居',
};

/** pages/home/home → home.png, pages/a/b → a-b.png */
function fileName(route: string): string {
  const parts = route.replace(/^pages\//, '').split('/');
  if (parts.length === 2 && parts[0] === parts[1]) parts.pop();
  return `${parts.join('-')}.png`;
}

async function writeIndex(stops: TourStop[]): Promise<void> {
  const rows = stops.map(
    (s) =>
      `| \`${s.route}\` | ${s.note || '—'} | ${ROLE_LABEL[s.as]} | ` +
      // Keys only: the ids change with every seeding, the README should not.
      `${
        Object.keys(s.query).length
          ? `\`?${Object.keys(s.query)
              .map((k) => `${k}=…`)
              .join('&')}\``
          : '—'
      } |`,
  );
  const images = stops.map((s) => `### ${s.route}\n\n![${s.route}](${fileName(s.route)})`);
  const markdown = [
    '# Gallery',
    '',
    'Every page of the mini-program at 375×812, rendered by the browser preview with the demo estate',
    '糖果悦园 (see [docs/preview.md](../preview.md)). Regenerate with `npm run gallery`; who each page',
    'is shown as, and with which query, is set in `preview/tour.ts`.',
    '',
    '| page | shows | as | query |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...images.flatMap((i) => [i, '']),
  ].join('\n');
  const formatted = await prettier.format(markdown, { parser: 'markdown', printWidth: 100 });
  fs.writeFileSync(path.join(OUT, 'README.md'), formatted);
}

async function main(): Promise<void> {
  const started = Date.now();
  const running = await startPreviewStack({ quiet: true });
  const browser = await launchBrowser();
  try {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'miniprogram', 'app.json'), 'utf8')) as {
      pages: string[];
    };
    const stops = await planTour(app.pages, {
      demo: running.demo,
      call: gatewayCaller(running.stack.cloudbase.url),
    });
    fs.mkdirSync(OUT, { recursive: true });
    for (const old of fs.readdirSync(OUT)) if (old.endsWith('.png')) fs.rmSync(path.join(OUT, old));
    const { page } = browser;
    await loadPreview(page, running.preview.url);
    for (const stop of stops) {
      await actAs(page, stop.as);
      await openPage(page, running.preview.url, stopUrl(stop));
      await settle(page);
      // Let tdesign's entrance transitions finish before the picture.
      await page.waitForTimeout(400);
      await page
        .locator('[data-testid=screen]')
        .screenshot({ path: path.join(OUT, fileName(stop.route)) });
      console.log(`gallery: ${stop.route}`);
    }
    await writeIndex(stops);
    if (browser.external.length)
      throw new Error(`requests left 127.0.0.1: ${browser.external.join(', ')}`);
    console.log(
      `gallery: ${stops.length} pages in ${path.relative(ROOT, OUT)}/ (${Date.now() - started} ms)`,
    );
  } finally {
    await browser.close();
    await running.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
