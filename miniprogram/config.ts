/**
 * Where the backend is. `local`: the local CloudBase gateway on this machine (npm start),
 * called with wx.request — what WeChat DevTools and the browser preview use with no cloud
 * account. `cloud`: wx.cloud.callFunction in the CloudBase environment `envId`.
 * Switch to `cloud` and set `envId` before uploading (README, "Deploying").
 */
export const backendConfig = {
  mode: 'local' as 'local' | 'cloud',
  envId: 'gongzhi-prod',
  gatewayUrl: 'http://127.0.0.1:8788',
};

/** Storage key holding the demo identity (openid) the local gateway should act as. */
export const DEV_OPENID_KEY = 'gongzhi:devOpenid';
