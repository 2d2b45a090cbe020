import { randomBytes } from 'node:crypto';
import type { PayRequest } from '../../../typings/fund';
import { AppError, invalid } from '../../errors';
import { PaymentNotSetUp, type PaymentNotice, type PaymentPort } from '../payment';
import { setting } from '../settings';
import { wxCloud } from './cloud';

/**
 * The WeChat Pay adapter (云开发 微信支付, "cloud pay"): orders through `cloudPay.unifiedOrder`
 * of wx-server-sdk, whose result callback the platform delivers to the fund function as an
 * event without `action`. Everything WeChat-specific lives here. Needs a sub-merchant account
 * bound to the CloudBase environment (the WXPAY_SUB_MCH_ID setting); see docs/cloud.md.
 */

/** The part of wx-server-sdk's `cloud.cloudPay` we use; answers are camelCase JSON. */
export interface CloudPay {
  unifiedOrder(req: Record<string, unknown>): Promise<CloudPayAnswer & { payment?: unknown }>;
  refund(req: Record<string, unknown>): Promise<CloudPayAnswer>;
  queryOrder(
    req: Record<string, unknown>,
  ): Promise<CloudPayAnswer & { tradeState?: string; totalFee?: number; transactionId?: string }>;
}

interface CloudPayAnswer {
  returnCode?: string;
  returnMsg?: string;
  resultCode?: string;
  errCode?: string;
  errCodeDes?: string;
}

export interface WechatPayConfig {
  /** 子商户号 bound to the environment. */
  subMchId: string;
  /** The environment whose `fund` function receives the callbacks. */
  envId: string;
}

const FUNCTION_NAME = 'fund';

/** wx-server-sdk's `cloudPay`, which its typings leave out. */
const cloudPay = (): CloudPay => (wxCloud() as unknown as { cloudPay: CloudPay }).cloudPay;

function check(answer: CloudPayAnswer, what: string): void {
  if (answer.returnCode === 'SUCCESS' && answer.resultCode === 'SUCCESS') return;
  console.error(`[fund] WeChat Pay ${what} refused`, answer);
  throw new AppError(
    'INTERNAL',
    `微信支付暂时不可用（${answer.errCodeDes ?? answer.returnMsg ?? '未知原因'}），请稍后再试`,
  );
}

const nonce = (): string => randomBytes(16).toString('hex');
const TRADE_NO = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Reads a payment result callback. Only the fields we use are checked; the platform sends many
 * more (appid, bankType, timeEnd…). `returnCode` is the transport flag, `resultCode` the payment.
 */
export function parseWechatNotice(value: unknown): PaymentNotice {
  const e = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (e.returnCode !== 'SUCCESS') throw invalid('returnCode', '支付通知通信失败');
  if (typeof e.outTradeNo !== 'string' || !TRADE_NO.test(e.outTradeNo))
    throw invalid('outTradeNo', '支付通知的订单号不正确');
  const paid = e.resultCode === 'SUCCESS';
  const totalFee = e.totalFee;
  if (paid && (typeof totalFee !== 'number' || !Number.isSafeInteger(totalFee)))
    throw invalid('totalFee', '支付通知的金额不正确');
  return {
    orderId: e.outTradeNo,
    paid,
    amountFen: typeof totalFee === 'number' ? totalFee : 0,
    providerRef: typeof e.transactionId === 'string' ? e.transactionId.slice(0, 64) : '',
  };
}

/**
 * The payment port of a function: WeChat Pay when the sub-merchant id is set, else a port that
 * refuses online giving and says what is missing.
 */
export function wechatPayment(env: NodeJS.ProcessEnv): PaymentPort {
  const subMchId = setting(env, 'WXPAY_SUB_MCH_ID');
  const envId = env.SCF_NAMESPACE;
  if (!subMchId || !envId) return new PaymentNotSetUp(['WXPAY_SUB_MCH_ID']);
  return wechatPay({ subMchId, envId });
}
wechatPayment.settings = ['WXPAY_SUB_MCH_ID'] as const;

export function wechatPay(config: WechatPayConfig, pay: () => CloudPay = cloudPay): PaymentPort {
  return {
    provider: 'wechatpay',
    async createOrder(order) {
      const answer = await pay().unifiedOrder({
        body: order.description,
        outTradeNo: order.orderId,
        spbillCreateIp: '127.0.0.1',
        subMchId: config.subMchId,
        totalFee: order.amountFen,
        envId: config.envId,
        functionName: FUNCTION_NAME,
        nonceStr: nonce(),
        tradeType: 'JSAPI',
      });
      check(answer, 'unifiedOrder');
      return {
        provider: 'wechatpay',
        params: answer.payment as Extract<PayRequest, { provider: 'wechatpay' }>['params'],
      };
    },
    async refund(order, reason) {
      const answer = await pay().refund({
        subMchId: config.subMchId,
        nonceStr: nonce(),
        outTradeNo: order.orderId,
        // One refund per order, so the refund number derives from it (a retry is the same refund).
        outRefundNo: `r${order.orderId.slice(1)}`,
        totalFee: order.amountFen,
        refundFee: order.amountFen,
        refundDesc: reason.slice(0, 80),
        envId: config.envId,
        functionName: FUNCTION_NAME,
      });
      check(answer, 'refund');
    },
    isNotice(event) {
      if (typeof event.returnCode !== 'string') return false;
      // A refund result: the refund was booked when it was asked for; just acknowledge it.
      if ('reqInfo' in event || 'refundStatus' in event || 'outRefundNo' in event)
        return 'acknowledge';
      return typeof event.outTradeNo === 'string' ? 'payment' : false;
    },
    notice: { parse: (value) => parseWechatNotice(value) },
    /** Asks WeChat Pay for the order itself (queryOrder): only its answer credits the fund. */
    async confirm(n) {
      const answer = await pay().queryOrder({
        subMchId: config.subMchId,
        outTradeNo: n.orderId,
        nonceStr: nonce(),
      });
      check(answer, 'queryOrder');
      // Not paid yet is no result at all: a callback saying otherwise changes nothing.
      if (answer.tradeState === 'NOTPAY' || answer.tradeState === 'USERPAYING')
        throw new AppError('CONFLICT', '微信支付尚未收到这笔付款');
      // A refunded order was paid first (the refund has its own record).
      const paid = answer.tradeState === 'SUCCESS' || answer.tradeState === 'REFUND';
      const amountFen = answer.totalFee;
      if (paid && (typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen)))
        throw new AppError('INTERNAL', '微信支付返回的金额不正确，稍后将重试');
      return {
        orderId: n.orderId,
        paid,
        amountFen: paid ? (amountFen as number) : n.amountFen,
        providerRef: answer.transactionId?.slice(0, 64) ?? n.providerRef,
      };
    },
  };
}
