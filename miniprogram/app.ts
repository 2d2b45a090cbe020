import { backendConfig } from './config';

App<{ globalData: Record<string, unknown> }>({
  globalData: {},
  onLaunch() {
    if (backendConfig.mode === 'cloud') {
      wx.cloud.init({ env: backendConfig.envId, traceUser: true });
    }
  },
});
