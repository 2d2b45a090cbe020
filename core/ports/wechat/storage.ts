import tcb from '@cloudbase/node-sdk';
import type { StoragePort } from '../storage';
import { TEMP_URL_SECONDS } from '../storage';

/** getTempFileURL takes at most this many files a request. */
const BATCH = 50;

type App = ReturnType<typeof tcb.init>;

/** Cloud storage through the node-sdk's getTempFileURL, for this function's environment. */
export function cloudStorage(_env: NodeJS.ProcessEnv, app?: App): StoragePort {
  let sdk = app;
  return {
    async readUrls(fileIds) {
      sdk ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
      const urls = new Map<string, string>();
      for (let i = 0; i < fileIds.length; i += BATCH) {
        const fileList = fileIds
          .slice(i, i + BATCH)
          .map((fileID) => ({ fileID, maxAge: TEMP_URL_SECONDS }));
        const res = (await sdk.getTempFileURL({ fileList })) as {
          fileList?: Array<{ fileID: string; tempFileURL: string; code: string }>;
          code?: string;
          message?: string;
        };
        if (!res.fileList) throw new Error(`getTempFileURL: ${res.code} ${res.message}`);
        for (const f of res.fileList) if (f.code === 'SUCCESS') urls.set(f.fileID, f.tempFileURL);
      }
      return urls;
    },
  };
}
cloudStorage.settings = [] as const;
