/**
 * WeChat's own interface drawn inside the phone: toast and loading, modal, action sheet, the
 * picker sheet, a prompt (scanCode: type the code), the share sheet and the image viewer.
 * Plain DOM in the overlay layer, styled by preview/styles/shell.css (`pv-` classes).
 */
import { element as el, overlay } from './shell';

let toastEl: HTMLElement | null = null;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

export interface ToastOptions {
  title: string;
  icon?: 'success' | 'error' | 'loading' | 'none' | string;
  duration?: number;
  mask?: boolean;
  /** showLoading: stays until hidden. */
  sticky?: boolean;
}

/** showToast and showLoading share one element, as they do in WeChat. */
export function showToast(o: ToastOptions): void {
  hideToast();
  const icon = o.icon ?? 'success';
  const box = el('div', {
    class: `pv-toast${icon === 'none' ? ' pv-toast--text' : ''}`,
    role: 'status',
    'data-testid': 'toast',
  });
  if (icon !== 'none') box.append(el('div', { class: `pv-toast__icon pv-toast__icon--${icon}` }));
  box.append(el('div', { class: 'pv-toast__title' }, o.title ?? ''));
  toastEl = el('div', { class: `pv-toast-layer${o.mask ? ' pv-toast-layer--mask' : ''}` }, box);
  overlay().append(toastEl);
  if (!o.sticky) toastTimer = setTimeout(hideToast, o.duration ?? 1500);
}

export function hideToast(): void {
  clearTimeout(toastTimer);
  toastEl?.remove();
  toastEl = null;
}

/** Closes every toast, dialog and sheet (a relaunch: another identity, a followed link). */
export function closeOverlays(): void {
  hideToast();
  overlay().replaceChildren();
}

function sheetLayer(testId: string): { layer: HTMLElement; close: () => void } {
  const layer = el('div', { class: 'pv-mask', 'data-testid': testId });
  overlay().append(layer);
  return { layer, close: () => layer.remove() };
}

export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  cancelColor?: string;
  confirmText?: string;
  confirmColor?: string;
  editable?: boolean;
  placeholderText?: string;
}

export function showModal(
  o: ModalOptions,
): Promise<{ confirm: boolean; cancel: boolean; content?: string }> {
  return new Promise((resolve) => {
    const { layer, close } = sheetLayer('modal');
    const box = el('div', { class: 'pv-modal', role: 'dialog' });
    if (o.title) box.append(el('div', { class: 'pv-modal__title' }, o.title));
    let input: HTMLTextAreaElement | null = null;
    if (o.editable) {
      input = el('textarea', { class: 'pv-modal__input', placeholder: o.placeholderText ?? '' });
      input.value = o.content ?? '';
      box.append(input);
    } else if (o.content) box.append(el('div', { class: 'pv-modal__content' }, o.content));
    const buttons = el('div', { class: 'pv-modal__buttons' });
    const answer = (confirm: boolean) => {
      close();
      resolve({ confirm, cancel: !confirm, ...(input ? { content: input.value } : {}) });
    };
    if (o.showCancel !== false) {
      const cancel = el('button', { class: 'pv-modal__button' }, o.cancelText ?? '取消');
      cancel.style.color = o.cancelColor ?? '#000000';
      cancel.addEventListener('click', () => answer(false));
      buttons.append(cancel);
    }
    const confirm = el(
      'button',
      { class: 'pv-modal__button pv-modal__button--confirm' },
      o.confirmText ?? '确定',
    );
    confirm.style.color = o.confirmColor ?? '#576B95';
    confirm.addEventListener('click', () => answer(true));
    buttons.append(confirm);
    box.append(buttons);
    layer.append(box);
    input?.focus();
  });
}

/** Resolves to the tapped index, or -1 for cancel. */
export function showActionSheet(o: {
  itemList: string[];
  itemColor?: string;
  alertText?: string;
}): Promise<number> {
  return new Promise((resolve) => {
    const { layer, close } = sheetLayer('action-sheet');
    const sheet = el('div', { class: 'pv-sheet' });
    if (o.alertText) sheet.append(el('div', { class: 'pv-sheet__alert' }, o.alertText));
    o.itemList.forEach((text, i) => {
      const item = el('button', { class: 'pv-sheet__item' }, text);
      item.style.color = o.itemColor ?? '#000000';
      item.addEventListener('click', () => {
        close();
        resolve(i);
      });
      sheet.append(item);
    });
    const cancel = el('button', { class: 'pv-sheet__item pv-sheet__cancel' }, '取消');
    cancel.addEventListener('click', () => {
      close();
      resolve(-1);
    });
    layer.addEventListener('click', (e) => {
      if (e.target === layer) cancel.click();
    });
    sheet.append(cancel);
    layer.append(sheet);
  });
}

/** A one-field prompt in a sheet; resolves to the text, or undefined for cancel. */
export function prompt(o: {
  title: string;
  placeholder?: string;
  confirmText?: string;
  testId?: string;
}): Promise<string | undefined> {
  return new Promise((resolve) => {
    const { layer, close } = sheetLayer(o.testId ?? 'prompt');
    const input = el('input', { class: 'pv-prompt__input', placeholder: o.placeholder ?? '' });
    const ok = el(
      'button',
      { class: 'pv-modal__button pv-modal__button--confirm' },
      o.confirmText ?? '确定',
    );
    const cancel = el('button', { class: 'pv-modal__button' }, '取消');
    const done = (value: string | undefined) => {
      close();
      resolve(value);
    };
    ok.addEventListener('click', () => done(input.value));
    cancel.addEventListener('click', () => done(undefined));
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') done(input.value);
    });
    layer.append(
      el(
        'div',
        { class: 'pv-modal' },
        el('div', { class: 'pv-modal__title' }, o.title),
        input,
        el('div', { class: 'pv-modal__buttons' }, cancel, ok),
      ),
    );
    input.focus();
  });
}

export interface PickerSheetOptions {
  mode: string;
  range: unknown[];
  rangeKey?: string;
  value: unknown;
  start?: string;
  end?: string;
  fields?: string;
  headerText?: string;
  onColumnChange?: (column: number, value: number) => void;
}

/** The native picker: resolves to the new value, or undefined for cancel. */
export function pickerSheet(o: PickerSheetOptions): Promise<unknown> {
  return new Promise((resolve) => {
    const { layer, close } = sheetLayer('picker');
    const body = el('div', { class: 'pv-picker__body' });
    const label = (item: unknown) =>
      String(
        o.rangeKey && item && typeof item === 'object'
          ? (item as Record<string, unknown>)[o.rangeKey]
          : item,
      );
    let read: () => unknown;
    if (o.mode === 'multiSelector') {
      const columns = (o.range as unknown[][]).map((column, c) => {
        const select = el('select', { class: 'pv-picker__select' });
        column.forEach((item, i) => select.append(el('option', { value: String(i) }, label(item))));
        select.value = String((o.value as number[] | undefined)?.[c] ?? 0);
        select.addEventListener('change', () => o.onColumnChange?.(c, Number(select.value)));
        return select;
      });
      body.append(...columns);
      read = () => columns.map((s) => Number(s.value));
    } else if (o.mode === 'date' || o.mode === 'time') {
      const type = o.mode === 'time' ? 'time' : o.fields === 'month' ? 'month' : 'date';
      const input = el('input', { class: 'pv-picker__select', type });
      if (o.start) input.min = o.start;
      if (o.end) input.max = o.end;
      input.value = String(o.value ?? '');
      body.append(input);
      read = () => (o.fields === 'year' ? input.value.slice(0, 4) : input.value);
    } else if (o.mode === 'region') {
      const parts = ((o.value as string[] | undefined) ?? ['', '', '']).map((v, i) =>
        el('input', { class: 'pv-picker__select', placeholder: ['省', '市', '区'][i], value: v }),
      );
      body.append(...parts);
      read = () => parts.map((p) => p.value);
    } else {
      const select = el('select', { class: 'pv-picker__select' });
      o.range.forEach((item, i) => select.append(el('option', { value: String(i) }, label(item))));
      select.value = String(o.value ?? 0);
      body.append(select);
      read = () => Number(select.value);
    }
    const cancel = el('button', { class: 'pv-picker__cancel' }, '取消');
    const ok = el('button', { class: 'pv-picker__ok' }, '确定');
    cancel.addEventListener('click', () => {
      close();
      resolve(undefined);
    });
    ok.addEventListener('click', () => {
      close();
      resolve(read());
    });
    const header = el(
      'div',
      { class: 'pv-picker__header' },
      cancel,
      el('span', {}, o.headerText ?? ''),
      ok,
    );
    layer.append(el('div', { class: 'pv-sheet pv-picker' }, header, body));
  });
}

/** The share sheet: what WeChat would send, as a link that opens the page in this preview. */
export function shareSheet(o: { title: string; link: string; imageUrl?: string }): void {
  const { layer, close } = sheetLayer('share-sheet');
  const input = el('input', { class: 'pv-share__link', readonly: '', 'data-testid': 'share-link' });
  input.value = o.link;
  const copy = el('button', { class: 'pv-share__button' }, '复制链接');
  copy.addEventListener('click', () => {
    input.select();
    void copyText(o.link).then(() => (copy.textContent = '已复制'));
  });
  const open = el(
    'a',
    { class: 'pv-share__button', href: o.link, 'data-testid': 'share-open' },
    '打开',
  );
  open.addEventListener('click', close);
  const done = el('button', { class: 'pv-share__button pv-share__button--plain' }, '关闭');
  done.addEventListener('click', close);
  layer.append(
    el(
      'div',
      { class: 'pv-sheet pv-share' },
      el('div', { class: 'pv-share__heading' }, '转发给朋友（预览：复制链接，用另一个身份打开）'),
      el(
        'div',
        { class: 'pv-share__card' },
        el('div', { class: 'pv-share__title' }, o.title),
        el('div', { class: 'pv-share__app' }, '共治 · 小程序'),
      ),
      input,
      el('div', { class: 'pv-share__buttons' }, copy, open, done),
    ),
  );
}

export function previewImages(urls: string[], current: string): void {
  const { layer, close } = sheetLayer('image-viewer');
  layer.classList.add('pv-viewer');
  const img = el('img', { class: 'pv-viewer__img', src: current || urls[0] || '' });
  layer.append(img);
  layer.addEventListener('click', close);
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (plain http, headless): fall back to a selection copy.
    const area = el('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}
