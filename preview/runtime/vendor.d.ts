/**
 * The slices of WeChat's component framework (miniprogram-exparser) and of j-component that the
 * runtime touches. Neither package ships typings for these internals.
 */

/** An exparser node: element, component, virtual node, shadow root or text. */
interface ExparserNode {
  is?: string;
  id: string;
  $$: HTMLElement | null;
  data: Record<string, unknown>;
  dataset: Record<string, unknown>;
  parentNode: ExparserNode | null;
  childNodes: ExparserNode[];
  shadowRoot?: ExparserNode;
  ownerShadowRoot?: ExparserNode | null;
  classList: { _prefix: string; _addOriginalClass: boolean };
  __wxSlotChildren?: ExparserNode[];
  __virtual?: boolean;
  __componentOptions?: { classPrefix: string; addGlobalClass: boolean; virtualHost: boolean };
  getHostNode(): ExparserNode;
  querySelector(selector: string): ExparserNode | null;
  querySelectorAll(selector: string): ExparserNode[];
  triggerLifeTime(name: string, args?: unknown[]): void;
  triggerPageLifeTime(name: string, args?: unknown[]): void;
  addListener(name: string, fn: (event: ExparserEvent) => unknown, options?: object): void;
}

interface ExparserEvent {
  type: string;
  detail: unknown;
  target: ExparserNode;
  currentTarget: ExparserNode;
}

declare module 'miniprogram-exparser' {
  const exparser: {
    Element: {
      pretendAttached(node: ExparserNode): void;
      pretendDetached(node: ExparserNode): void;
      getMethodCaller(node: ExparserNode): Record<string, unknown>;
    };
    Component: {
      hasPublicProperty(node: ExparserNode, name: string): boolean;
      getComponentOptions(node: ExparserNode): { classPrefix: string; addGlobalClass: boolean };
    };
    Event: {
      create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
      dispatchEvent(target: EventTarget | ExparserNode, event: unknown): void;
    };
    Component_: unknown;
    ShadowRoot: new () => ExparserNode;
    registerElement(def: { is: string; options: Record<string, unknown> }): unknown;
    triggerEvent(
      node: ExparserNode,
      name: string,
      detail: unknown,
      options?: Record<string, unknown>,
    ): void;
    addGlobalErrorListener(fn: (err: unknown, info: unknown) => unknown): void;
    addGlobalWarningListener(fn: (message: unknown) => unknown): void;
  };
  export = exparser;
}

// Imported by its source path: the package's own index.d.ts drags WeChat's API typings (and their
// global `require`) into this program.
declare module 'j-component/src/index' {
  interface RootComponent {
    readonly dom: HTMLElement;
    readonly instance: Record<string, unknown>;
    _exparserNode: ExparserNode;
    parentNode: Element | null;
  }
  const jComponent: {
    register(definition: Record<string, unknown>): string;
    behavior(definition: Record<string, unknown>): string;
    create(id: string, properties?: Record<string, unknown>): RootComponent | undefined;
  };
  export = jComponent;
}

declare module 'j-component/src/tool/utils' {
  const utils: { transformRpx(style: string, keepSpace?: boolean): string };
  export = utils;
}

declare module 'j-component/src/tool/selectorquery' {
  const SelectorQuery: { prototype: Record<string, unknown> };
  export = SelectorQuery;
}

declare module 'miniprogram-simulate/src/api/animation' {
  const Animation: new (options?: Record<string, unknown>) => unknown;
  export = Animation;
}

/** What the preview server answers at /__preview/config.js, set before the bundle runs. */
interface PreviewBootConfig {
  gatewayUrl: string;
  envId: string;
  /** Reload when the server has rebuilt (development). */
  live: boolean;
}

interface Window {
  __gongzhiGwx?: (path: string) => ((data: unknown) => unknown) | undefined;
  __GONGZHI_PREVIEW__?: PreviewBootConfig;
}
