/**
 * Where an image source points in the preview. Mini-program paths are served by the preview
 * server under /mp/. A `cloud://` file id goes to the local CloudBase's storage, which, like the
 * cloud under the project's storage rules, refuses a direct read: pages show stored photos by
 * the temporary URLs functions hand out. Remote URLs are not loaded: the preview never leaves
 * 127.0.0.1.
 */
const warned = new Set<string>();

export const ASSET_URL = '/mp';

function isLoopback(url: URL): boolean {
  return (
    ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.origin === location.origin
  );
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

/** cloud://env.bucket/path/to/file → the local CloudBase's storage, read unsigned (refused). */
export function cloudFileUrl(fileId: string): string {
  const path = fileId.replace(/^cloud:\/\/[^/]+\//, '');
  const gateway = window.__GONGZHI_PREVIEW__?.gatewayUrl ?? '';
  return `${gateway}/storage/files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function resolveAsset(src: string | undefined | null, ownerId: string): string | null {
  if (!src) return null;
  if (/^(data|blob):/.test(src)) return src;
  if (src.startsWith('cloud://')) return cloudFileUrl(src);
  if (/^(https?:)?\/\//.test(src)) {
    const url = new URL(src, location.href);
    if (isLoopback(url)) return url.href;
    if (!warned.has(src)) {
      warned.add(src);
      console.warn(`[preview] not loading remote image ${src}: the preview stays on 127.0.0.1`);
    }
    return null;
  }
  if (src.startsWith('/')) return `${ASSET_URL}/${normalize(src)}`;
  const dir = ownerId.split('/').slice(0, -1).join('/');
  return `${ASSET_URL}/${normalize(`${dir}/${src}`)}`;
}
