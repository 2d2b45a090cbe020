/**
 * The page stack. Each page is its compiled component rendered into its own frame inside the
 * phone; lifecycles run in WeChat's order (created, attached, onLoad, onShow, ready/onReady;
 * onHide when covered, onUnload when popped). The top page's URL is mirrored in the address
 * bar's hash (`#/pages/x/x?id=1`), so any page can be linked to and reloaded.
 */
import exparser from 'miniprogram-exparser';
import jComponent from 'j-component/src/index';
import { pageUnits, unit, type UnitMeta } from './registry';
import {
  SCREEN,
  onNavigationBarChange,
  renderNav,
  renderTabBar,
  screen,
  type NavBarState,
} from './shell';
import { record } from './log';
import { closeOverlays } from './ui';
import { wxError, type WxCallbacks } from './wx/async';

export type Query = Record<string, string>;

export interface PageInstance extends Record<string, unknown> {
  route: string;
  options: Query;
}

export interface PageRecord {
  unit: UnitMeta;
  route: string;
  query: Query;
  instance: PageInstance;
  node: ExparserNode;
  frame: HTMLElement;
  scroller: HTMLElement;
  nav: NavBarState;
  channel?: EventChannel;
}

export interface AppConfig {
  pages: string[];
  window?: Record<string, unknown>;
  tabBar?: {
    list: Array<{ pagePath: string; text: string }>;
    color?: string;
    selectedColor?: string;
    backgroundColor?: string;
  };
}

type NavOptions = WxCallbacks & {
  url?: string;
  delta?: number;
  /** Route the url is relative to (default: the page on top). */
  from?: string;
  events?: Record<string, (...args: unknown[]) => void>;
};

/** WeChat's EventChannel between a page and the one it opened. */
export class EventChannel {
  private readonly handlers = new Map<
    string,
    Array<{ fn: (...a: unknown[]) => void; once: boolean }>
  >();
  private peer?: EventChannel;

  static pair(): [EventChannel, EventChannel] {
    const a = new EventChannel();
    const b = new EventChannel();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  on(name: string, fn: (...a: unknown[]) => void): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), { fn, once: false }]);
  }

  once(name: string, fn: (...a: unknown[]) => void): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), { fn, once: true }]);
  }

  off(name: string, fn?: (...a: unknown[]) => void): void {
    this.handlers.set(name, fn ? (this.handlers.get(name) ?? []).filter((h) => h.fn !== fn) : []);
  }

  emit(name: string, ...args: unknown[]): void {
    const peer = this.peer;
    if (!peer) return;
    const list = peer.handlers.get(name) ?? [];
    peer.handlers.set(
      name,
      list.filter((h) => !h.once),
    );
    for (const h of list) h.fn(...args);
  }
}

const MAX_STACK = 10;

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

export function parseUrl(url: string, from = ''): { route: string; query: Query } {
  const [path, search = ''] = url.split('?');
  const base = from.split('/').slice(0, -1).join('/');
  const route = normalize(path.startsWith('/') ? path : `${base}/${path}`);
  const query: Query = {};
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const [k, v = ''] = pair.split('=');
    // WeChat hands query values to onLoad as written in the url (encoded or not).
    query[k] = v;
  }
  return { route, query };
}

export function formatUrl(route: string, query: Query): string {
  const search = Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `/${route}${search ? `?${search}` : ''}`;
}

function lifecycleError(instance: PageInstance, name: string, err: unknown): void {
  console.error(`[preview] ${instance.route}.${name}:`, err);
  record(
    'error',
    `${instance.route}.${name} 出错：${err instanceof Error ? err.message : String(err)}`,
  );
}

function call(instance: PageInstance, name: string, ...args: unknown[]): unknown {
  const fn = instance[name];
  if (typeof fn !== 'function') return undefined;
  try {
    const result = (fn as (...a: unknown[]) => unknown).apply(instance, args);
    if (result instanceof Promise)
      result.catch((err: unknown) => lifecycleError(instance, name, err));
    return result;
  } catch (err) {
    lifecycleError(instance, name, err);
    return undefined;
  }
}

/** Calls `ready` on every component of the page, children first, as exparser attach would. */
function triggerReady(node: ExparserNode): void {
  const visit = (n: ExparserNode) => {
    if (n.shadowRoot) visit(n.shadowRoot);
    for (const child of n.childNodes ?? []) visit(child);
    if (n.shadowRoot && typeof n.triggerLifeTime === 'function') n.triggerLifeTime('ready');
  };
  visit(node);
}

export class Router {
  private readonly stack: PageRecord[] = [];
  /** Tab pages stay alive when another tab is shown, as in WeChat. */
  private readonly tabs = new Map<string, PageRecord>();
  private readonly onChangeListeners: Array<() => void> = [];

  constructor(private readonly app: AppConfig) {
    onNavigationBarChange((node, state) => {
      const record = this.recordOf(node) ?? this.top();
      if (!record) return;
      Object.assign(
        record.nav,
        Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined)),
      );
      if (record === this.top()) this.renderChrome();
    });
  }

  /** Lets the shell and the log follow navigation (e.g. to update the deep link). */
  onChange(listener: () => void): void {
    this.onChangeListeners.push(listener);
  }

  pages(): PageInstance[] {
    return this.stack.map((r) => r.instance);
  }

  top(): PageRecord | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** The url of the page on top, e.g. '/pages/home/home?estateId=x'. */
  currentUrl(): string | undefined {
    const top = this.top();
    return top && formatUrl(top.route, top.query);
  }

  homeRoute(): string {
    return this.app.tabBar?.list[0]?.pagePath ?? this.app.pages[0];
  }

  isTab(route: string): boolean {
    return !!this.app.tabBar?.list.some((t) => t.pagePath === route);
  }

  /** The page whose component tree holds `node`. */
  recordOf(node: ExparserNode): PageRecord | undefined {
    let current: ExparserNode | null | undefined = node;
    while (current) {
      const found = this.stack.find((r) => r.node === current);
      if (found) return found;
      current = current.parentNode ?? current.ownerShadowRoot?.getHostNode();
    }
    return undefined;
  }

  instanceOf(node: ExparserNode): PageInstance | undefined {
    return this.recordOf(node)?.instance;
  }

  navigateTo(o: NavOptions): void {
    this.run('navigateTo', o, () => {
      const { route, query } = this.target(o);
      if (this.isTab(route)) throw wxError('navigateTo', 'can not navigateTo a tabbar page');
      if (this.stack.length >= MAX_STACK) throw wxError('navigateTo', 'webview count limit exceed');
      const [opener, opened] = EventChannel.pair();
      for (const [name, fn] of Object.entries(o.events ?? {})) opener.on(name, fn);
      this.hideTop();
      this.open(route, query, opened);
      return { eventChannel: opener };
    });
  }

  redirectTo(o: NavOptions): void {
    this.run('redirectTo', o, () => {
      const { route, query } = this.target(o);
      if (this.isTab(route)) throw wxError('redirectTo', 'can not redirectTo a tabbar page');
      const top = this.stack.pop();
      if (top) this.unload(top);
      this.open(route, query);
      return {};
    });
  }

  reLaunch(o: NavOptions): void {
    this.run('reLaunch', o, () => {
      const { route, query } = this.target(o);
      this.clear(true);
      this.open(route, query);
      return {};
    });
  }

  switchTab(o: NavOptions): void {
    this.run('switchTab', o, () => {
      const { route } = this.target(o);
      if (!this.isTab(route)) throw wxError('switchTab', 'can not switch to no-tabBar page');
      this.clear(false);
      const kept = this.tabs.get(route);
      if (kept) {
        this.stack.push(kept);
        this.showTop();
      } else this.open(route, {});
      return {};
    });
  }

  navigateBack(o: NavOptions = {}): void {
    this.run('navigateBack', o, () => {
      if (this.stack.length <= 1)
        throw wxError('navigateBack', 'cannot navigate back at first page.');
      const delta = Math.max(1, Math.min(Number(o.delta ?? 1), this.stack.length - 1));
      for (let i = 0; i < delta; i++) {
        const page = this.stack.pop();
        if (page) this.unload(page);
      }
      this.showTop();
      return {};
    });
  }

  /** Opens the page of a link (deep link, shared link, identity switch): a fresh start. */
  launch(url: string): void {
    const { route, query } = parseUrl(url.replace(/^#?\/?/, '/'));
    const known = pageUnits().some((u) => u.id === route);
    closeOverlays();
    this.clear(true);
    try {
      if (known) this.open(route, query);
      else {
        if (route) console.warn(`[preview] no page ${route}; opening the home page`);
        this.open(this.homeRoute(), {});
      }
    } catch (err) {
      // A page that cannot be created (its script threw): say so where the page would be.
      const message = err instanceof Error ? err.message : (err as { errMsg?: string }).errMsg;
      record('error', `打开 ${route} 失败：${message ?? String(err)}`);
    }
    this.afterChange();
  }

  /** Reloads the page on top from scratch (identity switch, rebuild). */
  reload(): void {
    this.launch(this.currentUrl() ?? `/${this.homeRoute()}`);
  }

  pullDownRefresh(): void {
    const top = this.top();
    if (top) call(top.instance, 'onPullDownRefresh');
  }

  scrollTo(top: number, duration = 300): void {
    this.top()?.scroller.scrollTo({ top, behavior: duration > 0 ? 'smooth' : 'auto' });
  }

  private run(api: string, o: NavOptions, fn: () => object): void {
    let result: object;
    try {
      result = fn();
    } catch (err) {
      const error =
        typeof err === 'object' && err && 'errMsg' in err
          ? (err as { errMsg: string })
          : wxError(api, err instanceof Error ? err.message : String(err));
      console.warn(`[preview] ${error.errMsg}`);
      o.fail?.(error);
      o.complete?.(error);
      return;
    }
    const res = { errMsg: `${api}:ok`, ...result };
    this.afterChange();
    // WeChat answers after the transition; the page is already there.
    setTimeout(() => {
      o.success?.(res);
      o.complete?.(res);
    }, 0);
  }

  private target(o: NavOptions): { route: string; query: Query } {
    if (!o.url) throw wxError('navigate', 'parameter error: url is required');
    const { route, query } = parseUrl(o.url, o.from ?? this.top()?.route ?? '');
    const meta = unit(route);
    if (!meta || meta.kind !== 'page') throw wxError('navigate', `page "${route}" is not found`);
    return { route, query };
  }

  private navState(meta: UnitMeta): NavBarState {
    const window = this.app.window ?? {};
    const pick = (key: string) => (meta.json[key] ?? window[key]) as string | undefined;
    return {
      title: pick('navigationBarTitleText') ?? '',
      frontColor: pick('navigationBarTextStyle') === 'white' ? 'white' : 'black',
      backgroundColor: pick('navigationBarBackgroundColor') ?? '#ffffff',
      loading: false,
      custom: pick('navigationStyle') === 'custom',
      canGoBack: false,
      showHome: false,
    };
  }

  private open(route: string, query: Query, channel?: EventChannel): void {
    const meta = unit(route);
    if (!meta) throw wxError('navigate', `page "${route}" is not found`);
    const comp = jComponent.create(meta.id);
    if (!comp) throw wxError('navigate', `page "${route}" failed to register (see the console)`);
    const instance = comp.instance as PageInstance;
    instance.route = route;
    instance.__route__ = route;
    instance.options = { ...query };
    instance.getOpenerEventChannel = () => channel ?? new EventChannel();

    const nav = this.navState(meta);
    const frame = document.createElement('div');
    frame.className = 'pv-frame';
    frame.style.top = `${nav.custom ? 0 : SCREEN.statusBar + SCREEN.navBar}px`;
    frame.style.bottom = `${this.isTab(route) ? SCREEN.tabBar + SCREEN.safeBottom : 0}px`;
    const scroller = document.createElement('div');
    scroller.className = 'pv-scroller';
    const pageEl = document.createElement('wx-page');
    pageEl.setAttribute('data-prefix', meta.prefix);
    pageEl.setAttribute('data-route', route);
    const background = (meta.json.backgroundColor ?? this.app.window?.backgroundColor) as
      string | undefined;
    if (background) scroller.style.backgroundColor = background;
    scroller.append(pageEl);
    frame.append(scroller);
    screen().insertBefore(frame, screen().querySelector('.pv-tabbar'));

    const record: PageRecord = {
      unit: meta,
      route,
      query,
      instance,
      node: comp._exparserNode,
      frame,
      scroller,
      nav,
      channel,
    };
    this.stack.push(record);
    if (this.isTab(route)) this.tabs.set(route, record);
    this.watchScroll(record);

    pageEl.appendChild(comp.dom);
    comp.parentNode = pageEl;
    exparser.Element.pretendAttached(comp._exparserNode);
    call(instance, 'onLoad', { ...query });
    this.show(record);
    triggerReady(comp._exparserNode);
    call(instance, 'onReady');
  }

  private watchScroll(record: PageRecord): void {
    const distance = Number(record.unit.json.onReachBottomDistance ?? 50);
    let atBottom = false;
    record.scroller.addEventListener('scroll', () => {
      const el = record.scroller;
      call(record.instance, 'onPageScroll', { scrollTop: el.scrollTop });
      const bottom = el.scrollHeight - el.clientHeight - el.scrollTop <= distance;
      if (bottom && !atBottom) call(record.instance, 'onReachBottom');
      atBottom = bottom;
    });
  }

  private show(record: PageRecord): void {
    record.frame.hidden = false;
    call(record.instance, 'onShow');
    record.node.triggerPageLifeTime('show', []);
  }

  private hideTop(): void {
    const top = this.top();
    if (!top) return;
    top.frame.hidden = true;
    call(top.instance, 'onHide');
    top.node.triggerPageLifeTime('hide', []);
  }

  private showTop(): void {
    const top = this.top();
    if (top) this.show(top);
  }

  private unload(record: PageRecord): void {
    if (this.tabs.get(record.route) === record) {
      // Tab pages are hidden, not unloaded.
      record.frame.hidden = true;
      call(record.instance, 'onHide');
      record.node.triggerPageLifeTime('hide', []);
      return;
    }
    call(record.instance, 'onUnload');
    // As in WeChat, an answer arriving after the page is gone changes nothing.
    record.instance.setData = () => undefined;
    exparser.Element.pretendDetached(record.node);
    record.frame.remove();
  }

  /** Empties the stack; `all` also drops the kept tab pages (reLaunch). */
  private clear(all: boolean): void {
    while (this.stack.length) {
      const page = this.stack.pop();
      if (page) this.unload(page);
    }
    if (all) {
      for (const tab of this.tabs.values()) {
        call(tab.instance, 'onUnload');
        tab.instance.setData = () => undefined;
        exparser.Element.pretendDetached(tab.node);
        tab.frame.remove();
      }
      this.tabs.clear();
    }
  }

  private renderChrome(): void {
    const top = this.top();
    if (!top) return;
    const home = this.homeRoute();
    renderNav({
      ...top.nav,
      canGoBack: this.stack.length > 1,
      showHome: this.stack.length === 1 && top.route !== home && !this.isTab(top.route),
    });
    renderTabBar(
      this.app.tabBar?.list ?? null,
      this.isTab(top.route) ? top.route : null,
      this.app.tabBar,
    );
    document.title = `${top.nav.title || '共治'} · 共治 preview`;
  }

  private afterChange(): void {
    this.renderChrome();
    const url = this.currentUrl();
    if (url) history.replaceState(null, '', `#${url}`);
    for (const listener of this.onChangeListeners) listener();
  }
}
