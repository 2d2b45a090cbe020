import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { formatChina } from '../../miniprogram/shared/china-time';
import type { JournalMap } from './journal';

/**
 * WeChat Pay (云开发 微信支付) as the local CloudBase plays it: the cloudPay APIs the fund's
 * adapter calls through wx-server-sdk (`wx.wxPayApi`, snake_case JSON both ways), a cashier
 * standing in for WeChat's payment sheet, and the result callback to the function the order
 * named. It refuses what WeChat Pay refuses: another merchant, another environment, a repeated
 * order number with other terms, paying twice, refunding what was not paid.
 */
export interface PayOrderRecord {
  outTradeNo: string;
  prepayId: string;
  subMchId: string;
  envId: string;
  functionName: string;
  body: string;
  totalFee: number;
  /** WeChat Pay's trade states. */
  state: 'NOTPAY' | 'SUCCESS' | 'PAYERROR' | 'REFUND';
  transactionId: string | null;
  payer: string | null;
  timeEnd: string | null;
  refunds: string[];
  createdAt: string;
}

export interface PayEmulatorOptions {
  envId: string;
  /** The sub-merchant bound to the environment (local/settings.ts). */
  merchantId: string;
  orders: JournalMap<PayOrderRecord>;
  functionExists(name: string): boolean;
  /** Runs the callback function with an event and no caller, answering what it returns. */
  invoke(
    functionName: string,
    event: Record<string, unknown>,
    invocationId: string,
  ): Promise<unknown>;
}

type Answer = Record<string, unknown>;

const ok = (fields: Answer): Answer => ({
  return_code: 'SUCCESS',
  return_msg: 'OK',
  result_code: 'SUCCESS',
  ...fields,
});
/** A request WeChat Pay could not read: `return_code` FAIL. */
const badRequest = (msg: string): Answer => ({ return_code: 'FAIL', return_msg: msg });
/** A business refusal: the request was read, the answer is no. */
const refused = (code: string, des: string): Answer => ({
  return_code: 'SUCCESS',
  return_msg: 'OK',
  result_code: 'FAIL',
  err_code: code,
  err_code_des: des,
});

const OUT_TRADE_NO = /^[A-Za-z0-9_-]{1,32}$/;
/** WeChat Pay retries an unanswered callback for about two days; the first steps, in ms. */
const CALLBACK_RETRIES_MS = [15_000, 15_000, 30_000, 180_000, 600_000, 1_200_000, 1_800_000];

/** WeChat Pay's time_end: yyyyMMddHHmmss, China time. */
const stamp = (d: Date): string => formatChina(d, 'YYYYMMDDHHmmss');

export class WechatPayEmulator {
  constructor(private readonly opts: PayEmulatorOptions) {}

  /** One cloudPay API call: `unifiedOrder`, `queryOrder`, `refund` or `closeOrder`. */
  api(name: string, req: Answer): Answer {
    if (req.sub_mch_id !== this.opts.merchantId)
      return refused('MCHID_NOT_EXIST', `子商户号 ${String(req.sub_mch_id)} 未绑定到本环境`);
    if (typeof req.nonce_str !== 'string' || req.nonce_str.length < 1 || req.nonce_str.length > 32)
      return badRequest('nonce_str 必填，且不超过 32 个字符');
    const outTradeNo = req.out_trade_no;
    if (typeof outTradeNo !== 'string' || !OUT_TRADE_NO.test(outTradeNo))
      return badRequest('out_trade_no 格式错误');
    switch (name) {
      case 'unifiedOrder':
        return this.unifiedOrder(outTradeNo, req);
      case 'queryOrder':
        return this.queryOrder(outTradeNo);
      case 'refund':
        return this.refund(outTradeNo, req);
      default:
        return badRequest(`the local CloudBase does not offer cloudPay.${name}`);
    }
  }

  private unifiedOrder(outTradeNo: string, req: Answer): Answer {
    const { body, total_fee: totalFee, env_id: envId, function_name: functionName } = req;
    if (typeof body !== 'string' || !body || Buffer.byteLength(body) > 128)
      return badRequest('body 必填，且不超过 128 字节');
    if (typeof totalFee !== 'number' || !Number.isSafeInteger(totalFee) || totalFee < 1)
      return badRequest('total_fee 必须是正整数（分）');
    if (typeof req.spbill_create_ip !== 'string' || !req.spbill_create_ip)
      return badRequest('spbill_create_ip 必填');
    if (envId !== this.opts.envId) return badRequest(`env_id ${String(envId)} 不是本环境`);
    if (typeof functionName !== 'string' || !this.opts.functionExists(functionName))
      return badRequest(`回调云函数 ${String(functionName)} 不存在`);
    if (req.trade_type !== undefined && req.trade_type !== 'JSAPI')
      return badRequest('trade_type 只支持 JSAPI');

    let order = this.opts.orders.get(outTradeNo);
    if (order) {
      if (order.state === 'SUCCESS' || order.state === 'REFUND')
        return refused('ORDERPAID', '该订单已支付');
      if (order.totalFee !== totalFee || order.body !== body)
        return refused('INVALID_REQUEST', '201 商户订单号重复');
    } else {
      order = {
        outTradeNo,
        prepayId: `wx${randomBytes(14).toString('hex')}`,
        subMchId: this.opts.merchantId,
        envId,
        functionName,
        body,
        totalFee,
        state: 'NOTPAY',
        transactionId: null,
        payer: null,
        timeEnd: null,
        refunds: [],
        createdAt: new Date().toISOString(),
      };
      this.opts.orders.set(outTradeNo, order);
    }
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${order.prepayId}`;
    return ok({
      sub_mch_id: order.subMchId,
      nonce_str: nonceStr,
      prepay_id: order.prepayId,
      trade_type: 'JSAPI',
      payment: {
        appId: 'wx-local-appid',
        timeStamp,
        nonceStr,
        package: pkg,
        signType: 'MD5',
        paySign: createHash('md5').update(`${pkg}${timeStamp}${nonceStr}`).digest('hex'),
      },
    });
  }

  private queryOrder(outTradeNo: string): Answer {
    const order = this.opts.orders.get(outTradeNo);
    if (!order) return refused('ORDERNOTEXIST', '此交易订单号不存在');
    return ok({
      out_trade_no: order.outTradeNo,
      trade_state: order.state,
      total_fee: order.totalFee,
      ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
      ...(order.timeEnd ? { time_end: order.timeEnd } : {}),
    });
  }

  private refund(outTradeNo: string, req: Answer): Answer {
    const order = this.opts.orders.get(outTradeNo);
    if (!order) return refused('ORDERNOTEXIST', '此交易订单号不存在');
    const outRefundNo = req.out_refund_no;
    if (typeof outRefundNo !== 'string' || !OUT_TRADE_NO.test(outRefundNo))
      return badRequest('out_refund_no 格式错误');
    if (req.total_fee !== order.totalFee || req.refund_fee !== order.totalFee)
      return refused('INVALID_REQUEST', '退款金额与订单金额不符');
    if (order.refunds.includes(outRefundNo))
      return ok({ out_trade_no: outTradeNo, out_refund_no: outRefundNo });
    if (order.state !== 'SUCCESS') return refused('TRADE_STATE_ERROR', '订单状态错误，不能退款');
    this.opts.orders.set(outTradeNo, {
      ...order,
      state: 'REFUND',
      refunds: [...order.refunds, outRefundNo],
    });
    // The refund result is reported to the order's function too; the fund only acknowledges it.
    void this.callback(order, {
      returnCode: 'SUCCESS',
      appid: 'wx-local-appid',
      subMchId: order.subMchId,
      reqInfo: { outTradeNo, outRefundNo, refundStatus: 'SUCCESS', refundFee: order.totalFee },
    });
    return ok({ out_trade_no: outTradeNo, out_refund_no: outRefundNo, refund_fee: order.totalFee });
  }

  /**
   * The payment sheet: the payer pays (or the bank declines) the order of `prepayId`. WeChat
   * then calls the order's function with the result; here the cashier waits for its first
   * answer, so whoever paid finds the fund credited (WeChat makes no such promise).
   */
  async pay(
    prepayId: string,
    payer: string,
    outcome: 'paid' | 'failed',
    /** false: the first callback is lost on the way (tests of WeChat's retries). */
    deliver = true,
  ): Promise<{ ok: boolean; errMsg: string; callback?: string }> {
    const order = this.opts.orders.values().find((o) => o.prepayId === prepayId);
    if (!order) return { ok: false, errMsg: 'requestPayment:fail 订单不存在' };
    if (order.state === 'SUCCESS' || order.state === 'REFUND')
      return { ok: false, errMsg: 'requestPayment:fail 该订单已支付' };
    if (outcome === 'failed') {
      this.opts.orders.set(order.outTradeNo, { ...order, state: 'PAYERROR', payer });
      const callback = await this.callback(order, {
        ...this.notice(order, payer),
        resultCode: 'FAIL',
        errCode: 'NOTENOUGH',
        errCodeDes: '余额不足',
      });
      return { ok: false, errMsg: 'requestPayment:fail 余额不足', callback };
    }
    const paid: PayOrderRecord = {
      ...order,
      state: 'SUCCESS',
      payer,
      transactionId: `4200${randomBytes(12).toString('hex')}`,
      timeEnd: stamp(new Date()),
    };
    this.opts.orders.set(order.outTradeNo, paid);
    if (!deliver) return { ok: true, errMsg: 'requestPayment:ok' };
    const callback = await this.callback(paid, this.paidNotice(paid));
    return { ok: true, errMsg: 'requestPayment:ok', callback };
  }

  /** The callback of a paid order, as WeChat sends it (and sends again until answered). */
  paidNotice(order: PayOrderRecord): Answer {
    return { ...this.notice(order, order.payer ?? ''), resultCode: 'SUCCESS' };
  }

  order(outTradeNo: string): PayOrderRecord | undefined {
    return this.opts.orders.get(outTradeNo);
  }

  /** The result callback's event, camelCase as cloud pay delivers it. */
  private notice(order: PayOrderRecord, payer: string): Answer {
    return {
      returnCode: 'SUCCESS',
      appid: 'wx-local-appid',
      mchId: '1800000000',
      subMchId: order.subMchId,
      nonceStr: randomBytes(16).toString('hex'),
      subOpenid: payer,
      isSubscribe: 'N',
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: order.totalFee,
      feeType: 'CNY',
      cashFee: order.totalFee,
      outTradeNo: order.outTradeNo,
      ...(order.transactionId ? { transactionId: order.transactionId } : {}),
      ...(order.timeEnd ? { timeEnd: order.timeEnd } : {}),
    };
  }

  /**
   * Sends a callback until the function answers `{ errcode: 0 }`, on WeChat's schedule; the
   * first attempt is awaited, the retries are not. Answers the first attempt's invocation id.
   */
  private async callback(order: PayOrderRecord, event: Answer, attempt = 0): Promise<string> {
    const invocation = randomUUID();
    let answer: unknown;
    try {
      answer = await this.opts.invoke(order.functionName, event, invocation);
    } catch (err) {
      answer = err;
    }
    const wait = CALLBACK_RETRIES_MS[attempt];
    if ((answer as { errcode?: unknown } | null)?.errcode !== 0 && wait !== undefined)
      setTimeout(() => void this.callback(order, event, attempt + 1), wait).unref();
    return invocation;
  }
}
