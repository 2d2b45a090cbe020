import { backendMode } from './backend';

/**
 * Photos that evidence something (a receipt, a transfer screenshot, a paper ballot, a hearing)
 * or illustrate a proposal: chosen with wx.chooseMedia and stored, answering the file references
 * the functions accept — cloud file ids in WeChat; on the local CloudBase, which has no file
 * storage, `local://` names.
 */
export async function choosePhotos(folder: string, room: number): Promise<string[]> {
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
  return Promise.all(
    files.map(async (f, i) => {
      const name =
        /[^/]+$/.exec(f.tempFilePath)?.[0]?.replace(/[^A-Za-z0-9._-]/g, '') || 'photo.jpg';
      if (backendMode() !== 'cloud') return `local://${folder}/${stamp}-${i}-${name}`;
      const res = await wx.cloud.uploadFile({
        cloudPath: `${folder}/${stamp}-${i}-${name}`,
        filePath: f.tempFilePath,
      });
      return res.fileID;
    }),
  );
}
