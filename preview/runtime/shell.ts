/**
 * The browser page around the mini-program: a phone (status bar, navigation bar with WeChat's
 * capsule, the pages, the tab bar, an overlay layer for toasts and dialogs) and, outside it, the
 * identity bar and a log of what the app asked WeChat for.
 */
import { logEntries, onRecord, type LogEntry } from './log';

export interface NavBarState {
  title: string;
  frontColor: 'black' | 'white' | string;
  backgroundColor: string;
  loading: boolean;
  /** navigationStyle: custom — the page draws its own bar. */
  custom: boolean;
  canGoBack: boolean;
  /** A page other than the first, opened without a stack (deep link): WeChat shows "home". */
  showHome: boolean;
}

export interface TabBarItem {
  pagePath: string;
  text: string;
}

export interface ShellHandlers {
  back(): void;
  home(): void;
  menu(): void;
  switchTab(pagePath: string): void;
}

/** Sizes of an iPhone X class phone, what WeChat reports for it. */
export const SCREEN = {
  width: 375,
  height: 812,
  statusBar: 44,
  navBar: 44,
  tabBar: 50,
  safeBottom: 34,
};

let screenEl: HTMLElement;
let navEl: HTMLElement;
let tabBarEl: HTMLElement;
let overlayEl: HTMLElement;
let barEl: HTMLElement;
let handlers: ShellHandlers;
let navListener: ((node: ExparserNode, state: Partial<NavBarState>) => void) | null = null;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

export function mountShell(h: ShellHandlers): void {
  handlers = h;
  barEl = el('header', { class: 'pv-bar', 'data-testid': 'identity-bar' });
  const status = el(
    'div',
    { class: 'pv-status' },
    el('span', {}, '9:41'),
    el('span', { class: 'pv-status__right' }, 'WeChat 预览'),
  );
  navEl = el('div', { class: 'pv-nav', 'data-testid': 'nav' });
  tabBarEl = el('div', { class: 'pv-tabbar', hidden: '' });
  overlayEl = el('div', { class: 'pv-overlay' });
  screenEl = el(
    'div',
    { class: 'pv-screen', 'data-testid': 'screen' },
    status,
    navEl,
    tabBarEl,
    overlayEl,
  );
  const log = el(
    'aside',
    { class: 'pv-log', 'data-testid': 'log' },
    el('h2', {}, '记录 · what the app asked WeChat for'),
  );
  const list = el('ol', { class: 'pv-log__list' });
  log.append(list);
  const add = (entry: LogEntry) => {
    const time = new Date(entry.at).toLocaleTimeString('zh-CN', { hour12: false });
    list.prepend(
      el('li', { class: `pv-log__item pv-log__item--${entry.kind}` }, `${time} ${entry.summary}`),
    );
  };
  logEntries().forEach(add);
  onRecord(add);
  const stage = el('main', { class: 'pv-stage' }, el('div', { class: 'pv-phone' }, screenEl), log);
  document.body.append(el('div', { class: 'pv-layout' }, barEl, stage));
}

export function screen(): HTMLElement {
  return screenEl;
}

export function overlay(): HTMLElement {
  return overlayEl;
}

export function identityBar(): HTMLElement {
  return barEl;
}

/** The navigation bar for the page on top. */
export function renderNav(state: NavBarState): void {
  const dark = state.frontColor === 'white' || state.frontColor === '#ffffff';
  navEl.className = `pv-nav${dark ? ' pv-nav--dark' : ''}${state.custom ? ' pv-nav--custom' : ''}`;
  navEl.style.backgroundColor = state.custom ? 'transparent' : state.backgroundColor;
  screenEl.classList.toggle('pv-screen--dark-status', dark);
  const left = el('div', { class: 'pv-nav__left' });
  if (!state.custom && state.canGoBack) {
    const back = el(
      'button',
      { class: 'pv-nav__back', 'aria-label': '返回', 'data-testid': 'nav-back' },
      '‹',
    );
    back.addEventListener('click', () => handlers.back());
    left.append(back);
  } else if (!state.custom && state.showHome) {
    const home = el(
      'button',
      { class: 'pv-nav__home', 'aria-label': '首页', 'data-testid': 'nav-home' },
      '⌂',
    );
    home.addEventListener('click', () => handlers.home());
    left.append(home);
  }
  const title = el(
    'div',
    { class: 'pv-nav__title', 'data-testid': 'nav-title' },
    state.custom ? '' : state.title,
  );
  if (state.loading && !state.custom) title.prepend(el('span', { class: 'pv-spinner' }));
  const menu = el(
    'button',
    { class: 'pv-capsule__menu', 'aria-label': '更多', 'data-testid': 'capsule-menu' },
    '•••',
  );
  menu.addEventListener('click', () => handlers.menu());
  const capsule = el(
    'div',
    { class: 'pv-capsule' },
    menu,
    el('span', { class: 'pv-capsule__sep' }),
    el('span', { class: 'pv-capsule__close' }, '◉'),
  );
  navEl.replaceChildren(left, title, capsule);
}

export function renderTabBar(
  items: TabBarItem[] | null,
  active: string | null,
  colors: { color?: string; selectedColor?: string; backgroundColor?: string } = {},
): void {
  tabBarEl.hidden = !items || !active;
  if (!items || !active) return;
  tabBarEl.style.backgroundColor = colors.backgroundColor ?? '#ffffff';
  tabBarEl.replaceChildren(
    ...items.map((item) => {
      const selected = item.pagePath === active;
      const button = el(
        'button',
        { class: `pv-tabbar__item${selected ? ' pv-tabbar__item--active' : ''}` },
        item.text,
      );
      button.style.color =
        (selected ? colors.selectedColor : colors.color) ?? (selected ? '#0e9f6e' : '#7a7e83');
      button.addEventListener('click', () => handlers.switchTab(item.pagePath));
      return button;
    }),
  );
}

/** `<navigation-bar>` and wx.setNavigationBar*: the router applies it to the page that owns `node`. */
export function setNavigationBar(node: ExparserNode, state: Partial<NavBarState>): void {
  navListener?.(node, state);
}

export function onNavigationBarChange(
  listener: (node: ExparserNode, state: Partial<NavBarState>) => void,
): void {
  navListener = listener;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  return el(tag, attrs, ...children);
}
