import { backendConfig } from '../config';

export type BackendMode = 'local' | 'cloud';

/**
 * Which backend this build talks to: the cloud, always, in trial and release builds; the local
 * CloudBase in a development build unless the config says otherwise (config.ts).
 */
export function backendMode(): BackendMode {
  const { envVersion } = wx.getAccountInfoSync().miniProgram;
  return envVersion === 'develop' && backendConfig.developUsesLocal ? 'local' : 'cloud';
}
