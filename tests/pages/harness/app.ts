import path from 'node:path';
import { MINIPROGRAM_ROOT } from './paths';

/** A page instance as getCurrentPages() lists it. */
export type PageInstance = Record<string, unknown> & {
  route?: string;
  options?: Record<string, string>;
};
export type AppInstance = Record<string, unknown> & { globalData: Record<string, unknown> };

let app: AppInstance = { globalData: {} };
const pageStack: PageInstance[] = [];

/** getApp()/getCurrentPages()/App(): tdesign calls the first two, miniprogram/app.ts the last. */
export function installAppGlobals(): void {
  Object.assign(globalThis, {
    getApp: () => app,
    getCurrentPages: currentPages,
    App: (options: Record<string, unknown>) => {
      app = { ...options, globalData: (options.globalData as Record<string, unknown>) ?? {} };
    },
  });
}

/**
 * Runs miniprogram/app.ts (its App() call) and its onLaunch/onShow, for pages that rely on what
 * the app sets up. Without it getApp() answers a bare `{ globalData: {} }`.
 */
export function launchApp(
  launchOptions: Record<string, unknown> = { path: '', query: {}, scene: 1001 },
): AppInstance {
  jest.isolateModules(() => {
    // A runtime path, and app.ts exports nothing: require is the plain way to run it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(MINIPROGRAM_ROOT, 'app'));
  });
  const call = (name: string) =>
    (app[name] as ((o: unknown) => void) | undefined)?.call(app, launchOptions);
  call('onLaunch');
  call('onShow');
  return app;
}

/** What getCurrentPages() answers (typed: the tests' program has no mini-program typings). */
export function currentPages(): PageInstance[] {
  return [...pageStack];
}

export function pushPage(page: PageInstance): void {
  pageStack.push(page);
}

export function removePage(page: PageInstance): void {
  const index = pageStack.indexOf(page);
  if (index >= 0) pageStack.splice(index, 1);
}

export function resetApp(): void {
  app = { globalData: {} };
  pageStack.length = 0;
}
