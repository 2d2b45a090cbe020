import { backendConfig, DEV_OPENID_KEY } from '../config';
import { backendMode } from './backend';

/**
 * Photos that evidence something (a receipt, a transfer screenshot, a paper ballot, a hearing)
 * or illustrate a proposal: chosen with wx.chooseMedia and uploaded to cloud storage, answering
 * the file ids the functions accept, each with the phone's own copy to show it by. Nobody reads
 * storage directly: pages show a stored photo through the temporary URL a function hands to
 * those allowed to see it (the `photos` actions).
 */
export async function choosePhotos(
  folder: string,
  room: number,
): Promise<Array<{ fileId: string; url: string }>> {
  if (room <= 0) return [];
  let files: WechatMiniprogram.MediaFile[];
  try {
    ({ tempFiles: files } = await wx.chooseMedia({
      count: room,
      mediaType: ['image'],
      sizeType: ['compressed'],
    }));
  } catch {
    return []; // the user closed the chooser
  }
  const stamp = Date.now();
  const uploaded = await Promise.all(
    files.map((f, i) => {
      const name =
        /[^/]+$/.exec(f.tempFilePath)?.[0]?.replace(/[^A-Za-z0-9._-]/g, '') || 'photo.jpg';
      return upload(`${folder}/${stamp}-${i}-${name}`, f.tempFilePath).then(
        // Shown from the copy on this phone: storage lets nobody read it back directly.
        (fileId) => ({ fileId, url: f.tempFilePath }),
        () => null,
      );
    }),
  );
  const done = uploaded.filter((p): p is { fileId: string; url: string } => p !== null);
  if (done.length < files.length)
    void wx.showToast({ title: '有照片没有传上去，请再添加一次', icon: 'none', duration: 3000 });
  return done;
}

/** Where a photo goes: cloud storage; on a development build, the local CloudBase's. */
async function upload(cloudPath: string, filePath: string): Promise<string> {
  if (backendMode() === 'cloud') return (await wx.cloud.uploadFile({ cloudPath, filePath })).fileID;
  const openid = wx.getStorageSync(DEV_OPENID_KEY) as string;
  const res = await new Promise<WechatMiniprogram.UploadFileSuccessCallbackResult>(
    (resolve, reject) =>
      wx.uploadFile({
        url: `${backendConfig.gatewayUrl}/storage/upload`,
        filePath,
        name: 'file',
        formData: { cloudPath },
        header: openid ? { 'X-Dev-Openid': openid } : {},
        success: resolve,
        fail: reject,
      }),
  );
  const { fileID } = JSON.parse(res.data) as { fileID?: string };
  if (res.statusCode !== 200 || !fileID) throw new Error(`upload failed: ${res.data}`);
  return fileID;
}

/** Shows photos full screen, by the temporary URLs a function answered. */
export function showPhotos(photos: Array<{ url: string }>, current = 0): void {
  if (photos.length === 0) return;
  void wx.previewImage({ urls: photos.map((p) => p.url), current: photos[current]?.url });
}

/** File id → the URL to show it by, for `<image src="{{previews[id]}}">`. */
export const previewsOf = (
  photos: Array<{ fileId: string; url: string }>,
): Record<string, string> => Object.fromEntries(photos.map((p) => [p.fileId, p.url]));
