/**
 * WeChat's calling convention: `{ success, fail, complete }` callbacks, or a promise when none
 * is given. Failures carry `errMsg: '<api>:fail <reason>'`.
 */
export interface WxCallbacks<T = unknown> {
  success?: (res: T) => void;
  fail?: (err: WxError) => void;
  complete?: (res: T | WxError) => void;
}

export interface WxError {
  errMsg: string;
  errno?: number;
  [key: string]: unknown;
}

export function wxError(api: string, reason: string, extra: Record<string, unknown> = {}): WxError {
  return { errMsg: `${api}:fail ${reason}`, ...extra };
}

function isWxError(err: unknown): err is WxError {
  return typeof err === 'object' && err !== null && typeof (err as WxError).errMsg === 'string';
}

export function settle<T extends object>(
  api: string,
  options: WxCallbacks<T> | undefined,
  run: () => Promise<T> | T,
): Promise<T> | undefined {
  const o = options ?? {};
  const usesCallbacks = !!(o.success || o.fail || o.complete);
  const promise = Promise.resolve()
    .then(run)
    .then((res) => ({ errMsg: `${api}:ok`, ...res }) as T);
  if (!usesCallbacks) {
    return promise.catch((err: unknown) => {
      throw isWxError(err) ? err : wxError(api, err instanceof Error ? err.message : String(err));
    });
  }
  promise.then(
    (res) => {
      o.success?.(res);
      o.complete?.(res);
    },
    (err: unknown) => {
      const e = isWxError(err)
        ? err
        : wxError(api, err instanceof Error ? err.message : String(err));
      o.fail?.(e);
      o.complete?.(e);
    },
  );
  return undefined;
}
