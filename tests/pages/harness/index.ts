/**
 * Page test harness: renders a real page (its .wxml/.json/.ts) with the real tdesign components
 * in miniprogram-simulate, with wx.cloud wired to the local gateway. See docs/testing-pages.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pushPage, removePage, type PageInstance } from './app';
import * as dom from './dom';
import type { JComponent, JRootComponent, Target } from './dom';
import { MINIPROGRAM_ROOT } from './paths';
import { compilerOptions } from './simulate-hooks';

interface Simulate {
  load(componentPath: string, options: Record<string, unknown>): string;
  render(id: string): JRootComponent;
}
// Not `import`: simulate's typings pull miniprogram-api-typings into the tests' program, where its
// global `require` type then breaks node code (`require.main` in scripts/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as Simulate;

export { currentPages, launchApp, type AppInstance, type PageInstance } from './app';
export { currentIdentity, DEFAULT_OPENID, setIdentity } from './cloud';
export { flush, waitFor, type JComponent, type JRootComponent, type Target } from './dom';
export {
  answerModal,
  answerPayment,
  answerSubscribe,
  type ModalAnswer,
  type PaymentAnswer,
} from './wx-api';
export { wxFunction as wxApi } from './wx-global';
export { wxLog } from './wx-log';

export interface LoadPageOptions {
  /** The mini-program root that `/...` component paths resolve against (default miniprogram/). */
  rootPath?: string;
  /** Where to attach the page (default: a new div in document.body). */
  container?: HTMLElement;
  /**
   * Runs in the page's fresh module registry just before its code: `require()` here returns the
   * very module instances the page will import, e.g. to set `backendConfig.developUsesLocal`.
   */
  beforeLoad?: () => void;
}

export interface LoadedPage {
  /** j-component root: `.data`, `.instance`, `.querySelector()`, `.dom`. */
  comp: JRootComponent;
  /** The element the page is attached to. */
  root: HTMLElement;
  /** The page instance (`this` in its methods), also listed by getCurrentPages(). */
  page: PageInstance;
  /** e.g. 'pages/home/home'. */
  route: string;
  /** WeChat calls onLoad(query) for pages; simulate does not, even for Component() pages. */
  callOnLoad(query?: Record<string, string>): Promise<void>;
  /** onShow() plus pageLifetimes.show, as WeChat does after onLoad and on returning to the page. */
  callOnShow(): Promise<void>;
  find(target: Target): JComponent;
  tap(target: Target): Promise<void>;
  input(target: Target, value: string): Promise<void>;
  text(target?: Target): string;
  /** onUnload, detach, and drop from getCurrentPages(). Done for every page after each test. */
  unload(): void;
}

const loadedPages = new Set<LoadedPage>();

function pageBase(pagePath: string, rootPath: string): string {
  const absolute = path.isAbsolute(pagePath) ? pagePath : path.join(rootPath, pagePath);
  const base = absolute.replace(/\.(ts|js|json|wxml|less|wxss)$/, '');
  for (const ext of ['.json', '.wxml']) {
    if (!fs.existsSync(base + ext)) throw new Error(`loadPage: ${base}${ext} does not exist`);
  }
  if (!fs.existsSync(`${base}.ts`) && !fs.existsSync(`${base}.js`)) {
    throw new Error(`loadPage: no ${base}.ts`);
  }
  return base;
}

/**
 * Loads, renders and attaches a page. `pagePath` is relative to the mini-program root
 * ('pages/home/home') or absolute (fixtures). Lifecycles are not fired: call callOnLoad().
 */
export function loadPage(pagePath: string, options: LoadPageOptions = {}): LoadedPage {
  const rootPath = options.rootPath ?? MINIPROGRAM_ROOT;
  const base = pageBase(pagePath, rootPath);
  if (!fs.existsSync(path.join(rootPath, 'miniprogram_npm'))) {
    throw new Error(
      'loadPage: miniprogram/miniprogram_npm is missing: run `npx tsx scripts/pack-npm.ts`',
    );
  }

  let id = '';
  // simulate runs each component's code with require() and then deletes it from require.cache to
  // run it again next time; jest ignores that delete, so a second load (of this page or any page
  // sharing a tdesign component) would find the modules cached, Component() never called, and
  // the registration missing. A fresh module registry per load restores the intended behaviour.
  jest.isolateModules(() => {
    options.beforeLoad?.();
    id = simulate.load(base, {
      rootPath,
      compiler: 'official',
      compilerOptions: compilerOptions(rootPath),
    });
  });
  const comp = simulate.render(id);
  const root = options.container ?? document.body.appendChild(document.createElement('div'));
  comp.attach(root);

  const route = path.relative(rootPath, base).split(path.sep).join('/');
  const page = comp.instance as PageInstance;
  Object.assign(page, { route, options: {} });
  pushPage(page);

  const call = async (name: string, ...args: unknown[]): Promise<void> => {
    const method = page[name];
    if (typeof method === 'function') {
      await (method as (...a: unknown[]) => unknown).apply(page, args);
    }
  };

  const loaded: LoadedPage = {
    comp,
    root,
    page,
    route,
    async callOnLoad(query = {}) {
      page.options = query;
      await call('onLoad', query);
    },
    async callOnShow() {
      comp.triggerPageLifeTime('show');
      await call('onShow');
    },
    find: (target) => dom.find(comp, target),
    tap: (target) => dom.tap(comp, target),
    input: (target, value) => dom.input(comp, target, value),
    text: (target) => dom.text(comp, target),
    unload() {
      if (!loadedPages.delete(loaded)) return;
      void call('onUnload');
      // As in WeChat, a late setData on an unloaded page does nothing (here it would render into
      // a torn-down jsdom).
      page.setData = () => undefined;
      comp.detach();
      root.remove();
      removePage(page);
    },
  };
  loadedPages.add(loaded);
  return loaded;
}

/** Unloads every page still loaded (run after each test by after-env.ts). */
export function unloadAllPages(): void {
  for (const loaded of [...loadedPages]) loaded.unload();
}
