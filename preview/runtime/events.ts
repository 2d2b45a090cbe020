/**
 * Mouse → touch. exparser makes `tap` (and longpress) from touch events only, and WeChat pages
 * also bind touchstart/touchmove/touchend directly (sliders, swipe cells). A desktop browser
 * sends mouse events, so each left-button press is replayed as a touch sequence on the same
 * target; j-component's page root listens for those and does the rest. Real touch screens send
 * their own touch events; the mouse events the browser emulates after them are ignored.
 */
let lastRealTouch = 0;
let pressed: EventTarget | null = null;
let touchId = 0;

function toTouch(e: MouseEvent, target: EventTarget): Touch {
  return new Touch({
    identifier: touchId,
    target,
    clientX: e.clientX,
    clientY: e.clientY,
    pageX: e.pageX,
    pageY: e.pageY,
    screenX: e.screenX,
    screenY: e.screenY,
  });
}

/** The nearest element exparser knows (DOM that built-ins create carries __wxElement too). */
function exparserTarget(target: EventTarget | null): Element | null {
  let el = target instanceof Element ? target : null;
  while (el && !(el as unknown as { __wxElement?: unknown }).__wxElement) el = el.parentElement;
  return el;
}

function replay(
  type: 'touchstart' | 'touchmove' | 'touchend',
  e: MouseEvent,
  target: EventTarget,
): void {
  const touch = toTouch(e, target);
  const active = type === 'touchend' ? [] : [touch];
  target.dispatchEvent(
    new TouchEvent(type, {
      bubbles: true,
      cancelable: true,
      composed: true,
      touches: active,
      targetTouches: active,
      changedTouches: [touch],
    }),
  );
}

export function installMouseAsTouch(screen: HTMLElement): void {
  screen.addEventListener(
    'touchstart',
    (e) => {
      if (e.isTrusted) lastRealTouch = Date.now();
    },
    { capture: true, passive: true },
  );
  screen.addEventListener(
    'mousedown',
    (e) => {
      if (e.button !== 0 || Date.now() - lastRealTouch < 1000) return;
      const target = exparserTarget(e.target);
      if (!target) return;
      pressed = target;
      touchId++;
      replay('touchstart', e, target);
    },
    true,
  );
  window.addEventListener(
    'mousemove',
    (e) => {
      if (pressed && e.buttons & 1) replay('touchmove', e, pressed);
    },
    true,
  );
  window.addEventListener(
    'mouseup',
    (e) => {
      if (!pressed || e.button !== 0) return;
      const target = pressed;
      pressed = null;
      replay('touchend', e, target);
    },
    true,
  );
}
