import { backendConfig } from './config';
import { backendMode } from './services/backend';

App<{ globalData: Record<string, unknown> }>({
  globalData: {},
  onLaunch() {
    if (backendMode() === 'cloud') {
      wx.cloud.init({
        ...(backendConfig.envId ? { env: backendConfig.envId } : {}),
        traceUser: true,
      });
    }
  },
});
