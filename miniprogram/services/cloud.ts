import type { ActionName, Fail, FunctionName, ReqOf, ResOf, Result } from '../../typings/api';
import { backendConfig, DEV_OPENID_KEY } from '../config';
import { backendMode } from './backend';

/**
 * The only place the mini-program reaches the backend. Every call answers a typed `Result`;
 * transport failures become `{ ok: false, code: 'INTERNAL' }` with a message fit to show,
 * so pages handle exactly one shape.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  req: ReqOf<F, A>,
): Promise<Result<ResOf<F, A>>> {
  const event = { ...(req as object), action };
  try {
    const result =
      backendMode() === 'cloud' ? await viaCloud(fn, event) : await viaGateway(fn, event);
    return isResult(result) ? (result as Result<ResOf<F, A>>) : networkFailure();
  } catch {
    return networkFailure();
  }
}

async function viaCloud(name: string, data: object): Promise<unknown> {
  const res = await wx.cloud.callFunction({ name, data });
  return res.result;
}

function viaGateway(name: string, data: object): Promise<unknown> {
  const openid = wx.getStorageSync(DEV_OPENID_KEY) as string;
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${backendConfig.gatewayUrl}/fn/${name}`,
      method: 'POST',
      data,
      header: openid ? { 'X-Dev-Openid': openid } : {},
      success: (res) =>
        res.statusCode === 200 ? resolve((res.data as { result?: unknown }).result) : reject(res),
      fail: reject,
    });
  });
}

function isResult(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

function networkFailure(): Fail {
  return { ok: false, code: 'INTERNAL', message: '网络不太好，请稍后再试' };
}
