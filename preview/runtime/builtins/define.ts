/**
 * How a built-in component (view, input, button…) is made: an exparser component whose host
 * element is `wx-<name>` and whose own behaviour is plain DOM work on that host.
 */
import jComponent from 'j-component/src/index';

/** `this` inside a built-in's lifetimes, observers and methods. */
export interface BuiltinThis {
  data: Record<string, unknown>;
  _exparserNode: ExparserNode;
  setData(data: Record<string, unknown>): void;
  triggerEvent(name: string, detail?: unknown, options?: Record<string, unknown>): void;
  [key: string]: unknown;
}

type Fn = (this: BuiltinThis, ...args: never[]) => unknown;

export interface BuiltinDefinition {
  /** Property name → type (or `{ type, value }`). */
  properties?: Record<string, unknown>;
  /** Defaults to `<slot/>`: children render inside the host. */
  template?: string;
  created?: (this: BuiltinThis) => void;
  attached?: (this: BuiltinThis) => void;
  detached?: (this: BuiltinThis) => void;
  observers?: Record<string, Fn>;
  methods?: Record<string, Fn>;
  behaviors?: string[];
}

/** Every built-in has these, as in WeChat. */
const COMMON_PROPERTIES = { hidden: { type: Boolean, value: false } };

export function host(self: BuiltinThis): HTMLElement {
  const dom = self._exparserNode.$$;
  if (!dom) throw new Error('built-in without a DOM element');
  return dom;
}

/** Reflects a property onto the host as an attribute, for CSS (`wx-button[type=primary]`). */
export function reflect(self: BuiltinThis, name: string, value: unknown): void {
  const dom = host(self);
  if (value === false || value === null || value === undefined || value === '')
    dom.removeAttribute(name);
  else dom.setAttribute(name, value === true ? '' : String(value));
}

/**
 * Marks DOM created by a built-in as belonging to it, so events on it (a click in an <input>)
 * reach exparser as events on the built-in.
 */
export function adopt<T extends Element>(self: BuiltinThis, element: T): T {
  (element as unknown as { __wxElement: ExparserNode }).__wxElement = self._exparserNode;
  return element;
}

/**
 * Class names as the element would carry them: exparser prefixes names written in a template
 * with the owner's prefix (and keeps the bare name too for global-class owners). Used for
 * `hover-class` and `placeholder-class`, which WeChat resolves the same way.
 */
export function resolveClasses(self: BuiltinThis, names: string): string[] {
  const list = self._exparserNode.classList;
  const prefix = list?._prefix ? `${list._prefix}--` : '';
  return names
    .split(/\s+/)
    .filter((n) => n && n !== 'none')
    .flatMap((n) =>
      WECHAT_CLASSES.has(n)
        ? [n]
        : list?._addOriginalClass && prefix
          ? [n, prefix + n]
          : [prefix + n],
    );
}

/** WeChat's own default hover classes, styled globally (preview/styles/builtins.css). */
const WECHAT_CLASSES = new Set(['button-hover', 'navigator-hover']);

function register(id: string, tagName: string, def: BuiltinDefinition): void {
  const observers: Record<string, Fn> = {
    hidden(this: BuiltinThis, value: boolean) {
      host(this).hidden = !!value;
    },
    ...def.observers,
  };
  jComponent.register({
    id,
    tagName,
    // j-component's compiler rejects an empty template; a slot with no children renders nothing.
    template: def.template || '<slot/>',
    usingComponents: {},
    behaviors: def.behaviors ?? [],
    properties: { ...COMMON_PROPERTIES, ...def.properties },
    options: { classPrefix: '', multipleSlots: false },
    observers,
    lifetimes: { created: def.created, attached: def.attached, detached: def.detached },
    methods: def.methods ?? {},
  });
}

/**
 * Registers `name` under both ids j-component may look it up by: `wx-<name>` (tags it knows as
 * official keep their prefix) and `<name>` (the others lose it).
 */
export function defineBuiltin(name: string, def: BuiltinDefinition): void {
  register(`wx-${name}`, `wx-${name}`, def);
  register(name, `wx-${name}`, def);
}

/** hover-class and its timing properties, with WeChat's defaults for a built-in. */
export function hoverProperties(defaultClass: string, startTime = 50, stayTime = 400) {
  return {
    hoverClass: { type: String, value: defaultClass },
    hoverStopPropagation: Boolean,
    hoverStartTime: { type: Number, value: startTime },
    hoverStayTime: { type: Number, value: stayTime },
  };
}

/**
 * hover-class: WeChat adds it while a finger rests on the element (after hover-start-time) and
 * keeps it for hover-stay-time after release. Pointer events stand in for touches.
 */
export function enableHover(self: BuiltinThis): void {
  const el = host(self);
  let classes: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  el.addEventListener('pointerdown', () => {
    const hoverClass = String(self.data.hoverClass ?? 'none');
    if (hoverClass === 'none' || self.data.disabled) return;
    classes = resolveClasses(self, hoverClass);
    clearTimeout(timer);
    timer = setTimeout(() => el.classList.add(...classes), Number(self.data.hoverStartTime));
  });
  const off = () => {
    clearTimeout(timer);
    timer = setTimeout(() => el.classList.remove(...classes), Number(self.data.hoverStayTime));
  };
  el.addEventListener('pointerup', off);
  el.addEventListener('pointerleave', off);
}
