/** The success/fail/complete trio every asynchronous wx API accepts. */
export interface WxCallbacks<R = unknown> {
  success?: (res: R) => void;
  fail?: (err: WxError) => void;
  complete?: (res: R | WxError) => void;
}

export interface WxError {
  errMsg: string;
  errCode?: number;
  errno?: number;
}

export function wxError(api: string, message: string, extra: Partial<WxError> = {}): WxError {
  return { errMsg: `${api}:fail ${message}`, ...extra };
}

/**
 * Settles `run` the way WeChat does: with any callback given, the callbacks fire and nothing is
 * returned; without callbacks a Promise is returned. Never both, as in the real base library.
 */
export function settle<R>(options: WxCallbacks<R>, run: () => Promise<R>): Promise<R> | undefined {
  const promise = run();
  if (!options.success && !options.fail && !options.complete) return promise;
  promise.then(
    (res) => {
      options.success?.(res);
      options.complete?.(res);
    },
    (err: WxError) => {
      options.fail?.(err);
      options.complete?.(err);
    },
  );
  return undefined;
}
