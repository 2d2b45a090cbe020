/**
 * SelectorQuery answers as WeChat's do: rects relative to the page's viewport (the frame below
 * the navigation bar, not the browser window), virtual-host components measured by what they
 * render, and selectViewport() as the page's scroll area. We replace j-component's exec();
 * its select/selectAll/fields bookkeeping stays.
 */
import exparser from 'miniprogram-exparser';
import JSelectorQuery from 'j-component/src/tool/selectorquery';
import { navigation } from './navigation';

interface QueueItem {
  selector: string;
  exparserNode: ExparserNode | 0 | null;
  isSelectSingle: boolean;
  fields: Record<string, unknown> & { computedStyle?: string[]; properties?: string[] };
}

interface Query {
  _queue: QueueItem[];
  _queueCallback: Array<((res: unknown) => void) | null>;
}

/** The DOM elements a node renders (itself, or for virtual nodes, its rendered descendants). */
function elementsOf(node: ExparserNode): HTMLElement[] {
  if (node.$$ instanceof HTMLElement) return [node.$$];
  const children = node.__wxSlotChildren ?? node.childNodes ?? [];
  const inner = node.shadowRoot ? [node.shadowRoot, ...children] : children;
  return inner.flatMap(elementsOf);
}

function rectOf(node: ExparserNode): DOMRect {
  const rects = elementsOf(node).map((e) => e.getBoundingClientRect());
  if (rects.length === 0) return new DOMRect();
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.right));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  return new DOMRect(left, top, right - left, bottom - top);
}

function viewport(): { origin: DOMRect; scroller?: HTMLElement } {
  const top = navigation().top();
  return { origin: top?.frame.getBoundingClientRect() ?? new DOMRect(), scroller: top?.scroller };
}

function describe(node: ExparserNode, fields: QueueItem['fields']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { origin } = viewport();
  if (fields.id) out.id = node.id || '';
  if (fields.dataset) out.dataset = { ...(node.dataset ?? {}) };
  if (fields.rect || fields.size) {
    const r = rectOf(node);
    if (fields.rect)
      Object.assign(out, {
        left: r.left - origin.left,
        right: r.right - origin.left,
        top: r.top - origin.top,
        bottom: r.bottom - origin.top,
      });
    if (fields.size) Object.assign(out, { width: r.width, height: r.height });
  }
  if (fields.scrollOffset) {
    const el = elementsOf(node)[0];
    Object.assign(out, {
      scrollLeft: el?.scrollLeft ?? 0,
      scrollTop: el?.scrollTop ?? 0,
      scrollWidth: el?.scrollWidth ?? 0,
      scrollHeight: el?.scrollHeight ?? 0,
    });
  }
  if (fields.properties)
    for (const name of fields.properties) {
      const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      if (exparser.Component.hasPublicProperty(node, key)) out[key] = node.data[key];
    }
  if (fields.computedStyle?.length) {
    const el = elementsOf(node)[0];
    const style = el ? getComputedStyle(el) : undefined;
    for (const key of fields.computedStyle)
      out[key] = style?.getPropertyValue(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)) ?? '';
  }
  if (fields.node)
    out.node = elementsOf(node)[0]?.querySelector('canvas') ?? elementsOf(node)[0] ?? null;
  if (fields.context) out.context = {};
  return out;
}

function viewportInfo(fields: QueueItem['fields']): Record<string, unknown> {
  const { origin, scroller } = viewport();
  const out: Record<string, unknown> = {};
  if (fields.id) out.id = '';
  if (fields.dataset) out.dataset = {};
  if (fields.rect)
    Object.assign(out, { left: 0, top: 0, right: origin.width, bottom: origin.height });
  if (fields.size) Object.assign(out, { width: origin.width, height: origin.height });
  if (fields.scrollOffset)
    Object.assign(out, {
      scrollLeft: scroller?.scrollLeft ?? 0,
      scrollTop: scroller?.scrollTop ?? 0,
      scrollWidth: scroller?.scrollWidth ?? 0,
      scrollHeight: scroller?.scrollHeight ?? 0,
    });
  return out;
}

export function patchSelectorQuery(): void {
  JSelectorQuery.prototype.exec = function exec(this: Query, callback?: (res: unknown[]) => void) {
    const queue = this._queue;
    const callbacks = this._queueCallback;
    this._queue = [];
    this._queueCallback = [];
    // Answer after layout, as WeChat answers asynchronously.
    requestAnimationFrame(() => {
      const results = queue.map((item, i) => {
        let result: unknown;
        if (item.exparserNode === 0) result = viewportInfo(item.fields);
        else {
          const root = item.exparserNode?.shadowRoot;
          const nodes = root
            ? item.isSelectSingle
              ? [root.querySelector(item.selector)].filter((n): n is ExparserNode => !!n)
              : root.querySelectorAll(item.selector)
            : [];
          const described = nodes.map((n) => describe(n, item.fields));
          result = item.isSelectSingle ? (described[0] ?? null) : described;
        }
        callbacks[i]?.call(this, result);
        return result;
      });
      callback?.call(this, results);
    });
    return this;
  };
}
