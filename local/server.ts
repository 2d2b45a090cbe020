/**
 * The local CloudBase over HTTP: `/admin` speaks the @cloudbase/node-sdk protocol, `/fn/:name`
 * is the gateway the mini-program (local mode) and the tests call, plus health, stats and
 * fault-injection endpoints. Loopback only.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database, DbError, handleDatabaseAction, type IndexSpec } from './db';
import { FaultRegistry, INJECTED_FAULT, parseFaultPlan, type FaultPlan } from './faults';
import type { QueryShapeLog } from './query-shapes';
import { LocalStorage, TEMP_URL_BATCH } from './storage';
import { WechatPlatform, type WechatOptions } from './wechat';
import { parseMultipart } from './wechat/multipart';

export interface Identity {
  openid?: string;
  appid?: string;
}

export interface FunctionHost {
  /** Runs cloud function `name`; invocationId must be forwarded so its database calls are attributed. */
  invoke(name: string, event: unknown, identity: Identity, invocationId: string): Promise<unknown>;
  names(): string[];
}

export interface LocalCloudBaseOptions {
  /** 0 = any free port. */
  port?: number;
  /** Default 127.0.0.1; only loopback addresses are accepted. */
  host?: string;
  /** null/undefined = in memory. */
  dataDir?: string | null;
  envId?: string;
  functions?: FunctionHost;
  uniqueIndexes?: IndexSpec[];
  /** Collections to create at start: reading a collection that does not exist fails, as in the cloud. */
  collections?: string[];
  /** The local stand-ins for the estate's WeChat Pay merchant and subscription templates. */
  wechat?: WechatOptions;
  /** Where to note the shape of every query the functions make (which indexes they need). */
  queryShapes?: QueryShapeLog;
}

export interface LocalCloudBase {
  /** http://127.0.0.1:PORT */
  url: string;
  adminUrl: string;
  port: number;
  db: Database;
  stats: Stats;
  faults: FaultRegistry;
  /** WeChat's side: the payment sheet, consents, delivered messages. */
  wechat: WechatPlatform;
  /** Cloud storage: uploads, and reads through temporary URLs only. */
  storage: LocalStorage;
  close(): Promise<void>;
}

/** The header that attributes an SDK call to an invocation (set with `tcb.init({ headers })`). */
export const INVOCATION_HEADER = 'x-gongzhi-invocation';

const DEFAULT_ENV_ID = 'gongzhi-local';
const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];
const GATEWAY_BODY_LIMIT = 1 << 20;
const ADMIN_BODY_LIMIT = 16 << 20;
const UPLOAD_BODY_LIMIT = 11 << 20;
/** How many invocations /stats remembers. */
const MAX_TRACKED_INVOCATIONS = 10_000;

/** Calls counted per action, and per invocation: database round trips are what the cloud bills. */
export class Stats {
  private readonly totals = new Map<string, number>();
  private readonly invocations = new Map<string, Map<string, number>>();

  record(action: string, invocationId?: string): void {
    this.totals.set(action, (this.totals.get(action) ?? 0) + 1);
    if (invocationId === undefined) return;
    let actions = this.invocations.get(invocationId);
    if (!actions) {
      if (this.invocations.size >= MAX_TRACKED_INVOCATIONS)
        this.invocations.delete(this.invocations.keys().next().value as string);
      this.invocations.set(invocationId, (actions = new Map()));
    }
    actions.set(action, (actions.get(action) ?? 0) + 1);
  }

  /** Database calls made by one invocation. */
  dbCalls(invocationId: string): number {
    let n = 0;
    for (const [action, count] of this.invocations.get(invocationId) ?? [])
      if (action.startsWith('database.')) n += count;
    return n;
  }

  invocation(invocationId: string): {
    invocation: string;
    dbCalls: number;
    actions: Record<string, number>;
  } {
    const actions = Object.fromEntries(this.invocations.get(invocationId) ?? []);
    return { invocation: invocationId, dbCalls: this.dbCalls(invocationId), actions };
  }

  totalsByAction(): { total: number; actions: Record<string, number> } {
    let total = 0;
    for (const n of this.totals.values()) total += n;
    return { total, actions: Object.fromEntries(this.totals) };
  }

  reset(): void {
    this.totals.clear();
    this.invocations.clear();
  }
}

/** The environment that points an unmodified @cloudbase/node-sdk at this server. */
export function sdkEnv(cb: { adminUrl: string }, envId = DEFAULT_ENV_ID): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: cb.adminUrl }),
    SCF_NAMESPACE: envId,
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    // Tells the SDK it runs inside Tencent Cloud, so it skips probing the metadata host on every call.
    TENCENTCLOUD: 'true',
  };
}

/** The body, or null when it exceeds `limit` (the rest is drained, so the connection stays usable). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: body.length === 0 ? {} : JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type, x-dev-openid, x-fault',
  'access-control-expose-headers': `${INVOCATION_HEADER}, x-gongzhi-db-calls`,
  'access-control-max-age': '600',
};

class Server {
  private requests = 0;

  constructor(
    private readonly envId: string,
    private readonly db: Database,
    private readonly stats: Stats,
    private readonly faults: FaultRegistry,
    private readonly functions: FunctionHost | undefined,
    private readonly wechat: WechatPlatform,
    private readonly storage: LocalStorage,
    private readonly queryShapes: QueryShapeLog | undefined,
  ) {}

  async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://local');
    const route = `${req.method} ${pathname}`;
    if (req.method === 'OPTIONS') return send(res, 204);
    if (route === 'POST /admin') return this.admin(req, res);
    if (pathname.startsWith('/wechat/')) return this.wechatClient(req, res, route);
    if (route === 'POST /storage/upload') return this.upload(req, res);
    if (req.method === 'GET' && pathname.startsWith('/storage/files/')) {
      const file = this.storage.read(
        pathname.slice('/storage/files/'.length),
        searchParams.get('t'),
        searchParams.get('sign'),
      );
      if (typeof file === 'number')
        return send(res, file, { code: 'STORAGE_REQUEST_FAIL', message: 'access denied' });
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length });
      return void res.end(file.body);
    }
    if (req.method === 'POST' && pathname.startsWith('/fn/'))
      return this.gateway(req, res, pathname.slice('/fn/'.length));
    if (route === 'GET /health')
      return send(res, 200, { ok: true, envId: this.envId, functions: this.functionNames() });
    if (route === 'GET /stats') {
      const invocation = searchParams.get('invocation');
      return send(
        res,
        200,
        invocation ? this.stats.invocation(invocation) : this.stats.totalsByAction(),
      );
    }
    if (route === 'POST /stats/reset') {
      this.stats.reset();
      return send(res, 200, { ok: true });
    }
    if (route === 'POST /debug/faults') {
      const plan = await this.readPlan(req, res);
      if (plan) {
        this.faults.setGlobal(plan);
        send(res, 200, { ok: true });
      }
      return;
    }
    if (route === 'DELETE /debug/faults') {
      this.faults.clearGlobal();
      return send(res, 200, { ok: true });
    }
    send(res, 404, { error: `no route for ${route}` });
  }

  private functionNames(): string[] {
    return this.functions?.names() ?? [];
  }

  /** The host, if it has function `name`. */
  private host(name: string): FunctionHost | undefined {
    return this.functions?.names().includes(name) ? this.functions : undefined;
  }

  /** The SDK protocol: always HTTP 200, with either the answer or `{ code, message }`. */
  private async admin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = `local-${Date.now().toString(36)}-${++this.requests}`;
    const body = await readBody(req, ADMIN_BODY_LIMIT);
    const type = req.headers['content-type'] ?? '';
    if (body && type.startsWith('multipart/form-data'))
      return this.wechatApi(res, parseMultipart(body, type), requestId);
    const parsed = body ? parseJson(body) : { ok: false as const };
    const params = parsed.ok ? (parsed.value as Record<string, unknown>) : null;
    if (!params || typeof params.action !== 'string') {
      return send(res, 200, {
        code: 'INVALID_PARAM',
        message: 'expected a JSON body with an action (at most 16 MB)',
        requestId,
      });
    }
    const invocation = header(req, INVOCATION_HEADER);
    this.stats.record(params.action, invocation);
    send(res, 200, { ...(await this.answer(params.action, params, invocation)), requestId });
  }

  private async answer(
    action: string,
    params: Record<string, unknown>,
    invocation: string | undefined,
  ): Promise<object> {
    if (action === 'functions.invokeFunction') return this.invokeForSdk(params);
    if (action === 'storage.batchGetDownloadUrl') {
      const list = Array.isArray(params.file_list) ? params.file_list : [];
      if (list.length === 0 || list.length > TEMP_URL_BATCH)
        return {
          code: 'INVALID_PARAM',
          message: `file_list must hold 1 to ${TEMP_URL_BATCH} files`,
        };
      return { data: { download_list: this.storage.downloadList(list) } };
    }
    if (!action.startsWith('database.')) {
      return {
        code: 'LOCAL_UNSUPPORTED_ACTION',
        message: `action "${action}" is not supported by the local CloudBase`,
      };
    }
    const fate = this.faults.decide(invocation, action);
    if (fate.fail) return { code: INJECTED_FAULT, message: fate.fail };
    if (fate.delayMs) await sleep(fate.delayMs);
    try {
      // The functions' queries only: the tools' own (the seed's lookups) are not the app's.
      if (invocation) this.queryShapes?.record(action, params);
      const data = await handleDatabaseAction(this.db, action, params);
      return fate.dropAck
        ? {
            code: INJECTED_FAULT,
            message: 'injected fault: the commit was applied but its answer was lost',
          }
        : data;
    } catch (e) {
      if (e instanceof DbError) return { code: e.code, message: e.message };
      console.error(`[local-cloudbase] ${action} failed:`, e);
      return {
        code: 'SYS_ERR',
        message: `internal error in the local CloudBase: ${(e as Error).message}`,
      };
    }
  }

  /**
   * WeChat's APIs as wx-server-sdk calls them through the SDK (multipart bodies): `wx.wxPayApi`
   * (cloud pay, JSON) and `wx.openApi` (云调用, protobuf). A success is raw bytes, an error the
   * SDK's JSON `{ code, message }`.
   */
  private wechatApi(
    res: http.ServerResponse,
    fields: Map<string, Buffer> | null,
    requestId: string,
  ): void {
    const action = fields?.get('action')?.toString();
    const apiName = fields?.get('apiName')?.toString() ?? '';
    const data = fields?.get('requestData');
    if (action) this.stats.record(action);
    const raw = (bytes: Buffer) => {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': bytes.length,
      });
      res.end(bytes);
    };
    try {
      if (action === 'wx.wxPayApi' && data) {
        const answer = this.wechat.pay.api(apiName, JSON.parse(data.toString('utf8')));
        return raw(Buffer.from(JSON.stringify(answer)));
      }
      if (action === 'wx.openApi' && data) return raw(this.wechat.openapi.call(apiName, data));
    } catch (e) {
      return send(res, 200, { code: 'INVALID_PARAM', message: (e as Error).message, requestId });
    }
    send(res, 200, {
      code: 'LOCAL_UNSUPPORTED_ACTION',
      message: `action "${action ?? '?'}" is not supported by the local CloudBase`,
      requestId,
    });
  }

  /**
   * What WeChat does on the phone, for the preview and the tests: the payment sheet
   * (wx.requestPayment), the consent dialog (wx.requestSubscribeMessage) and the 服务通知 list.
   * The caller is X-Dev-Openid, as on the gateway.
   */
  private async wechatClient(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    route: string,
  ): Promise<void> {
    const openid = header(req, 'x-dev-openid');
    if (!openid) return send(res, 401, { errMsg: 'X-Dev-Openid is required' });
    if (route === 'GET /wechat/messages')
      return send(res, 200, { messages: this.wechat.openapi.messagesOf(openid) });
    const body = await readBody(req, GATEWAY_BODY_LIMIT);
    const parsed = body ? parseJson(body) : { ok: false as const };
    const input = (parsed.ok ? parsed.value : {}) as Record<string, unknown>;
    if (route === 'POST /wechat/requestPayment') {
      const prepayId = /^prepay_id=(.+)$/.exec(String(input.package ?? ''))?.[1];
      const outcome = input.outcome === 'failed' ? 'failed' : 'paid';
      // `deliver: false`: the first callback is lost on the way, as happens (tests of retries).
      const deliver = input.deliver !== false;
      if (!prepayId) return send(res, 400, { errMsg: 'requestPayment:fail package 格式错误' });
      const paid = await this.wechat.pay.pay(prepayId, openid, outcome, deliver);
      // The round trips of the fund's callback, which WeChat ran in the background.
      const calls: Record<string, string> = paid.callback
        ? { 'x-gongzhi-db-calls': String(this.stats.dbCalls(paid.callback)) }
        : {};
      return send(res, paid.ok ? 200 : 400, { errMsg: paid.errMsg }, calls);
    }
    if (route === 'POST /wechat/requestSubscribeMessage') {
      const ids = Array.isArray(input.tmplIds) ? input.tmplIds.map(String) : [];
      return send(res, 200, {
        errMsg: 'requestSubscribeMessage:ok',
        ...this.wechat.openapi.consent(openid, ids),
      });
    }
    send(res, 404, { errMsg: `no route for ${route}` });
  }

  /**
   * wx.cloud.uploadFile from the phone (multipart, as wx.uploadFile sends it: `cloudPath` and
   * `file`), as the X-Dev-Openid user. Answers `{ fileID }`.
   */
  private async upload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const openid = header(req, 'x-dev-openid');
    if (!openid) return send(res, 401, { errMsg: 'cloud.uploadFile:fail 未登录' });
    const body = await readBody(req, UPLOAD_BODY_LIMIT);
    const fields = body && parseMultipart(body, req.headers['content-type'] ?? '');
    const cloudPath = fields?.get('cloudPath')?.toString('utf8');
    const file = fields?.get('file');
    if (!cloudPath || !file)
      return send(res, 400, { errMsg: 'cloud.uploadFile:fail 缺少 cloudPath 或 file' });
    const stored = this.storage.upload(cloudPath, file, openid);
    if ('status' in stored)
      return send(res, stored.status, { errMsg: `cloud.uploadFile:fail ${stored.message}` });
    send(res, 200, { fileID: stored.fileID, errMsg: 'cloud.uploadFile:ok' });
  }

  /** `app.callFunction()` from inside a function: a new invocation without a caller identity. */
  private async invokeForSdk(params: Record<string, unknown>): Promise<object> {
    const name = String(params.function_name ?? '');
    const host = this.host(name);
    if (!host)
      return { code: 'FUNCTION_NOT_FOUND', message: 'FunctionName parameter could not be found' };
    const data =
      typeof params.request_data === 'string'
        ? parseJson(Buffer.from(params.request_data))
        : { ok: true as const, value: {} };
    if (!data.ok) return { code: 'INVALID_PARAM', message: 'request_data must be JSON' };
    try {
      const result = await host.invoke(name, data.value, {}, randomUUID());
      return { data: { response_data: JSON.stringify(result ?? null) } };
    } catch (e) {
      console.error(`[local-cloudbase] function ${name} failed:`, e);
      return { code: 'FUNCTIONS_EXECUTE_FAIL', message: 'functions execute fail' };
    }
  }

  /** `POST /fn/:name`, answered like `wx.cloud.callFunction`: `{ result }`. */
  private async gateway(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: string,
  ): Promise<void> {
    const host = this.host(name);
    if (!host)
      return send(res, 404, {
        errCode: -501000,
        errMsg: 'FunctionName parameter could not be found',
      });
    const body = await readBody(req, GATEWAY_BODY_LIMIT);
    if (!body) return send(res, 413, { errCode: -1, errMsg: 'request body exceeds 1 MB' });
    const event = parseJson(body);
    if (!event.ok) return send(res, 400, { errCode: -1, errMsg: 'request body must be JSON' });
    const faultHeader = header(req, 'x-fault');
    let plan: FaultPlan | undefined;
    try {
      plan = faultHeader === undefined ? undefined : parseFaultPlan(JSON.parse(faultHeader));
    } catch (e) {
      return send(res, 400, { errCode: -1, errMsg: `invalid X-Fault: ${(e as Error).message}` });
    }
    const id = randomUUID();
    if (plan) this.faults.set(id, plan);
    const headers = (): Record<string, string> => ({
      [INVOCATION_HEADER]: id,
      'x-gongzhi-db-calls': String(this.stats.dbCalls(id)),
    });
    try {
      const result = await host.invoke(
        name,
        event.value,
        { openid: header(req, 'x-dev-openid') },
        id,
      );
      send(res, 200, { result: result ?? null }, headers());
    } catch (e) {
      // The stack goes to the log only; callers see the cloud's generic failure.
      console.error(`[local-cloudbase] function ${name} failed:`, e);
      send(res, 500, { errCode: -504002, errMsg: 'functions execute fail' }, headers());
    } finally {
      this.faults.clear(id);
    }
  }

  private async readPlan(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<FaultPlan | null> {
    const body = await readBody(req, GATEWAY_BODY_LIMIT);
    const parsed = body ? parseJson(body) : { ok: false as const };
    try {
      if (!parsed.ok) throw new Error('body must be JSON');
      return parseFaultPlan(parsed.value);
    } catch (e) {
      send(res, 400, { error: (e as Error).message });
      return null;
    }
  }
}

export async function startLocalCloudBase(opts: LocalCloudBaseOptions): Promise<LocalCloudBase> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.includes(host))
    throw new Error(`the local CloudBase listens on loopback only, not ${host}`);
  const envId = opts.envId ?? DEFAULT_ENV_ID;
  const db = await Database.open({
    dataDir: opts.dataDir,
    uniqueIndexes: opts.uniqueIndexes,
    collections: opts.collections,
  });
  const stats = new Stats();
  const faults = new FaultRegistry();
  const functions = opts.functions;
  const wechat = new WechatPlatform(
    {
      envId,
      dataDir: opts.dataDir ?? null,
      functionExists: (name) => functions?.names().includes(name) ?? false,
      invoke: (name, event, invocationId) => {
        if (!functions) throw new Error('no functions are mounted');
        return functions.invoke(name, event, {}, invocationId);
      },
    },
    opts.wechat,
  );
  const storage = new LocalStorage(envId, opts.dataDir ? `${opts.dataDir}/storage` : null);
  const app = new Server(envId, db, stats, faults, functions, wechat, storage, opts.queryShapes);
  const server = http.createServer((req, res) => {
    app.route(req, res).catch((e: unknown) => {
      console.error('[local-cloudbase] request failed:', e);
      if (res.headersSent) res.destroy();
      else send(res, 500, { error: 'internal error' });
    });
  });
  // The SDK's keep-alive agent reuses idle sockets for 4.8 s: never close one first.
  server.keepAliveTimeout = 10_000;
  server.headersTimeout = 11_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, resolve);
    });
  } catch (e) {
    await db.close();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  storage.baseUrl = url;
  return {
    url,
    adminUrl: `${url}/admin`,
    port,
    db,
    stats,
    faults,
    wechat,
    storage,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}
