/**
 * wx.getFileSystemManager(), enough for what pages do with chosen files: read them (the temp
 * paths are blob: URLs) and keep small files of their own under wxfile://usr/, in memory.
 */
import { settle, wxError, type WxCallbacks } from './async';

const files = new Map<string, Uint8Array>();

/** In slices: `String.fromCharCode(...bytes)` overflows the stack on a file of a few hundred KB. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function decode(bytes: Uint8Array, encoding?: string): string | ArrayBuffer {
  if (!encoding || encoding === 'binary') return bytes.slice().buffer;
  if (encoding === 'base64') return toBase64(bytes);
  return new TextDecoder(encoding === 'utf-8' ? 'utf8' : encoding).decode(bytes);
}

function encode(data: string | ArrayBuffer, encoding?: string): Uint8Array {
  if (typeof data !== 'string') return new Uint8Array(data);
  if (encoding === 'base64') return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return new TextEncoder().encode(data);
}

/** Reads a temp or local file synchronously (sync XHR still works for blob: URLs). */
function readSync(filePath: string): Uint8Array {
  const own = files.get(filePath);
  if (own) return own;
  const xhr = new XMLHttpRequest();
  xhr.open('GET', filePath, false);
  xhr.overrideMimeType('text/plain; charset=x-user-defined');
  try {
    xhr.send();
  } catch {
    throw wxError('readFile', `no such file or directory, open ${filePath}`);
  }
  if (xhr.status !== 200 && xhr.status !== 0)
    throw wxError('readFile', `no such file or directory, open ${filePath}`);
  const text = xhr.responseText;
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

type O<T> = WxCallbacks<Record<string, unknown>> & T;

export function fileSystemManager() {
  return {
    readFile: (o: O<{ filePath: string; encoding?: string }>) =>
      settle('readFile', o, async () => {
        const own = files.get(o.filePath);
        if (own) return { data: decode(own, o.encoding) };
        const res = await fetch(o.filePath).catch(() => null);
        if (!res?.ok) throw wxError('readFile', `no such file or directory, open ${o.filePath}`);
        return { data: decode(new Uint8Array(await res.arrayBuffer()), o.encoding) };
      }),
    readFileSync: (filePath: string, encoding?: string) => decode(readSync(filePath), encoding),
    writeFile: (o: O<{ filePath: string; data: string | ArrayBuffer; encoding?: string }>) =>
      settle('writeFile', o, () => {
        files.set(o.filePath, encode(o.data, o.encoding));
        return {};
      }),
    writeFileSync: (filePath: string, data: string | ArrayBuffer, encoding?: string) =>
      void files.set(filePath, encode(data, encoding)),
    access: (o: O<{ path: string }>) =>
      settle('access', o, () => {
        if (!files.has(o.path) && !o.path.startsWith('blob:'))
          throw wxError('access', `no such file or directory ${o.path}`);
        return {};
      }),
    accessSync: (p: string) => {
      if (!files.has(p) && !p.startsWith('blob:'))
        throw new Error(`no such file or directory ${p}`);
    },
    unlink: (o: O<{ filePath: string }>) =>
      settle('unlink', o, () => {
        files.delete(o.filePath);
        return {};
      }),
    unlinkSync: (filePath: string) => void files.delete(filePath),
    getFileInfo: (o: O<{ filePath: string }>) =>
      settle('getFileInfo', o, () => ({ size: readSync(o.filePath).length })),
    stat: (o: O<{ path: string }>) =>
      settle('stat', o, () => ({
        stats: { size: readSync(o.path).length, isFile: () => true, isDirectory: () => false },
      })),
    mkdir: (o: O<{ dirPath: string }>) => settle('mkdir', o, () => ({})),
    mkdirSync: () => undefined,
  };
}
