/** Form built-ins: button, input, textarea, form, switch, checkbox, radio, slider, picker. */
import exparser from 'miniprogram-exparser';
import { rpxToPx } from '../rpx';
import { shareFrom } from '../share';
import { chooseFiles } from '../wx/media';
import { pickerSheet } from '../ui';
import {
  adopt,
  defineBuiltin,
  enableHover,
  host,
  hoverProperties,
  reflect,
  resolveClasses,
  type BuiltinThis,
} from './define';

/** Walks a node's composed subtree: its children and, for components, its shadow tree. */
function walk(node: ExparserNode, visit: (n: ExparserNode) => void): void {
  visit(node);
  if (node.shadowRoot) walk(node.shadowRoot, visit);
  for (const child of node.childNodes ?? []) walk(child, visit);
}

function isBuiltin(node: ExparserNode, ...names: string[]): boolean {
  return !!node.is && names.some((n) => node.is === n || node.is === `wx-${n}`);
}

function caller(node: ExparserNode): BuiltinThis {
  return exparser.Element.getMethodCaller(node) as unknown as BuiltinThis;
}

/** switch, checkbox, radio: a tap on them or on their <label> toggles them. */
type Toggle = BuiltinThis & { _labelTap(): void };

/** Bubbles through component boundaries, as WeChat's own form events do. */
const COMPOSED = { bubbles: true, composed: true };

function defineButton(): void {
  defineBuiltin('button', {
    properties: {
      size: { type: String, value: 'default' },
      type: { type: String, value: 'default' },
      plain: Boolean,
      disabled: Boolean,
      loading: Boolean,
      formType: String,
      openType: String,
      ...hoverProperties('button-hover', 20, 70),
      name: String,
    },
    observers: {
      'size, type, plain, disabled, loading'(this: BuiltinThis) {
        for (const key of ['size', 'type', 'plain', 'disabled', 'loading'])
          reflect(this, key, this.data[key]);
      },
    },
    attached(this: BuiltinThis) {
      enableHover(this);
      this._exparserNode.addListener('tap', () => {
        if (this.data.disabled || this.data.loading) return;
        const formType = String(this.data.formType ?? '');
        if (formType === 'submit') this.triggerEvent('formSubmit', {}, COMPOSED);
        if (formType === 'reset') this.triggerEvent('formReset', {}, COMPOSED);
        void openType(this, String(this.data.openType ?? ''));
      });
    },
  });
}

/** What WeChat does for `<button open-type>`; the answers are the preview's stand-ins. */
async function openType(self: BuiltinThis, type: string): Promise<void> {
  switch (type) {
    case 'share':
      return shareFrom(self._exparserNode, 'button');
    case 'getUserInfo':
      return self.triggerEvent('getuserinfo', {
        errMsg: 'getUserInfo:ok',
        userInfo: { nickName: '微信用户', avatarUrl: '', gender: 0, language: 'zh_CN' },
      });
    case 'getPhoneNumber':
    case 'getRealtimePhoneNumber':
      return self.triggerEvent(type.toLowerCase(), {
        errMsg: `${type}:fail 预览中无法获取手机号`,
      });
    case 'chooseAvatar': {
      const files = await chooseFiles({ accept: 'image/*', count: 1 }).catch(() => []);
      if (files[0]) self.triggerEvent('chooseavatar', { avatarUrl: files[0].url });
      return undefined;
    }
    case 'agreePrivacyAuthorization':
      return self.triggerEvent('agreeprivacyauthorization', {});
    case 'contact':
    case 'feedback':
    case 'openSetting':
    case 'launchApp':
      return self.triggerEvent(type.toLowerCase(), { errMsg: `${type}:fail 预览中不可用` });
    default:
      return undefined;
  }
}

interface TextFieldOptions {
  tag: 'input' | 'textarea';
  defaultMaxlength: number;
}

/** input and textarea: a real DOM field plus WeChat's placeholder element (for placeholder-class). */
function defineTextField({ tag, defaultMaxlength }: TextFieldOptions): void {
  const field = (self: BuiltinThis) =>
    host(self).querySelector(tag) as HTMLInputElement | HTMLTextAreaElement;
  const placeholder = (self: BuiltinThis) =>
    host(self).querySelector<HTMLElement>('.wx-placeholder');
  const syncPlaceholder = (self: BuiltinThis) => {
    const p = placeholder(self);
    if (p) p.hidden = field(self).value !== '';
  };
  const autoHeight = (self: BuiltinThis) => {
    if (tag !== 'textarea' || !self.data.autoHeight) return;
    const el = field(self);
    el.style.height = 'auto';
    host(self).style.height = `${el.scrollHeight}px`;
    el.style.height = '100%';
  };
  const filter = (type: string, value: string) => {
    if (type === 'number') return value.replace(/\D/g, '');
    if (type === 'digit') return value.replace(/[^\d.]/g, '');
    if (type === 'idcard') return value.replace(/[^\dXx]/g, '');
    return value;
  };

  defineBuiltin(tag, {
    template: '',
    properties: {
      value: { type: null, value: '' },
      type: { type: String, value: 'text' },
      password: Boolean,
      placeholder: String,
      placeholderClass: String,
      placeholderStyle: String,
      disabled: Boolean,
      maxlength: { type: Number, value: defaultMaxlength },
      focus: Boolean,
      autoFocus: Boolean,
      autoHeight: Boolean,
      confirmType: String,
      name: String,
      cursor: Number,
    },
    created(this: BuiltinThis) {
      const el = adopt(this, document.createElement(tag));
      const hint = adopt(this, document.createElement('span'));
      hint.className = 'wx-placeholder';
      host(this).append(hint, el);
      el.addEventListener('input', () => {
        const value = filter(String(this.data.type), el.value);
        if (value !== el.value) el.value = value;
        this.setData({ value });
        syncPlaceholder(this);
        autoHeight(this);
        this.triggerEvent('input', {
          value,
          cursor: el.selectionStart ?? value.length,
          keyCode: 0,
        });
      });
      el.addEventListener('focus', () =>
        this.triggerEvent('focus', { value: el.value, height: 0 }),
      );
      el.addEventListener('blur', () =>
        this.triggerEvent('blur', { value: el.value, cursor: el.selectionStart ?? 0 }),
      );
      el.addEventListener('change', () => this.triggerEvent('change', { value: el.value }));
      if (tag === 'input')
        el.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter')
            this.triggerEvent('confirm', { value: el.value });
        });
    },
    attached(this: BuiltinThis) {
      if (this.data.focus || this.data.autoFocus) queueMicrotask(() => field(this).focus());
      syncPlaceholder(this);
      autoHeight(this);
    },
    observers: {
      value(this: BuiltinThis, value: unknown) {
        const el = field(this);
        const text = value === null || value === undefined ? '' : String(value);
        if (el.value !== text) el.value = text;
        syncPlaceholder(this);
        autoHeight(this);
      },
      'type, password'(this: BuiltinThis) {
        const el = field(this);
        if (!(el instanceof HTMLInputElement)) return;
        const type = String(this.data.type);
        el.type = this.data.password || type === 'safe-password' ? 'password' : 'text';
        el.inputMode = type === 'number' ? 'numeric' : type === 'digit' ? 'decimal' : 'text';
      },
      placeholder(this: BuiltinThis, text: string) {
        const p = placeholder(this);
        if (p) p.textContent = text ?? '';
      },
      'placeholderClass, placeholderStyle'(this: BuiltinThis) {
        const p = placeholder(this);
        if (!p) return;
        p.className = [
          'wx-placeholder',
          ...resolveClasses(this, String(this.data.placeholderClass ?? '')),
        ].join(' ');
        p.setAttribute('style', rpxToPx(String(this.data.placeholderStyle ?? '')));
      },
      disabled(this: BuiltinThis, disabled: boolean) {
        field(this).disabled = !!disabled;
        reflect(this, 'disabled', disabled);
      },
      maxlength(this: BuiltinThis, max: number) {
        const el = field(this);
        if (max >= 0) el.maxLength = max;
        else el.removeAttribute('maxlength');
      },
      focus(this: BuiltinThis, focus: boolean) {
        if (focus) queueMicrotask(() => field(this).focus());
      },
      autoHeight(this: BuiltinThis, on: boolean) {
        reflect(this, 'auto-height', on);
        autoHeight(this);
      },
    },
    methods: {
      _reset(this: BuiltinThis) {
        this.setData({ value: '' });
      },
    },
  });
}

function defineForm(): void {
  defineBuiltin('form', {
    properties: { reportSubmit: Boolean },
    attached(this: BuiltinThis) {
      const form = this._exparserNode;
      form.addListener('formSubmit', () => {
        const value: Record<string, unknown> = {};
        walk(form, (node) => {
          if (node === form) return;
          const data = node.data as Record<string, unknown> | undefined;
          const name = data?.name;
          if (typeof name !== 'string' || !name) return;
          if (exparser.Component.hasPublicProperty(node, 'value') || isBuiltin(node, 'switch'))
            value[name] = isBuiltin(node, 'switch') ? !!data?.checked : data?.value;
        });
        this.triggerEvent('submit', { value });
        return false;
      });
      form.addListener('formReset', () => {
        walk(form, (node) => {
          if (node !== form) (caller(node) as { _reset?: () => void })._reset?.();
        });
        this.triggerEvent('reset', {});
        return false;
      });
    },
  });
}

function defineToggles(): void {
  defineBuiltin('switch', {
    template: '',
    properties: {
      checked: Boolean,
      disabled: Boolean,
      type: { type: String, value: 'switch' },
      color: { type: String, value: '#04BE02' },
      name: String,
    },
    observers: {
      'checked, disabled, type, color'(this: BuiltinThis) {
        reflect(this, 'checked', this.data.checked);
        reflect(this, 'disabled', this.data.disabled);
        reflect(this, 'type', this.data.type);
        host(this).style.setProperty('--wx-switch-color', String(this.data.color));
      },
    },
    attached(this: BuiltinThis) {
      this._exparserNode.addListener('tap', () => (this as Toggle)._labelTap());
    },
    methods: {
      _labelTap(this: BuiltinThis) {
        if (this.data.disabled) return;
        this.setData({ checked: !this.data.checked });
        this.triggerEvent('change', { value: this.data.checked });
      },
      _reset(this: BuiltinThis) {
        this.setData({ checked: false });
      },
    },
  });

  for (const kind of ['checkbox', 'radio'] as const) {
    defineBuiltin(kind, {
      properties: {
        value: String,
        checked: Boolean,
        disabled: Boolean,
        color: String,
        name: String,
      },
      observers: {
        'checked, disabled, color'(this: BuiltinThis) {
          reflect(this, 'checked', this.data.checked);
          reflect(this, 'disabled', this.data.disabled);
          if (this.data.color)
            host(this).style.setProperty('--wx-check-color', String(this.data.color));
        },
      },
      attached(this: BuiltinThis) {
        this._exparserNode.addListener('tap', () => (this as Toggle)._labelTap());
      },
      methods: {
        _labelTap(this: BuiltinThis) {
          if (this.data.disabled) return;
          if (kind === 'radio' && this.data.checked) return;
          this.setData({ checked: !this.data.checked });
          this.triggerEvent(`_wx${kind}change`, {}, COMPOSED);
        },
      },
    });
    defineBuiltin(`${kind}-group`, {
      properties: { name: String, value: { type: null, value: kind === 'radio' ? '' : [] } },
      attached(this: BuiltinThis) {
        const group = this._exparserNode;
        group.addListener(`_wx${kind}change`, (event) => {
          const boxes: ExparserNode[] = [];
          walk(group, (n) => {
            if (isBuiltin(n, kind)) boxes.push(n);
          });
          if (kind === 'radio') {
            for (const box of boxes)
              if (box !== event.target && box.data.checked) caller(box).setData({ checked: false });
            const value = String(event.target.data.value ?? '');
            this.setData({ value });
            this.triggerEvent('change', { value });
          } else {
            const value = boxes
              .filter((b) => b.data.checked)
              .map((b) => String(b.data.value ?? ''));
            this.setData({ value });
            this.triggerEvent('change', { value });
          }
          return false;
        });
      },
    });
  }
}

function defineSlider(): void {
  defineBuiltin('slider', {
    template: '',
    properties: {
      min: { type: Number, value: 0 },
      max: { type: Number, value: 100 },
      step: { type: Number, value: 1 },
      value: { type: Number, value: 0 },
      disabled: Boolean,
      showValue: Boolean,
      activeColor: { type: String, value: '#1aad19' },
      name: String,
    },
    created(this: BuiltinThis) {
      const range = adopt(this, document.createElement('input'));
      range.type = 'range';
      const label = document.createElement('span');
      label.className = 'wx-slider-value';
      host(this).append(range, label);
      range.addEventListener('input', () => {
        this.triggerEvent('changing', { value: Number(range.value) });
        label.textContent = this.data.showValue ? range.value : '';
      });
      range.addEventListener('change', () => {
        this.setData({ value: Number(range.value) });
        this.triggerEvent('change', { value: Number(range.value) });
      });
    },
    observers: {
      '**'(this: BuiltinThis) {
        const range = host(this).querySelector('input') as HTMLInputElement;
        const label = host(this).querySelector('.wx-slider-value') as HTMLElement;
        range.min = String(this.data.min);
        range.max = String(this.data.max);
        range.step = String(this.data.step);
        range.value = String(this.data.value);
        range.disabled = !!this.data.disabled;
        range.style.accentColor = String(this.data.activeColor);
        label.textContent = this.data.showValue ? String(this.data.value) : '';
      },
    },
  });
}

function definePicker(): void {
  defineBuiltin('picker', {
    properties: {
      mode: { type: String, value: 'selector' },
      range: { type: Array, value: [] },
      rangeKey: String,
      value: { type: null, value: null },
      start: String,
      end: String,
      fields: { type: String, value: 'day' },
      disabled: Boolean,
      headerText: String,
      name: String,
    },
    attached(this: BuiltinThis) {
      this._exparserNode.addListener('tap', () => {
        if (this.data.disabled) return;
        void pickerSheet({
          mode: String(this.data.mode),
          range: (this.data.range as unknown[]) ?? [],
          rangeKey: this.data.rangeKey as string | undefined,
          value: this.data.value,
          start: this.data.start as string | undefined,
          end: this.data.end as string | undefined,
          fields: String(this.data.fields),
          headerText: this.data.headerText as string | undefined,
          onColumnChange: (column, value) => this.triggerEvent('columnchange', { column, value }),
        }).then((value) => {
          if (value === undefined) return this.triggerEvent('cancel', {});
          this.setData({ value });
          return this.triggerEvent('change', { value });
        });
      });
    },
  });

  // picker-view: each column scrolls; the item under the indicator is the value.
  defineBuiltin('picker-view', {
    properties: {
      value: { type: Array, value: [] },
      indicatorStyle: String,
      indicatorClass: String,
      maskStyle: String,
      maskClass: String,
      immediateChange: Boolean,
    },
    attached(this: BuiltinThis) {
      const view = this._exparserNode;
      view.addListener('_wxcolumnchange', () => {
        const value: number[] = [];
        walk(view, (n) => {
          if (isBuiltin(n, 'picker-view-column')) value.push(Number(n.data.current ?? 0));
        });
        this.setData({ value });
        this.triggerEvent('change', { value });
        return false;
      });
    },
    observers: {
      value(this: BuiltinThis, value: number[]) {
        let i = 0;
        walk(this._exparserNode, (n) => {
          if (isBuiltin(n, 'picker-view-column')) caller(n).setData({ current: value?.[i++] ?? 0 });
        });
      },
    },
  });
  defineBuiltin('picker-view-column', {
    properties: { current: { type: Number, value: 0 } },
    attached(this: BuiltinThis) {
      const el = host(this);
      let timer: ReturnType<typeof setTimeout> | undefined;
      el.addEventListener('scroll', () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const item = el.firstElementChild as HTMLElement | null;
          const height = item?.offsetHeight || 34;
          const current = Math.round(el.scrollTop / height);
          if (current !== this.data.current) {
            this.setData({ current });
            this.triggerEvent('_wxcolumnchange', {}, COMPOSED);
          }
        }, 120);
      });
    },
    observers: {
      current(this: BuiltinThis, current: number) {
        const el = host(this);
        requestAnimationFrame(() => {
          const item = el.firstElementChild as HTMLElement | null;
          el.scrollTop = current * (item?.offsetHeight || 34);
        });
      },
    },
  });
}

export function defineFormBuiltins(): void {
  defineButton();
  defineTextField({ tag: 'input', defaultMaxlength: 140 });
  defineTextField({ tag: 'textarea', defaultMaxlength: 140 });
  defineForm();
  defineToggles();
  defineSlider();
  definePicker();
}
