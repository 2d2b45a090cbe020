/**
 * wx storage on localStorage, one namespace per identity (WeChat keeps storage per user).
 * Values are stored serialized, so what comes back is a copy, as in WeChat.
 * The dev identity key that services/cloud.ts reads is answered by the identity bar.
 */
import { currentIdentity, setIdentity } from '../identity';
import { settle, wxError, type WxCallbacks } from './async';

/** miniprogram/config.ts DEV_OPENID_KEY (not imported: the runtime stays independent of the app). */
export const DEV_OPENID_KEY = 'gongzhi:devOpenid';

const prefix = () => `wx:${currentIdentity()}:`;

function read(key: string): unknown {
  if (key === DEV_OPENID_KEY) return currentIdentity();
  const raw = localStorage.getItem(prefix() + key);
  return raw === null ? undefined : (JSON.parse(raw) as unknown);
}

function write(key: string, data: unknown): void {
  if (key === DEV_OPENID_KEY) {
    setIdentity(String(data));
    return;
  }
  localStorage.setItem(prefix() + key, JSON.stringify(data) ?? 'null');
}

function keys(): string[] {
  const p = prefix();
  return Object.keys(localStorage)
    .filter((k) => k.startsWith(p))
    .map((k) => k.slice(p.length));
}

function clear(): void {
  for (const key of keys()) localStorage.removeItem(prefix() + key);
}

type Options<T> = T & WxCallbacks;

export const storageApi = {
  getStorageSync: (key: string) => read(key) ?? '',
  setStorageSync: (key: string, data: unknown) => write(key, data),
  removeStorageSync: (key: string) => localStorage.removeItem(prefix() + key),
  clearStorageSync: clear,
  getStorageInfoSync: () => ({ keys: keys(), currentSize: 0, limitSize: 10240 }),
  getStorage: (o: Options<{ key: string }>) =>
    settle('getStorage', o, () => {
      const data = read(o.key);
      if (data === undefined) throw wxError('getStorage', 'data not found');
      return { data };
    }),
  setStorage: (o: Options<{ key: string; data: unknown }>) =>
    settle('setStorage', o, () => {
      write(o.key, o.data);
      return {};
    }),
  removeStorage: (o: Options<{ key: string }>) =>
    settle('removeStorage', o, () => {
      localStorage.removeItem(prefix() + o.key);
      return {};
    }),
  clearStorage: (o?: WxCallbacks) =>
    settle('clearStorage', o, () => {
      clear();
      return {};
    }),
  getStorageInfo: (o?: WxCallbacks) =>
    settle('getStorageInfo', o, () => ({ keys: keys(), currentSize: 0, limitSize: 10240 })),
};
