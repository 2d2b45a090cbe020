/**
 * `Component()`, `Behavior()` and `Page()` for the browser, on j-component (which sits on
 * exparser, WeChat's own component framework). The build lists every page and component with
 * its compiled template, children first; `registerUnit` runs the unit's code, whose
 * `Component()` call lands here with the unit's metadata attached.
 */
import exparser from 'miniprogram-exparser';
import jComponent from 'j-component/src/index';

export interface UnitMeta {
  /** Path from the mini-program root without extension, e.g. 'pages/home/home'. */
  id: string;
  kind: 'page' | 'component';
  /** Class prefix and host tag name, unique per unit (see preview/build). */
  prefix: string;
  json: Record<string, unknown>;
  /** Tag → unit id. */
  using: Record<string, string>;
  /** Runs the unit's script (which calls Component() or Page()). */
  load: () => unknown;
}

type Definition = Record<string, unknown> & {
  options?: Record<string, unknown>;
  relations?: Record<string, Record<string, unknown>>;
  lifetimes?: Record<string, (...args: unknown[]) => unknown>;
  methods?: Record<string, unknown>;
};

const units = new Map<string, UnitMeta>();
const registered = new Set<string>();
/** exparser `is` → addGlobalClass, applied when j-component hands the definition to exparser. */
const globalClass = new Map<string, boolean>();
let loading: UnitMeta | null = null;

export function unit(id: string): UnitMeta | undefined {
  return units.get(id);
}

export function pageUnits(): UnitMeta[] {
  return [...units.values()].filter((u) => u.kind === 'page');
}

export function isRegistered(id: string): boolean {
  return registered.has(id);
}

/**
 * j-component always registers with `addGlobalClass: false`. WeChat's `styleIsolation:
 * apply-shared | shared` (tdesign uses apply-shared) and `addGlobalClass: true` mean the
 * component's elements also carry their unprefixed classes, so app-wide styles reach them.
 */
function patchRegisterElement(): void {
  const register = exparser.registerElement.bind(exparser);
  exparser.registerElement = (def) => {
    const addGlobalClass = globalClass.get(def.is);
    if (addGlobalClass !== undefined) def.options = { ...def.options, addGlobalClass };
    return register(def);
  };
}
patchRegisterElement();

/**
 * tdesign's components are virtual hosts that list `class` among their external classes and
 * write `class="class …"` inside: WeChat routes the `class` written on such a host to that
 * external class. j-component only sets the (element-less) host's own class; we route it too.
 */
function patchHostClass(): void {
  const proto = (exparser.Element as unknown as { prototype: object }).prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'class');
  if (!descriptor?.set) {
    console.warn('[preview] exparser has no class setter to patch; host classes stay unrouted');
    return;
  }
  const set = descriptor.set;
  Object.defineProperty(proto, 'class', {
    ...descriptor,
    set(
      this: ExparserNode & {
        hasExternalClass?(n: string): boolean;
        setExternalClass?(n: string, v: string): void;
      },
      value: string,
    ) {
      set.call(this, value);
      if (this.__virtual && this.hasExternalClass?.('class'))
        this.setExternalClass?.('class', value);
    },
  });
}
patchHostClass();

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

function dirname(id: string): string {
  return id.split('/').slice(0, -1).join('/');
}

function template(meta: UnitMeta): unknown {
  const gwx = window.__gongzhiGwx;
  const fn = gwx?.(`${meta.id}.wxml`);
  if (!fn) throw new Error(`no compiled template for ${meta.id}.wxml`);
  return fn;
}

/** WeChat's Component(): here, `loading` tells which unit is calling. */
export function Component(options: Definition): void {
  const meta = loading;
  if (!meta) throw new Error('Component() called outside of a unit being loaded');
  const styleIsolation = String(
    options.options?.styleIsolation ?? meta.json.styleIsolation ?? 'isolated',
  );
  const addGlobalClass =
    meta.kind === 'page' ||
    options.options?.addGlobalClass === true ||
    styleIsolation === 'apply-shared' ||
    styleIsolation === 'shared';

  // Relations name the other side by a path relative to this file; exparser wants its id.
  const relations: Definition['relations'] = {};
  for (const [key, value] of Object.entries(options.relations ?? {})) {
    const id = normalize(key.startsWith('/') ? key : `${dirname(meta.id)}/${key}`);
    relations[id] = { ...value, target: id };
  }

  const definition: Definition = {
    ...options,
    id: meta.id,
    path: meta.id,
    tagName: meta.prefix,
    template: template(meta),
    usingComponents: meta.using,
    relations,
    options: { ...options.options, classPrefix: meta.prefix },
  };
  globalClass.set(meta.id, addGlobalClass);
  jComponent.register(definition);
  registered.add(meta.id);
}

/**
 * WeChat's Page(): everything but `data` is reachable on `this`; functions become methods (the
 * lifecycle ones included, which is how WeChat treats Component-based pages too).
 */
export function Page(options: Record<string, unknown>): void {
  const methods: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'data' || key === 'behaviors' || key === 'options') continue;
    if (typeof value === 'function') methods[key] = value;
    else fields[key] = value;
  }
  Component({
    data: options.data,
    behaviors: options.behaviors,
    options: options.options as Record<string, unknown> | undefined,
    methods,
    lifetimes: {
      created(this: Record<string, unknown>) {
        Object.assign(this, JSON.parse(JSON.stringify(fields)) as object);
      },
    },
  });
}

export function Behavior(definition: Record<string, unknown>): string {
  return jComponent.behavior(definition);
}

/** Runs one unit's script with `Component()` bound to it. Children must be registered first. */
export function registerUnit(meta: UnitMeta): void {
  units.set(meta.id, meta);
  const previous = loading;
  loading = meta;
  try {
    meta.load();
  } catch (err) {
    console.error(`[preview] ${meta.id} failed to load:`, err);
  } finally {
    loading = previous;
  }
  if (!registered.has(meta.id)) console.error(`[preview] ${meta.id} did not call Component()`);
}
