/**
 * Photos for a proposal or a hearing: chosen with wx.chooseMedia and stored in cloud storage,
 * answering the cloud file ids the functions accept. Cloud mode only: the local gateway has no
 * file storage, so the forms hide uploads there.
 */
export async function chooseAndUpload(folder: string, room: number): Promise<string[]> {
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
      const ext = /\.\w+$/.exec(f.tempFilePath)?.[0] ?? '.jpg';
      const res = await wx.cloud.uploadFile({
        cloudPath: `${folder}/${stamp}-${i}${ext}`,
        filePath: f.tempFilePath,
      });
      return res.fileID;
    }),
  );
}
