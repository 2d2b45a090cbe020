/**
 * wx.request, wx.uploadFile, wx.downloadFile and wx.cloud, over fetch. Cloud functions go to the
 * local gateway (`POST {gateway}/fn/<name>` with `X-Dev-Openid`), exactly as the page tests'
 * harness does; cloud storage goes to the preview server's file store.
 */
import { track } from '../activity';
import { currentIdentity } from '../identity';
import { record } from '../log';
import { settle, wxError, type WxCallbacks, type WxError } from './async';

function boot(): PreviewBootConfig {
  const config = window.__GONGZHI_PREVIEW__;
  if (!config) throw new Error('the preview config (/__preview/config.js) did not load');
  return config;
}

interface RequestOptions extends WxCallbacks<Record<string, unknown>> {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  timeout?: number;
  dataType?: string;
  responseType?: 'text' | 'arraybuffer';
}

function encodeForm(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => (out[key] = value));
  return out;
}

/** wx.request with WeChat's encoding rules (GET data → query, JSON by default) and answer shape. */
export function request(o: RequestOptions) {
  const controller = new AbortController();
  const method = (o.method ?? 'GET').toUpperCase();
  const header: Record<string, string> = { 'content-type': 'application/json', ...o.header };
  const contentType = Object.entries(header).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  let url = o.url;
  let body: string | ArrayBuffer | undefined;
  if (method === 'GET' && o.data && typeof o.data === 'object') {
    const query = encodeForm(o.data as Record<string, unknown>);
    if (query) url += (url.includes('?') ? '&' : '?') + query;
  } else if (typeof o.data === 'string' || o.data instanceof ArrayBuffer) body = o.data;
  else if (o.data !== undefined)
    body = contentType?.includes('x-www-form-urlencoded')
      ? encodeForm(o.data as Record<string, unknown>)
      : JSON.stringify(o.data);
  const timer = setTimeout(() => controller.abort('timeout'), o.timeout ?? 60_000);
  settle('request', o, async () => {
    try {
      const res = await track(
        fetch(url, { method, headers: header, body, signal: controller.signal }),
      );
      let data: unknown;
      if (o.responseType === 'arraybuffer') data = await res.arrayBuffer();
      else {
        const text = await res.text();
        data = text;
        if (o.dataType === undefined || o.dataType === 'json') {
          try {
            data = JSON.parse(text) as unknown;
          } catch {
            // Not JSON: WeChat hands back the text.
          }
        }
      }
      return { statusCode: res.status, header: headersObject(res.headers), data, cookies: [] };
    } catch (err) {
      throw wxError(
        'request',
        controller.signal.aborted
          ? String(controller.signal.reason ?? 'abort')
          : (err as Error).message,
        { errno: 600001 },
      );
    } finally {
      clearTimeout(timer);
    }
  });
  const noop = () => undefined;
  return {
    abort: () => controller.abort('abort'),
    onHeadersReceived: noop,
    offHeadersReceived: noop,
    onChunkReceived: noop,
    offChunkReceived: noop,
  };
}

async function blobOf(filePath: string): Promise<Blob> {
  const res = await fetch(filePath);
  if (!res.ok) throw new Error(`cannot read ${filePath}`);
  return res.blob();
}

export function uploadFile(
  o: WxCallbacks<Record<string, unknown>> & {
    url: string;
    filePath: string;
    name: string;
    header?: Record<string, string>;
    formData?: Record<string, string>;
  },
) {
  settle('uploadFile', o, async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(o.formData ?? {})) form.append(k, v);
    form.append(o.name, await blobOf(o.filePath), o.filePath.split('/').pop());
    const res = await fetch(o.url, { method: 'POST', headers: o.header, body: form });
    return { statusCode: res.status, data: await res.text() };
  });
  return {
    abort: () => undefined,
    onProgressUpdate: () => undefined,
    offProgressUpdate: () => undefined,
  };
}

export function downloadFile(
  o: WxCallbacks<Record<string, unknown>> & { url: string; header?: Record<string, string> },
) {
  settle('downloadFile', o, async () => {
    const res = await fetch(o.url, { headers: o.header });
    const blob = await res.blob();
    return { statusCode: res.status, tempFilePath: URL.createObjectURL(blob) };
  });
  return {
    abort: () => undefined,
    onProgressUpdate: () => undefined,
    offProgressUpdate: () => undefined,
  };
}

// Codes the real client uses: -501000 for an unknown function, -404011 when the function throws.
const FUNCTION_NOT_FOUND = -501000;
const FUNCTION_FAILED = -404011;

function cloudError(errCode: number, message: string): WxError {
  return {
    errCode,
    errMsg: `cloud.callFunction:fail Error: errCode: ${errCode} | errMsg: ${message}`,
  };
}

async function callFunction(name: string, data: unknown): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await track(
      fetch(`${boot().gatewayUrl}/fn/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': currentIdentity() },
        body: JSON.stringify(data ?? {}),
      }),
    );
  } catch (err) {
    throw cloudError(-1, `request to the local gateway failed: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as
    { result?: unknown; errCode?: number; errMsg?: string } | undefined;
  if (res.ok) {
    const requestID = res.headers.get('x-gongzhi-invocation') ?? undefined;
    return { result: body?.result, ...(requestID ? { requestID } : {}) };
  }
  throw cloudError(
    body?.errCode ?? (res.status === 404 ? FUNCTION_NOT_FOUND : FUNCTION_FAILED),
    body?.errMsg ?? `HTTP ${res.status}`,
  );
}

/**
 * wx.cloud.uploadFile: to the local CloudBase's storage, as the current identity (the owner, as
 * the cloud records it).
 */
async function upload(cloudPath: string, filePath: string): Promise<Record<string, unknown>> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', await blobOf(filePath), cloudPath.split('/').pop());
  const res = await fetch(`${boot().gatewayUrl}/storage/upload`, {
    method: 'POST',
    headers: { 'x-dev-openid': currentIdentity() },
    body: form,
  });
  const body = (await res.json().catch(() => ({}))) as { fileID?: string; errMsg?: string };
  if (!res.ok || !body.fileID)
    throw wxError('cloud.uploadFile', body.errMsg ?? `HTTP ${res.status}`);
  record('upload', `上传 ${cloudPath} → ${body.fileID}`);
  return { fileID: body.fileID, statusCode: 204 };
}

/** The project's storage rules let no client read a file: only functions hand out URLs. */
const READ_DENIED = 'STORAGE_EXCEED_AUTHORITY';

export function createCloud() {
  type O = WxCallbacks<Record<string, unknown>>;
  return {
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    // The env id does not matter locally: there is one gateway.
    init: () => undefined,
    callFunction: (o: O & { name: string; data?: unknown }) =>
      settle('cloud.callFunction', o, () => callFunction(o.name, o.data)),
    uploadFile: (o: O & { cloudPath: string; filePath: string }) =>
      settle('cloud.uploadFile', o, () => upload(o.cloudPath, o.filePath)),
    getTempFileURL: (o: O & { fileList: Array<string | { fileID: string }> }) =>
      settle('cloud.getTempFileURL', o, () => ({
        fileList: o.fileList.map((f) => ({
          fileID: typeof f === 'string' ? f : f.fileID,
          tempFileURL: '',
          status: -1,
          errMsg: READ_DENIED,
        })),
      })),
    downloadFile: (o: O & { fileID: string }) =>
      settle('cloud.downloadFile', o, () => {
        throw wxError('cloud.downloadFile', READ_DENIED);
      }),
    deleteFile: (o: O & { fileList: string[] }) =>
      settle('cloud.deleteFile', o, () => ({
        fileList: o.fileList.map((fileID) => ({ fileID, status: 0 })),
      })),
    database: () => {
      // The project's security rules deny all client access: the functions are the only way in.
      throw new Error('wx.cloud.database() is not available: clients go through cloud functions');
    },
  };
}

/**
 * What WeChat itself does on the phone (the payment sheet, the consent dialog, the 服务通知 list),
 * played by the local CloudBase at `{gateway}/wechat/<api>` for the current identity.
 */
export async function wechatClient(
  api: 'requestPayment' | 'requestSubscribeMessage' | 'messages',
  body?: Record<string, unknown>,
): Promise<{ ok: boolean; answer: Record<string, unknown> }> {
  const res = await track(
    fetch(`${boot().gatewayUrl}/wechat/${api}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', 'x-dev-openid': currentIdentity() },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }),
  );
  return {
    ok: res.ok,
    answer: ((await res.json().catch(() => ({}))) ?? {}) as Record<string, unknown>,
  };
}
