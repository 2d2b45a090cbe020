import { postFile, wechatClient } from './cloud';
import { httpRequest, parseJson } from './http';
import { settle, wxError, type WxCallbacks } from './wx-async';
import { wxObject, type WxFunction } from './wx-global';
import { wxLog, type NavigationApi } from './wx-log';

/**
 * wx APIs that page tests must observe or that miniprogram-simulate only stubs
 * (its storage forgets, its wx.request never hits the network, its navigation is not recorded).
 * Everything else stays simulate's. Where simulate's stub already behaves like WeChat
 * (toast, navigation), we record and then delegate to it.
 */

export interface ModalAnswer {
  confirm: boolean;
  /** What the user typed, for modals opened with editable: true. */
  content?: string;
}
type ModalAnswerer = ModalAnswer | ((options: { title?: string; content?: string }) => ModalAnswer);
type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

let modalAnswer: ModalAnswerer = { confirm: true };
let subscribeAnswer: SubscribeAnswer = 'accept';
let paymentAnswer: PaymentAnswer = 'paid';
// Values are kept serialized, as WeChat does: what comes back is a copy, not the stored object.
const storage = new Map<string, string>();

/** How the user answers the next wx.showModal calls (default: confirm). */
export function answerModal(answer: ModalAnswerer): void {
  modalAnswer = answer;
}

/** How the user answers wx.requestSubscribeMessage, for every template (default: accept). */
export function answerSubscribe(answer: SubscribeAnswer): void {
  subscribeAnswer = answer;
}

/** What happens on WeChat's payment sheet (default: the donor pays). */
export type PaymentAnswer = 'paid' | 'failed' | 'cancel';
export function answerPayment(answer: PaymentAnswer): void {
  paymentAnswer = answer;
}

export function resetWxApi(): void {
  storage.clear();
  modalAnswer = { confirm: true };
  subscribeAnswer = 'accept';
  paymentAnswer = 'paid';
}

type Options<T = Record<string, unknown>> = T & WxCallbacks;

function storageApis(): Record<string, WxFunction> {
  const read = (key: string): unknown => {
    const raw = storage.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  };
  const write = (key: string, data: unknown): void => {
    storage.set(key, JSON.stringify(data) ?? 'null');
  };
  return {
    getStorageSync: (key: string) => read(key) ?? '',
    setStorageSync: (key: string, data: unknown) => write(key, data),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }),
    getStorage: (o: Options<{ key: string }>) =>
      settle(o, async () => {
        const data = read(o.key);
        if (data === undefined) throw wxError('getStorage', 'data not found');
        return { errMsg: 'getStorage:ok', data };
      }),
    setStorage: (o: Options<{ key: string; data: unknown }>) =>
      settle(o, async () => {
        write(o.key, o.data);
        return { errMsg: 'setStorage:ok' };
      }),
    removeStorage: (o: Options<{ key: string }>) =>
      settle(o, async () => {
        storage.delete(o.key);
        return { errMsg: 'removeStorage:ok' };
      }),
    clearStorage: (o: Options = {}) =>
      settle(o, async () => {
        storage.clear();
        return { errMsg: 'clearStorage:ok' };
      }),
  };
}

interface RequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  timeout?: number;
  dataType?: string;
  success?: (res: Record<string, unknown>) => void;
  fail?: (err: { errMsg: string; errno?: number }) => void;
  complete?: (res: unknown) => void;
}

function encodeForm(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** wx.request over real HTTP, with WeChat's data encoding rules and result shape. */
function request(options: RequestOptions) {
  const method = (options.method ?? 'GET').toUpperCase();
  const header: Record<string, string> = { 'content-type': 'application/json', ...options.header };
  const contentType = Object.entries(header).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  let url = options.url;
  let body: string | undefined;
  const { data } = options;
  if (method === 'GET' && data && typeof data === 'object') {
    const query = encodeForm(data as Record<string, unknown>);
    if (query) url += (url.includes('?') ? '&' : '?') + query;
  } else if (typeof data === 'string') {
    body = data;
  } else if (data !== undefined) {
    body = contentType?.includes('x-www-form-urlencoded')
      ? encodeForm(data as Record<string, unknown>)
      : JSON.stringify(data);
  }
  wxLog.requests.push({ method, url, data });

  const call = httpRequest(url, { method, headers: header, body, timeoutMs: options.timeout });
  let aborted = false;
  call.response.then(
    (res) => {
      // dataType json (the default) parses when it can and otherwise hands back the text.
      const parsed =
        options.dataType === 'json' || !options.dataType ? parseJson(res.body) : undefined;
      const result = {
        errMsg: 'request:ok',
        statusCode: res.status,
        header: res.headers,
        data: parsed ?? res.body,
        cookies: [],
      };
      options.success?.(result);
      options.complete?.(result);
    },
    (err: Error) => {
      const failure = { errMsg: `request:fail ${aborted ? 'abort' : err.message}`, errno: 600001 };
      options.fail?.(failure);
      options.complete?.(failure);
    },
  );
  const noop = (): void => undefined;
  return {
    abort: () => {
      aborted = true;
      call.abort();
    },
    onHeadersReceived: noop,
    offHeadersReceived: noop,
    onChunkReceived: noop,
    offChunkReceived: noop,
  };
}

const NAVIGATION_APIS: NavigationApi[] = [
  'navigateTo',
  'redirectTo',
  'navigateBack',
  'switchTab',
  'reLaunch',
];

export function installWxApi(): void {
  const wx = wxObject();
  const simulated = { ...wx } as Record<string, WxFunction>;

  wx.showToast = (o: Options<{ title: string; icon?: string; duration?: number }>) => {
    wxLog.toasts.push({ title: o.title, icon: o.icon, duration: o.duration });
    return simulated.showToast(o);
  };

  wx.showModal = (o: Options<{ title?: string; content?: string }> = {}) => {
    wxLog.modals.push({ title: o.title, content: o.content });
    const answer = typeof modalAnswer === 'function' ? modalAnswer(o) : modalAnswer;
    return settle(o, async () => ({
      errMsg: 'showModal:ok',
      confirm: answer.confirm,
      cancel: !answer.confirm,
      ...(answer.content !== undefined ? { content: answer.content } : {}),
    }));
  };

  for (const api of NAVIGATION_APIS) {
    wx[api] = (o: Options<{ url?: string; delta?: number }> = {}) => {
      wxLog.navigations.push({
        api,
        ...(o.url !== undefined ? { url: o.url } : {}),
        ...(api === 'navigateBack' ? { delta: o.delta ?? 1 } : {}),
      });
      return simulated[api](o);
    };
  }

  Object.assign(wx, storageApis());
  wx.request = request;

  // wx.uploadFile over real HTTP (multipart, as WeChat sends it); the page's header wins.
  wx.uploadFile = (
    o: Options<{
      url: string;
      filePath: string;
      name: string;
      formData?: Record<string, string>;
      header?: Record<string, string>;
    }>,
  ) => {
    wxLog.uploads.push({ url: o.url, formData: o.formData ?? {} });
    return settle(o, async () => {
      const res = await postFile(o.url, o.filePath, o.formData, o.header);
      return { errMsg: 'uploadFile:ok', statusCode: res.status, data: res.body };
    });
  };

  // The consent dialog: what the user accepts, WeChat (the local CloudBase) records.
  wx.requestSubscribeMessage = (o: Options<{ tmplIds: string[] }>) => {
    wxLog.subscriptions.push({ tmplIds: [...o.tmplIds] });
    return settle(o, async () => {
      if (subscribeAnswer === 'reject')
        return {
          errMsg: 'requestSubscribeMessage:ok',
          ...Object.fromEntries(o.tmplIds.map((id) => [id, 'reject'])),
        };
      return (await wechatClient('requestSubscribeMessage', { tmplIds: o.tmplIds })).answer;
    });
  };

  // The payment sheet: the donor pays (WeChat then calls the fund back), the bank declines, or
  // the donor closes it.
  wx.requestPayment = (o: Options<{ package?: string }>) => {
    wxLog.payments.push({ package: o.package, answer: paymentAnswer });
    return settle(o, async () => {
      if (paymentAnswer === 'cancel') throw { errMsg: 'requestPayment:fail cancel' };
      const { status, answer } = await wechatClient('requestPayment', {
        package: o.package,
        outcome: paymentAnswer,
      });
      if (status !== 200) throw answer;
      return answer;
    });
  };
}
