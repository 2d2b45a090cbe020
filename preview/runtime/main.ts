/**
 * The browser runtime's entry: installs WeChat's globals (wx, Component, Page, App, getApp,
 * getCurrentPages…), then the generated bundle registers every unit (registerUnit) and calls
 * startApp(), which mounts the phone, launches the app and opens the page in the address bar.
 */
import jUtils from 'j-component/src/tool/utils';
import { pending } from './activity';
import { defineBuiltins } from './builtins';
import { installMouseAsTouch } from './events';
import { currentIdentity, describe, loadIdentities, onIdentityChange } from './identity';
import { renderIdentityBar, updateIdentityBar } from './identity-bar';
import { logEntries, record } from './log';
import { setNavigation } from './navigation';
import { Behavior, Component, Page, registerUnit } from './registry';
import { Router, type AppConfig } from './router';
import { rpxToPx } from './rpx';
import { patchSelectorQuery } from './selector-query';
import { shareFrom } from './share';
import { mountShell, screen } from './shell';
import { showActionSheet } from './ui';
import { createWx, setLaunchOptions } from './wx';

export { registerUnit };

interface AppInstance extends Record<string, unknown> {
  globalData: Record<string, unknown>;
}

let app: AppInstance = { globalData: {} };
let router: Router | null = null;

function App(options: Record<string, unknown>): void {
  app = { ...options, globalData: (options.globalData as Record<string, unknown>) ?? {} };
}

// Inline `style="width: 100rpx"` goes through this: j-component's own version maps 1rpx to 1px.
jUtils.transformRpx = (style: string) => rpxToPx(style);
patchSelectorQuery();
defineBuiltins();
Object.assign(window, {
  wx: createWx(),
  Component,
  Behavior,
  Page,
  App,
  getApp: () => app,
  getCurrentPages: () => router?.pages() ?? [],
  requirePlugin: () => ({}),
});

export interface StartOptions {
  app: AppConfig;
  /** Runs miniprogram/app.ts (its App() call). */
  loadApp: () => unknown;
  /** miniprogram/config.ts, whose backendConfig the preview points at the local gateway. */
  loadConfig: () => { backendConfig?: { developUsesLocal: boolean; gatewayUrl: string } };
}

function callApp(name: string, ...args: unknown[]): void {
  const fn = app[name];
  if (typeof fn !== 'function') return;
  try {
    (fn as (...a: unknown[]) => unknown).apply(app, args);
  } catch (err) {
    console.error(`[preview] App.${name}:`, err);
  }
}

/** Server-sent "rebuilt" events reload the page (the hash keeps it on the same screen). */
function liveReload(): void {
  const source = new EventSource('/__preview/events');
  source.addEventListener('rebuilt', () => location.reload());
}

async function capsuleMenu(r: Router): Promise<void> {
  const items = ['转发给朋友', '重新进入小程序', '下拉刷新'];
  const choice = await showActionSheet({ itemList: items });
  if (choice === 0) await shareFrom(null, 'menu');
  if (choice === 1) r.reload();
  if (choice === 2) r.pullDownRefresh();
}

/** Errors anywhere in the app also go to the log beside the phone, in red. */
function reportErrors(): void {
  window.addEventListener('error', (e) => record('error', `出错：${e.message}`));
  window.addEventListener('unhandledrejection', (e) => {
    const reason = e.reason as { message?: string; errMsg?: string } | undefined;
    record('error', `未处理的失败：${reason?.message ?? reason?.errMsg ?? String(e.reason)}`);
  });
}

export async function startApp(options: StartOptions): Promise<void> {
  reportErrors();
  const boot = window.__GONGZHI_PREVIEW__;
  const config = options.loadConfig().backendConfig;
  if (boot && config) {
    // The app's own config, pointed at this machine's gateway (miniprogram/config.ts is untouched).
    config.developUsesLocal = true;
    config.gatewayUrl = boot.gatewayUrl;
  }

  const r = new Router(options.app);
  router = r;
  setNavigation(r);
  mountShell({
    back: () => r.navigateBack({}),
    home: () => r.reLaunch({ url: `/${r.homeRoute()}` }),
    menu: () => void capsuleMenu(r),
    switchTab: (pagePath) => r.switchTab({ url: `/${pagePath}` }),
  });
  installMouseAsTouch(screen());
  await loadIdentities();
  renderIdentityBar();
  r.onChange(updateIdentityBar);
  onIdentityChange((openid) => {
    record('info', `身份切换为 ${describe(openid).label}`);
    r.reload();
    updateIdentityBar();
  });

  const start = location.hash.replace(/^#/, '') || `/${r.homeRoute()}`;
  const { route, query } = (() => {
    const [path, search = ''] = start.replace(/^\//, '').split('?');
    return { route: path, query: Object.fromEntries(new URLSearchParams(search)) };
  })();
  const launch = { path: route, query, scene: 1001, referrerInfo: {} };
  setLaunchOptions(launch);
  try {
    options.loadApp();
  } catch (err) {
    console.error('[preview] app.ts failed:', err);
  }
  callApp('onLaunch', launch);
  callApp('onShow', launch);
  r.launch(start);

  // A link pasted or opened in this tab (a shared page) opens like a fresh launch.
  window.addEventListener('hashchange', () => {
    const target = location.hash.replace(/^#/, '');
    if (target && target !== r.currentUrl()) r.launch(target);
  });
  if (boot?.live) liveReload();
  Object.assign(window, {
    __gongzhiPreview: {
      ready: true,
      pending,
      log: logEntries,
      identity: currentIdentity,
      currentUrl: () => r.currentUrl(),
      pages: () => r.pages().map((p) => p.route),
    },
  });
}
