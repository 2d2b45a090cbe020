/**
 * Choosing files: the browser's file picker stands in for the album, the camera and a chat's
 * files. A chosen file becomes a `blob:` URL, which works as a temp path everywhere the app
 * uses one (image src, uploadFile, wx.cloud.uploadFile).
 */
import { settle, wxError, type WxCallbacks } from './async';
import { previewImages } from '../ui';

export interface ChosenFile {
  url: string;
  file: File;
}

/** Opens the file picker; rejects with 'cancel' when the user closes it. */
export function chooseFiles(o: { accept?: string; count?: number }): Promise<ChosenFile[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = o.accept ?? '';
    input.multiple = (o.count ?? 1) > 1;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])].slice(0, o.count ?? 9);
      input.remove();
      resolve(files.map((file) => ({ file, url: URL.createObjectURL(file) })));
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject(new Error('cancel'));
    });
    document.body.append(input);
    input.click();
  });
}

function imageSize(url: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve({ width: 0, height: 0 });
    img.src = url;
  });
}

function accept(mediaType: string[] | undefined): string {
  const types = mediaType ?? ['image', 'video'];
  return types.includes('mix') ? 'image/*,video/*' : types.map((t) => `${t}/*`).join(',');
}

type O = WxCallbacks<Record<string, unknown>>;

export const mediaApi = {
  chooseMedia: (o: O & { count?: number; mediaType?: string[] }) =>
    settle('chooseMedia', o, async () => {
      const files = await chooseFiles({ accept: accept(o.mediaType), count: o.count ?? 9 }).catch(
        () => {
          throw wxError('chooseMedia', 'cancel');
        },
      );
      const tempFiles = await Promise.all(
        files.map(async ({ file, url }) => ({
          tempFilePath: url,
          size: file.size,
          fileType: file.type.startsWith('video') ? 'video' : 'image',
          ...(file.type.startsWith('image') ? await imageSize(url) : {}),
        })),
      );
      return { tempFiles, type: tempFiles.every((f) => f.fileType === 'image') ? 'image' : 'mix' };
    }),
  chooseImage: (o: O & { count?: number }) =>
    settle('chooseImage', o, async () => {
      const files = await chooseFiles({ accept: 'image/*', count: o.count ?? 9 }).catch(() => {
        throw wxError('chooseImage', 'cancel');
      });
      return {
        tempFilePaths: files.map((f) => f.url),
        tempFiles: files.map(({ file, url }) => ({ path: url, size: file.size })),
      };
    }),
  chooseMessageFile: (o: O & { count?: number; type?: string; extension?: string[] }) =>
    settle('chooseMessageFile', o, async () => {
      const acceptList =
        o.type === 'image'
          ? 'image/*'
          : o.type === 'video'
            ? 'video/*'
            : (o.extension ?? []).map((e) => `.${e.replace(/^\./, '')}`).join(',');
      const files = await chooseFiles({ accept: acceptList, count: o.count ?? 1 }).catch(() => {
        throw wxError('chooseMessageFile', 'cancel');
      });
      return {
        tempFiles: files.map(({ file, url }) => ({
          path: url,
          size: file.size,
          name: file.name,
          type: file.type.startsWith('image')
            ? 'image'
            : file.type.startsWith('video')
              ? 'video'
              : 'file',
          time: Math.floor(file.lastModified / 1000),
        })),
      };
    }),
  getImageInfo: (o: O & { src: string }) =>
    settle('getImageInfo', o, async () => ({
      ...(await imageSize(o.src)),
      path: o.src,
      type: 'unknown',
      orientation: 'up',
    })),
  compressImage: (o: O & { src: string }) =>
    settle('compressImage', o, () => ({ tempFilePath: o.src })),
  previewImage: (o: O & { urls: string[]; current?: string }) =>
    settle('previewImage', o, () => {
      previewImages(o.urls, o.current ?? o.urls[0]);
      return {};
    }),
  previewMedia: (o: O & { sources: Array<{ url: string }>; current?: number }) =>
    settle('previewMedia', o, () => {
      const urls = o.sources.map((s) => s.url);
      previewImages(urls, urls[o.current ?? 0]);
      return {};
    }),
  saveImageToPhotosAlbum: (o: O & { filePath: string }) =>
    settle('saveImageToPhotosAlbum', o, () => {
      const a = document.createElement('a');
      a.href = o.filePath;
      a.download = 'image';
      a.click();
      return {};
    }),
};
