import { DEV_OPENID_KEY } from '../../../miniprogram/config';
import { wxFunction } from './wx-global';
import { existsSync, readFileSync } from 'node:fs';
import { httpRequest, multipart, parseJson } from './http';
import { settle, type WxCallbacks, type WxError } from './wx-async';
import { wxLog } from './wx-log';

/** The caller every test starts as (see setIdentity). */
export const DEFAULT_OPENID = 'o-page-test-user';

let identity = DEFAULT_OPENID;

/**
 * Switches the WeChat user the page acts as: sent as X-Dev-Openid by wx.cloud.callFunction, and
 * stored under DEV_OPENID_KEY where the app's local (wx.request) backend mode reads it.
 * No argument restores the default user.
 */
export function setIdentity(openid: string = DEFAULT_OPENID): void {
  identity = openid;
  wxFunction('setStorageSync')(DEV_OPENID_KEY, openid);
}

export function currentIdentity(): string {
  return identity;
}

export interface CallFunctionResult {
  errMsg: 'cloud.callFunction:ok';
  result: unknown;
  requestID?: string;
}

type CallFunctionOptions = WxCallbacks<CallFunctionResult> & {
  name: string;
  data?: Record<string, unknown>;
  config?: { env?: string };
};

// Codes the real client uses: -501000 for an unknown function, -404011 when the function throws.
const FUNCTION_NOT_FOUND = -501000;
const FUNCTION_FAILED = -404011;

function cloudError(errCode: number, message: string): WxError {
  return {
    errCode,
    errMsg: `cloud.callFunction:fail Error: errCode: ${errCode} | errMsg: ${message}`,
  };
}

/**
 * wx.cloud.callFunction routed to the local gateway (local/server.ts): POST
 * {GONGZHI_GATEWAY_URL}/fn/{name} with the data as JSON. It answers 200 `{ result }`, or an HTTP
 * error with `{ errCode, errMsg }`, which we reject with in WeChat's format.
 */
async function invoke(
  name: string,
  data: Record<string, unknown> | undefined,
): Promise<CallFunctionResult> {
  const base = process.env.GONGZHI_GATEWAY_URL;
  wxLog.cloudCalls.push({ name, data, openid: identity });
  if (!base)
    throw cloudError(-1, 'GONGZHI_GATEWAY_URL is not set: start the gateway and export its URL');
  let res;
  try {
    res = await httpRequest(`${base.replace(/\/+$/, '')}/fn/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': identity },
      body: JSON.stringify(data ?? {}),
    }).response;
  } catch (err) {
    throw cloudError(-1, `request to the gateway failed: ${(err as Error).message}`);
  }
  const body = parseJson(res.body) as
    { result?: unknown; errCode?: number; errMsg?: string } | undefined;
  if (res.status >= 200 && res.status < 300) {
    // local/server.ts's INVOCATION_HEADER (not imported: that would load the server into jsdom).
    const requestID = res.headers['x-gongzhi-invocation'];
    return {
      errMsg: 'cloud.callFunction:ok',
      result: body?.result,
      ...(typeof requestID === 'string' ? { requestID } : {}),
    };
  }
  const errCode = body?.errCode ?? (res.status === 404 ? FUNCTION_NOT_FOUND : FUNCTION_FAILED);
  throw cloudError(errCode, body?.errMsg ?? (res.body.trim() || `HTTP ${res.status}`));
}

export function createCloud() {
  return {
    // The env id does not matter locally: there is one gateway.
    init(): void {},
    callFunction(options: CallFunctionOptions): Promise<CallFunctionResult> | undefined {
      return settle(options, () => invoke(options.name, options.data));
    },
    uploadFile(
      options: WxCallbacks<{ fileID: string; statusCode: number; errMsg: string }> & {
        cloudPath: string;
        filePath: string;
      },
    ) {
      return settle(options, async () => {
        const base = process.env.GONGZHI_GATEWAY_URL!.replace(/\/+$/, '');
        const { status, body } = await postFile(`${base}/storage/upload`, options.filePath, {
          cloudPath: options.cloudPath,
        });
        const answer = parseJson(body) as { fileID?: string; errMsg?: string } | undefined;
        if (status !== 200 || !answer?.fileID)
          throw { errMsg: answer?.errMsg ?? `cloud.uploadFile:fail HTTP ${status}` };
        return { fileID: answer.fileID, statusCode: 204, errMsg: 'cloud.uploadFile:ok' };
      });
    },
  };
}

/**
 * The bytes of a file the page picked: a real file when the path is one, else the camera's
 * stand-in (tests pick `http://tmp/…` paths as WeChat hands them out): a small JPEG.
 */
export function pickedFile(filePath: string): Buffer {
  if (existsSync(filePath)) return readFileSync(filePath);
  return Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z',
    'base64',
  );
}

/** POSTs a picked file as wx.uploadFile does (multipart, field `file`), as the current user. */
export async function postFile(
  url: string,
  filePath: string,
  formData: Record<string, string> = {},
  header: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const name = filePath.split('/').pop() || 'photo.jpg';
  const form = multipart(formData, { name: 'file', filename: name, body: pickedFile(filePath) });
  const res = await httpRequest(url, {
    method: 'POST',
    headers: { 'X-Dev-Openid': identity, ...header, 'Content-Type': form.contentType },
    body: form.body,
  }).response;
  return { status: res.status, body: res.body };
}

/**
 * What WeChat itself does on the phone (the payment sheet, the consent dialog), played by the
 * local CloudBase at {GONGZHI_GATEWAY_URL}/wechat/<api> as the current identity. Answers the
 * HTTP status and WeChat's answer.
 */
export async function wechatClient(
  api: 'requestPayment' | 'requestSubscribeMessage',
  body: Record<string, unknown>,
): Promise<{ status: number; answer: Record<string, unknown> }> {
  const base = process.env.GONGZHI_GATEWAY_URL;
  if (!base) throw new Error('GONGZHI_GATEWAY_URL is not set');
  const res = await httpRequest(`${base.replace(/\/+$/, '')}/wechat/${api}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': identity },
    body: JSON.stringify(body),
  }).response;
  return { status: res.status, answer: (parseJson(res.body) ?? {}) as Record<string, unknown> };
}
