/**
 * The global `wx` as a plain record. The tests' program must not load miniprogram-api-typings
 * (its global `require` type breaks node code; with the DOM typings it loses Component() `this`
 * types, see NOTES), so the harness types only what it touches.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WxFunction = (...args: any[]) => any;

export function wxObject(): Record<string, unknown> {
  return (globalThis as unknown as { wx: Record<string, unknown> }).wx;
}

/** `wx.<name>`, for tests: `wxApi('getStorageSync')('key')`. */
export function wxFunction(name: string): WxFunction {
  const fn = wxObject()[name];
  if (typeof fn !== 'function') throw new Error(`wx.${name} is not provided`);
  return fn as WxFunction;
}
