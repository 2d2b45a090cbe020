/**
 * Where the backend is. Trial (体验版) and release (正式版) builds always call the cloud
 * functions with wx.cloud.callFunction, so an upload can never ship the local setup. A
 * development build (DevTools, 开发版 preview) calls the local CloudBase gateway on this machine
 * (npm start) with wx.request, unless `developUsesLocal` is false (services/backend.ts).
 */
export const backendConfig = {
  /** The CloudBase environment id; empty: the mini-program's default environment. */
  envId: '',
  /** Development builds only: use the local CloudBase instead of the cloud. */
  developUsesLocal: true,
  gatewayUrl: 'http://127.0.0.1:8788',
};

/** Storage key holding the demo identity (openid) the local gateway should act as. */
export const DEV_OPENID_KEY = 'gongzhi:devOpenid';
