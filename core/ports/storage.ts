import type { Photo } from '../../typings/api';

/**
 * The storage port: reading the files residents upload (evidence photos, attachments). The
 * mini-program uploads straight to cloud storage (wx.cloud.uploadFile); the storage rules deny
 * every direct read, so a file is seen only through a temporary URL that a function hands to
 * someone allowed to see the document holding it. Adapter: ports/wechat/storage.ts; the local
 * CloudBase answers the same SDK call (local/storage.ts).
 */
export interface StoragePort {
  /** Temporary URLs of this environment's files; a file that is gone is left out. */
  readUrls(fileIds: readonly string[]): Promise<Map<string, string>>;
}

/** How long a handed-out URL works: long enough to look, short enough not to travel far. */
export const TEMP_URL_SECONDS = 10 * 60;

/** The photos of a document, with the URLs to show them (one storage call for all of them). */
export async function photosOf(storage: StoragePort, fileIds: readonly string[]): Promise<Photo[]> {
  if (fileIds.length === 0) return [];
  const urls = await storage.readUrls(fileIds);
  return fileIds.flatMap((fileId) => {
    const url = urls.get(fileId);
    return url ? [{ fileId, url }] : [];
  });
}
