/** View-like built-ins: view, text, image, icon, navigator, rich-text, progress, placeholders. */
import exparser from 'miniprogram-exparser';
import { resolveAsset } from '../assets';
import { navigation } from '../navigation';
import { setNavigationBar } from '../shell';
import {
  adopt,
  defineBuiltin,
  enableHover,
  host,
  hoverProperties,
  reflect,
  type BuiltinThis,
} from './define';

export function defineBasicBuiltins(): void {
  for (const name of [
    'view',
    'cover-view',
    'root-portal',
    'match-media',
    'sticky-header',
    'sticky-section',
    'grid-view',
    'list-view',
    'share-element',
    'keyboard-accessory',
  ]) {
    defineBuiltin(name, {
      properties: hoverProperties('none'),
      attached(this: BuiltinThis) {
        enableHover(this);
      },
    });
  }

  defineBuiltin('text', {
    properties: { selectable: Boolean, userSelect: Boolean, space: String, decode: Boolean },
    observers: {
      'selectable, userSelect'(this: BuiltinThis) {
        reflect(this, 'selectable', !!(this.data.selectable || this.data.userSelect));
      },
      space(this: BuiltinThis, value: string) {
        reflect(this, 'space', value);
      },
    },
  });

  defineBuiltin('label', {
    properties: { for: String },
    attached(this: BuiltinThis) {
      // Tapping a label toggles the control it wraps (or names with `for`).
      this._exparserNode.addListener('tap', (event) => {
        const target = this.data.for
          ? this._exparserNode.ownerShadowRoot?.querySelector(`#${String(this.data.for)}`)
          : findControl(this._exparserNode);
        if (target && target !== event.target) {
          const caller = exparser.Element.getMethodCaller(target) as { _labelTap?: () => void };
          caller._labelTap?.();
        }
      });
    },
  });

  defineBuiltin('icon', {
    template: '',
    properties: { type: String, size: { type: null, value: 23 }, color: String },
    observers: {
      'type, size, color'(this: BuiltinThis) {
        const el = host(this);
        reflect(this, 'type', this.data.type);
        const size = this.data.size;
        el.style.setProperty(
          '--wx-icon-size',
          typeof size === 'number' || /^\d+$/.test(String(size))
            ? `${String(size)}px`
            : String(size),
        );
        if (this.data.color) el.style.setProperty('--wx-icon-color', String(this.data.color));
      },
    },
  });

  const image = {
    template: '',
    properties: {
      src: String,
      mode: { type: String, value: 'scaleToFill' },
      lazyLoad: Boolean,
      webp: Boolean,
      showMenuByLongpress: Boolean,
      fadeIn: Boolean,
    },
    created(this: BuiltinThis) {
      const img = adopt(this, document.createElement('img'));
      img.draggable = false;
      img.addEventListener('load', () =>
        this.triggerEvent('load', { width: img.naturalWidth, height: img.naturalHeight }),
      );
      img.addEventListener('error', () =>
        this.triggerEvent('error', { errMsg: `GET ${img.src} failed` }),
      );
      host(this).appendChild(img);
    },
    observers: {
      src(this: BuiltinThis, src: string) {
        const img = host(this).querySelector('img');
        if (!img) return;
        const url = resolveAsset(src, ownerPath(this));
        if (url) img.src = url;
        else img.removeAttribute('src');
      },
      mode(this: BuiltinThis, mode: string) {
        reflect(this, 'mode', mode);
      },
    },
  };
  defineBuiltin('image', image);
  defineBuiltin('cover-image', image);

  defineBuiltin('navigator', {
    properties: {
      ...hoverProperties('navigator-hover', 50, 600),
      url: String,
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: String,
    },
    attached(this: BuiltinThis) {
      enableHover(this);
      this._exparserNode.addListener('tap', () => {
        const url = String(this.data.url ?? '');
        const from = ownerPath(this);
        switch (this.data.openType) {
          case 'redirect':
            return navigation().redirectTo({ url, from });
          case 'switchTab':
            return navigation().switchTab({ url, from });
          case 'reLaunch':
            return navigation().reLaunch({ url, from });
          case 'navigateBack':
            return navigation().navigateBack({ delta: Number(this.data.delta) });
          case 'exit':
            return undefined;
          default:
            return navigation().navigateTo({ url, from });
        }
      });
    },
  });

  defineBuiltin('rich-text', {
    template: '',
    properties: { nodes: { type: null, value: [] }, space: String, userSelect: Boolean },
    observers: {
      nodes(this: BuiltinThis, nodes: unknown) {
        const el = host(this);
        el.replaceChildren(...renderRichText(nodes, this));
      },
    },
  });

  defineBuiltin('progress', {
    template: '',
    properties: {
      percent: { type: Number, value: 0 },
      showInfo: Boolean,
      borderRadius: { type: null, value: 0 },
      fontSize: { type: null, value: 16 },
      strokeWidth: { type: null, value: 6 },
      color: String,
      activeColor: { type: String, value: '#09BB07' },
      backgroundColor: { type: String, value: '#EBEBEB' },
      active: Boolean,
    },
    created(this: BuiltinThis) {
      const el = host(this);
      el.innerHTML =
        '<span class="wx-progress-bar"><span class="wx-progress-inner"></span></span><span class="wx-progress-info"></span>';
    },
    observers: {
      '**'(this: BuiltinThis) {
        const el = host(this);
        const d = this.data;
        const percent = Math.max(0, Math.min(100, Number(d.percent) || 0));
        const bar = el.querySelector<HTMLElement>('.wx-progress-bar');
        const inner = el.querySelector<HTMLElement>('.wx-progress-inner');
        const info = el.querySelector<HTMLElement>('.wx-progress-info');
        if (!bar || !inner || !info) return;
        const px = (v: unknown) => (typeof v === 'number' ? `${v}px` : String(v));
        bar.style.height = px(d.strokeWidth);
        bar.style.borderRadius = px(d.borderRadius);
        bar.style.backgroundColor = String(d.backgroundColor);
        inner.style.width = `${percent}%`;
        inner.style.backgroundColor = String(d.color || d.activeColor);
        info.textContent = d.showInfo ? `${percent}%` : '';
        info.style.fontSize = px(d.fontSize);
      },
    },
  });

  defineBuiltin('navigation-bar', {
    template: '',
    properties: { title: String, loading: Boolean, frontColor: String, backgroundColor: String },
    observers: {
      '**'(this: BuiltinThis) {
        setNavigationBar(this._exparserNode, {
          title: this.data.title as string | undefined,
          frontColor: this.data.frontColor as string | undefined,
          backgroundColor: this.data.backgroundColor as string | undefined,
          loading: !!this.data.loading,
        });
      },
    },
  });

  defineBuiltin('page-meta', {
    properties: {
      backgroundColor: String,
      pageStyle: String,
      rootFontSize: String,
      scrollTop: String,
    },
  });
  defineBuiltin('block', {});
  defineBuiltin('page-container', { properties: { show: Boolean } });

  // What a browser cannot stand in for: a labelled box of the usual size.
  for (const name of [
    'video',
    'camera',
    'map',
    'live-player',
    'live-pusher',
    'web-view',
    'ad',
    'ad-custom',
    'official-account',
    'open-data',
    'functional-page-navigator',
    'voip-room',
    'audio',
    'editor',
  ]) {
    defineBuiltin(name, {
      template: '',
      properties: { src: String, type: String },
      created(this: BuiltinThis) {
        host(this).setAttribute('data-placeholder', `<${name}> 预览中不可用`);
      },
    });
  }
  defineBuiltin('canvas', {
    template: '',
    properties: { type: String, canvasId: String, disableScroll: Boolean },
    created(this: BuiltinThis) {
      host(this).appendChild(adopt(this, document.createElement('canvas')));
    },
  });
}

/** The id of the component whose template holds this node (to resolve relative paths). */
export function ownerPath(self: BuiltinThis): string {
  const owner = self._exparserNode.ownerShadowRoot?.getHostNode();
  return owner?.is ?? '';
}

function findControl(node: ExparserNode): ExparserNode | undefined {
  for (const child of node.childNodes ?? []) {
    if (child.is && /^(wx-)?(checkbox|radio|switch)$/.test(child.is)) return child;
    const found = findControl(child);
    if (found) return found;
  }
  return undefined;
}

interface RichNode {
  name?: string;
  type?: string;
  text?: string;
  attrs?: Record<string, string>;
  children?: RichNode[];
}

const RICH_TAGS = new Set(
  'a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del div dl dt em fieldset font footer h1 h2 h3 h4 h5 h6 header hr i img ins label legend li mark nav ol p pre q rt ruby s section small span strong sub sup table tbody td tfoot th thead tr tt u ul'.split(
    ' ',
  ),
);

/** rich-text nodes (an HTML string or WeChat's node array), with WeChat's tag whitelist. */
function renderRichText(nodes: unknown, self: BuiltinThis): Node[] {
  if (typeof nodes === 'string') {
    const doc = new DOMParser().parseFromString(`<body>${nodes}</body>`, 'text/html');
    return [...doc.body.childNodes].map((n) => sanitize(n, self)).filter((n): n is Node => !!n);
  }
  if (!Array.isArray(nodes)) return [];
  return (nodes as RichNode[]).map((node) => {
    if (node.type === 'text') return document.createTextNode(node.text ?? '');
    const name = RICH_TAGS.has(node.name ?? '') ? (node.name as string) : 'span';
    const el = document.createElement(name);
    for (const [k, v] of Object.entries(node.attrs ?? {})) setSafeAttribute(el, k, v, self);
    el.append(...renderRichText(node.children ?? [], self));
    return el;
  });
}

function sanitize(node: Node, self: BuiltinThis): Node | null {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent ?? '');
  if (!(node instanceof Element)) return null;
  const name = node.tagName.toLowerCase();
  const el = document.createElement(RICH_TAGS.has(name) ? name : 'span');
  for (const attr of [...node.attributes]) setSafeAttribute(el, attr.name, attr.value, self);
  for (const child of [...node.childNodes]) {
    const clean = sanitize(child, self);
    if (clean) el.appendChild(clean);
  }
  return el;
}

function setSafeAttribute(el: Element, name: string, value: string, self: BuiltinThis): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) return;
  if (lower === 'src') {
    const url = resolveAsset(value, ownerPath(self));
    if (url) el.setAttribute('src', url);
    return;
  }
  if (lower === 'href') return;
  // Classes in rich-text are global ones (app styles), as in WeChat: no prefix.
  el.setAttribute(name, value);
}
