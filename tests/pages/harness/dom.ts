/**
 * Finding and poking at rendered nodes. Selectors are exparser's: `#id`, `.class`, descendant
 * and `>` combinators, and `>>>` to reach into a component (`#save >>> .t-button__content`).
 * No tag names.
 */

/** The parts of exparser's node that the helpers walk (j-component keeps it as _exparserNode). */
export interface ExparserNode {
  /** The DOM node; absent on virtual nodes (virtualHost components, slots, wx:if blocks). */
  $$?: Node | null;
  /** Component id; builtins (view, input...) are registered under their own name. */
  is?: string;
  shadowRoot?: ExparserNode;
  /** Absent on text nodes. */
  childNodes?: ExparserNode[];
  /** Children in the composed (rendered) tree. */
  __wxSlotChildren?: ExparserNode[];
}

/** j-component's wrapper around an exparser node (what simulate's render/querySelector return). */
export interface JComponent {
  readonly dom: HTMLElement | undefined;
  readonly data: Record<string, unknown>;
  readonly instance: Record<string, unknown>;
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  querySelector(selector: string): JComponent | undefined;
  querySelectorAll(selector: string): JComponent[];
  triggerLifeTime(name: string, ...args: unknown[]): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
  _exparserNode: ExparserNode;
}

export interface JRootComponent extends JComponent {
  attach(parent: Element): void;
  detach(): void;
}

export type Target = string | JComponent;

/** Wraps any exparser node, so events can be dispatched on nodes no selector can name. */
function wrap(like: JComponent, node: ExparserNode): JComponent {
  // RootComponent extends j-component's (unexported) Component class, which takes the node.
  const Base = Object.getPrototypeOf(Object.getPrototypeOf(like)).constructor as new (
    n: ExparserNode,
  ) => JComponent;
  return new Base(node);
}

export function find(from: JComponent, target: Target): JComponent {
  if (typeof target !== 'string') return target;
  const found = from.querySelector(target);
  if (!found) throw new Error(`no node matches "${target}"`);
  return found;
}

function firstRendered(nodes: ExparserNode[]): ExparserNode | undefined {
  for (const node of nodes) {
    if (node.$$ instanceof Element) return node;
    // A virtual wx:if/block wrapper: look inside. A <slot> has no childNodes and ends the search.
    const inner = node.$$ ? undefined : firstRendered(node.childNodes ?? []);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Where a finger lands on a component: its first rendered element, descending through
 * component shadow trees. tdesign components are virtualHost: the host has no element and the
 * handler is bound inside (t-button's `.t-button` calls handleTap, which then triggers `tap`).
 */
function tapTarget(node: ExparserNode): ExparserNode {
  for (let current = node; ;) {
    const inner = current.shadowRoot && firstRendered(current.shadowRoot.childNodes ?? []);
    if (!inner) return current;
    current = inner;
  }
}

function findNative(node: ExparserNode, names: string[]): ExparserNode | undefined {
  if (node.is && names.includes(node.is)) return node;
  for (const child of [...(node.shadowRoot ? [node.shadowRoot] : []), ...(node.childNodes ?? [])]) {
    const found = findNative(child, names);
    if (found) return found;
  }
  return undefined;
}

/** Lets j-component's deferred dispatch and the handlers' first await run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function tap(from: JComponent, target: Target): Promise<void> {
  const node = tapTarget(find(from, target)._exparserNode);
  wrap(from, node).dispatchEvent('tap', { detail: { x: 0, y: 0 } });
  await flush();
}

/** Types `value` into an input/textarea, or into the first one inside a component (t-input). */
export async function input(from: JComponent, target: Target, value: string): Promise<void> {
  const host = find(from, target)._exparserNode;
  const field = findNative(host, ['input', 'textarea']);
  if (!field) throw new Error(`no input or textarea inside "${String(target)}"`);
  wrap(from, field).dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await flush();
}

function composedText(node: ExparserNode): string {
  if (node.$$) return node.$$.textContent ?? '';
  return (node.__wxSlotChildren ?? node.childNodes ?? []).map(composedText).join('');
}

/** Rendered text of the node (or the whole page), whitespace collapsed. */
export function text(from: JComponent, target?: Target): string {
  const node = target === undefined ? from._exparserNode : find(from, target)._exparserNode;
  return composedText(node).replace(/\s+/g, ' ').trim();
}

/**
 * Polls until `predicate` returns something truthy (and answers it), for data that arrives after
 * a server round trip. Fails before jest's default 5 s test timeout, with its own message.
 * Uses real timers: do not combine with jest fake timers.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`waitFor: condition not met within ${timeoutMs} ms${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
