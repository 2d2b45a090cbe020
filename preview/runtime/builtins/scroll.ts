/** Scrolling built-ins: scroll-view, swiper (+ swiper-item), movable-area/-view. */
import { defineBuiltin, host, reflect, type BuiltinThis } from './define';

function px(value: unknown): number {
  const n = parseFloat(String(value ?? 0));
  return Number.isFinite(n) ? n : 0;
}

/** The element an id names in the template that holds `self` (scroll-into-view). */
function byId(self: BuiltinThis, id: string): HTMLElement | null {
  const root = self._exparserNode.ownerShadowRoot;
  const node = root?.querySelector(`#${id}`);
  return (node?.$$ as HTMLElement | undefined) ?? null;
}

function defineScrollView(): void {
  defineBuiltin('scroll-view', {
    properties: {
      scrollX: Boolean,
      scrollY: Boolean,
      upperThreshold: { type: null, value: 50 },
      lowerThreshold: { type: null, value: 50 },
      scrollTop: { type: null, value: null },
      scrollLeft: { type: null, value: null },
      scrollIntoView: String,
      scrollWithAnimation: Boolean,
      enableFlex: Boolean,
      showScrollbar: { type: Boolean, value: true },
      enhanced: Boolean,
      refresherEnabled: Boolean,
      refresherTriggered: Boolean,
    },
    attached(this: BuiltinThis) {
      const el = host(this);
      let last = { top: el.scrollTop, left: el.scrollLeft };
      let atLower = false;
      let atUpper = true;
      el.addEventListener('scroll', () => {
        const detail = {
          scrollTop: el.scrollTop,
          scrollLeft: el.scrollLeft,
          scrollHeight: el.scrollHeight,
          scrollWidth: el.scrollWidth,
          deltaX: el.scrollLeft - last.left,
          deltaY: el.scrollTop - last.top,
        };
        last = { top: el.scrollTop, left: el.scrollLeft };
        this.triggerEvent('scroll', detail);
        const vertical = !!this.data.scrollY;
        const pos = vertical ? el.scrollTop : el.scrollLeft;
        const size = vertical ? el.scrollHeight - el.clientHeight : el.scrollWidth - el.clientWidth;
        const lower = size - pos <= px(this.data.lowerThreshold);
        const upper = pos <= px(this.data.upperThreshold);
        if (lower && !atLower)
          this.triggerEvent('scrolltolower', { direction: vertical ? 'bottom' : 'right' });
        if (upper && !atUpper)
          this.triggerEvent('scrolltoupper', { direction: vertical ? 'top' : 'left' });
        atLower = lower;
        atUpper = upper;
      });
    },
    observers: {
      'scrollX, scrollY, enableFlex, showScrollbar'(this: BuiltinThis) {
        reflect(this, 'scroll-x', this.data.scrollX);
        reflect(this, 'scroll-y', this.data.scrollY);
        reflect(this, 'enable-flex', this.data.enableFlex);
        reflect(this, 'hide-scrollbar', this.data.showScrollbar === false);
      },
      scrollTop(this: BuiltinThis, top: unknown) {
        if (top === null || top === undefined || top === '') return;
        const el = host(this);
        requestAnimationFrame(() =>
          el.scrollTo({
            top: px(top),
            behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto',
          }),
        );
      },
      scrollLeft(this: BuiltinThis, left: unknown) {
        if (left === null || left === undefined || left === '') return;
        const el = host(this);
        requestAnimationFrame(() =>
          el.scrollTo({
            left: px(left),
            behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto',
          }),
        );
      },
      scrollIntoView(this: BuiltinThis, id: string) {
        if (!id) return;
        requestAnimationFrame(() => {
          const target = byId(this, id);
          const el = host(this);
          if (!target) return;
          const a = target.getBoundingClientRect();
          const b = el.getBoundingClientRect();
          el.scrollTo({
            top: el.scrollTop + a.top - b.top,
            left: el.scrollLeft + a.left - b.left,
            behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto',
          });
        });
      },
    },
  });
}

/**
 * swiper: the swiper-item elements sit side by side in a track moved by `current`. Dragging
 * (mouse or touch) past a fifth of the width turns the page.
 */
function defineSwiper(): void {
  const items = (self: BuiltinThis) =>
    [...host(self).children].filter((c) => c.tagName === 'WX-SWIPER-ITEM') as HTMLElement[];

  const layout = (self: BuiltinThis, animate: boolean) => {
    const list = items(self);
    const current = Number(self.data.current) || 0;
    const vertical = !!self.data.vertical;
    const shown = Math.max(1, Number(self.data.displayMultipleItems) || 1);
    list.forEach((item, i) => {
      // A percentage in translate() is of the item's own size: one step per item.
      const offset = (i - current) * 100;
      item.style.transition = animate ? `transform ${Number(self.data.duration)}ms ease` : 'none';
      item.style.transform = vertical ? `translateY(${offset}%)` : `translateX(${offset}%)`;
      item.style.width = vertical ? '100%' : `${100 / shown}%`;
    });
    const dots = host(self).querySelector<HTMLElement>('.wx-swiper-dots');
    if (dots) {
      dots.hidden = !self.data.indicatorDots;
      dots.replaceChildren(
        ...list.map((_, i) => {
          const dot = document.createElement('span');
          dot.className = 'wx-swiper-dot';
          dot.style.background = String(
            i === current ? self.data.indicatorActiveColor : self.data.indicatorColor,
          );
          return dot;
        }),
      );
    }
  };

  const go = (self: BuiltinThis, next: number, source: string) => {
    const n = items(self).length;
    if (n === 0) return;
    let current = next;
    if (current < 0 || current >= n) {
      if (!self.data.circular) current = Math.max(0, Math.min(n - 1, current));
      else current = (current + n) % n;
    }
    if (current === self.data.current) return layout(self, true);
    self.setData({ current });
    const itemId = (items(self)[current] as unknown as { __wxElement?: ExparserNode })?.__wxElement
      ?.data?.itemId;
    self.triggerEvent('change', { current, currentItemId: itemId ?? '', source });
    setTimeout(
      () => self.triggerEvent('animationfinish', { current, source }),
      Number(self.data.duration),
    );
    return undefined;
  };

  defineBuiltin('swiper', {
    properties: {
      indicatorDots: Boolean,
      indicatorColor: { type: String, value: 'rgba(0, 0, 0, .3)' },
      indicatorActiveColor: { type: String, value: '#000000' },
      autoplay: Boolean,
      current: { type: Number, value: 0 },
      interval: { type: Number, value: 5000 },
      duration: { type: Number, value: 500 },
      circular: Boolean,
      vertical: Boolean,
      displayMultipleItems: { type: Number, value: 1 },
      previousMargin: String,
      nextMargin: String,
    },
    created(this: BuiltinThis) {
      const dots = document.createElement('div');
      dots.className = 'wx-swiper-dots';
      host(this).appendChild(dots);
    },
    attached(this: BuiltinThis) {
      const el = host(this);
      // Items arrive and leave with wx:for: lay them out again whenever the children change.
      const observer = new MutationObserver(() => layout(this, false));
      observer.observe(el, { childList: true });
      (this as { _observer?: MutationObserver })._observer = observer;
      layout(this, false);
      let start: { x: number; y: number } | null = null;
      el.addEventListener('pointerdown', (e) => (start = { x: e.clientX, y: e.clientY }));
      el.addEventListener('pointerup', (e) => {
        if (!start) return;
        const vertical = !!this.data.vertical;
        const delta = vertical ? e.clientY - start.y : e.clientX - start.x;
        const size = vertical ? el.clientHeight : el.clientWidth;
        start = null;
        if (Math.abs(delta) > size / 5)
          go(this, Number(this.data.current) + (delta < 0 ? 1 : -1), 'touch');
      });
    },
    detached(this: BuiltinThis) {
      (this as { _observer?: MutationObserver })._observer?.disconnect();
      clearInterval((this as { _timer?: ReturnType<typeof setInterval> })._timer);
    },
    observers: {
      current(this: BuiltinThis) {
        layout(this, true);
      },
      'indicatorDots, indicatorColor, indicatorActiveColor, vertical, displayMultipleItems'(
        this: BuiltinThis,
      ) {
        reflect(this, 'vertical', this.data.vertical);
        layout(this, false);
      },
      'autoplay, interval'(this: BuiltinThis) {
        const self = this as BuiltinThis & { _timer?: ReturnType<typeof setInterval> };
        clearInterval(self._timer);
        if (this.data.autoplay)
          self._timer = setInterval(
            () => go(this, Number(this.data.current) + 1, 'autoplay'),
            Math.max(500, Number(this.data.interval)),
          );
      },
    },
  });
  defineBuiltin('swiper-item', { properties: { itemId: String, skipHiddenItemLayout: Boolean } });
}

function defineMovable(): void {
  defineBuiltin('movable-area', { properties: { scaleArea: Boolean } });
  defineBuiltin('movable-view', {
    properties: {
      direction: { type: String, value: 'none' },
      x: { type: null, value: 0 },
      y: { type: null, value: 0 },
      disabled: Boolean,
    },
    observers: {
      'x, y'(this: BuiltinThis) {
        host(this).style.transform = `translate(${px(this.data.x)}px, ${px(this.data.y)}px)`;
      },
    },
    attached(this: BuiltinThis) {
      const el = host(this);
      let start: { x: number; y: number; ox: number; oy: number } | null = null;
      el.addEventListener('pointerdown', (e) => {
        if (this.data.disabled || this.data.direction === 'none') return;
        start = { x: e.clientX, y: e.clientY, ox: px(this.data.x), oy: px(this.data.y) };
        el.setPointerCapture(e.pointerId);
      });
      el.addEventListener('pointermove', (e) => {
        if (!start) return;
        const dir = String(this.data.direction);
        const x = dir === 'vertical' ? start.ox : start.ox + e.clientX - start.x;
        const y = dir === 'horizontal' ? start.oy : start.oy + e.clientY - start.y;
        el.style.transform = `translate(${x}px, ${y}px)`;
        this.triggerEvent('change', { x, y, source: 'touch' });
      });
      el.addEventListener('pointerup', () => (start = null));
    },
  });
}

export function defineScrollBuiltins(): void {
  defineScrollView();
  defineSwiper();
  defineMovable();
}
