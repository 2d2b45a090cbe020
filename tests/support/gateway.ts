import { request } from 'node:http';
import type { ActionName, FunctionName, ReqOf, ResOf, Result } from '../../typings/api';

export interface GatewayAnswer<T> {
  status: number;
  result: T;
  /** Database round trips the invocation made, as counted by the local CloudBase. */
  dbCalls: number;
  body: Record<string, unknown>;
}

export interface PostOptions {
  openid?: string;
  fault?: object;
}

/** POSTs an event to the gateway exactly as the mini-program does in local mode. */
export function postFn(
  baseUrl: string,
  name: string,
  event: unknown,
  opts: PostOptions = {},
): Promise<GatewayAnswer<unknown>> {
  return postRaw(baseUrl, name, JSON.stringify(event), opts);
}

/**
 * POSTs a body as given: JSON that JSON.stringify cannot write (e.g. `1e999`, which parses to
 * Infinity), or not JSON at all.
 */
export function postRaw(
  baseUrl: string,
  name: string,
  body: string,
  opts: PostOptions = {},
): Promise<GatewayAnswer<unknown>> {
  const payload = Buffer.from(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': payload.length,
  };
  if (opts.openid) headers['x-dev-openid'] = opts.openid;
  if (opts.fault) headers['x-fault'] = JSON.stringify(opts.fault);
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/fn/${name}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
          string,
          unknown
        >;
        resolve({
          status: res.statusCode ?? 0,
          result: body.result,
          dbCalls: Number(res.headers['x-gongzhi-db-calls']),
          body,
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A typed client for one caller: `api.call('community', 'home', {})`. */
export function client(baseUrl: string, openid?: string) {
  return {
    async call<F extends FunctionName, A extends ActionName<F>>(
      fn: F,
      action: A,
      req: ReqOf<F, A>,
    ) {
      const answer = await postFn(baseUrl, fn, { ...(req as object), action }, { openid });
      return answer as GatewayAnswer<Result<ResOf<F, A>>>;
    },
  };
}

/**
 * Pays an order on the phone (wx.requestPayment), as the local CloudBase plays WeChat's sheet:
 * it answers once the fund has taken WeChat's callback. `dbCalls` are the callback's round trips.
 */
export async function requestPayment(
  baseUrl: string,
  openid: string,
  payment: { params: { package: string } } | undefined,
  outcome: 'paid' | 'failed' = 'paid',
  /** false: WeChat's first callback is lost on the way (send it with `paidNotice`). */
  deliver = true,
): Promise<{ status: number; errMsg: string; dbCalls: number }> {
  const res = await fetch(`${baseUrl}/wechat/requestPayment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ package: payment?.params.package ?? '', outcome, deliver }),
  });
  const body = (await res.json()) as { errMsg: string };
  return {
    status: res.status,
    errMsg: body.errMsg,
    dbCalls: Number(res.headers.get('x-gongzhi-db-calls') ?? 0),
  };
}

/** Accepts subscription templates on the phone (wx.requestSubscribeMessage). */
export async function acceptSubscriptions(
  baseUrl: string,
  openid: string,
  tmplIds: string[],
): Promise<void> {
  const res = await fetch(`${baseUrl}/wechat/requestSubscribeMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ tmplIds }),
  });
  if (!res.ok) throw new Error(`requestSubscribeMessage: HTTP ${res.status}`);
}

/**
 * A payment result callback shaped as WeChat Pay's (the fields the fund reads). The fund
 * believes it only if WeChat Pay confirms the order: for an order paid on the sheet it is
 * WeChat's own resend, for any other a forgery.
 */
export const paidNotice = (orderId: string, totalFee: number) => ({
  returnCode: 'SUCCESS',
  resultCode: 'SUCCESS',
  outTradeNo: orderId,
  totalFee,
  transactionId: `4200notice${orderId.slice(0, 8)}`,
  subMchId: '1900000109',
});
