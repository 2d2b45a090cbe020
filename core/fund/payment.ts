import type { Result } from '../../typings/api';
import type { PayRequest } from '../../typings/fund';
import { AppError } from '../errors';
import type { Schema } from '../validate';

/**
 * The payment port: what the fund needs from a payment provider, in our terms. Two adapters
 * implement it — WeChat Pay (cloudfunctions/fund/src/wechatpay.ts, in the cloud) and the
 * simulated provider (local/payment.ts, on the local CloudBase) — and the function picks one
 * at start. Nothing provider-specific lives in core.
 */
export interface PayOrder {
  orderId: string;
  amountFen: number;
  /** Shown in the payer's WeChat Pay bill, e.g. "糖果甜蜜基金-寻回后山公园". */
  description: string;
}

/** A provider's word on an order, read from its callback. */
export interface PaymentNotice {
  orderId: string;
  paid: boolean;
  /** What the provider says was paid; must equal the order. */
  amountFen: number;
  /** The provider's transaction id. */
  providerRef: string;
}

export interface PaymentPort {
  readonly provider: PayRequest['provider'] | 'none';
  /** Opens (or reopens: idempotent per order id) an order; answers what the client pays with. */
  createOrder(order: PayOrder): Promise<PayRequest>;
  /** Gives a credited payment back. Idempotent per order id. */
  refund(order: PayOrder, reason: string): Promise<void>;
  /**
   * Whether a function event (with no `action`) is this provider's callback: a payment result
   * to apply, or one we only acknowledge (e.g. a refund result: the refund is booked already).
   */
  isNotice(event: Record<string, unknown>): 'payment' | 'acknowledge' | false;
  /** Reads the callback event (extra fields ignored, the ones we use checked). */
  notice: Schema<PaymentNotice>;
  /**
   * The provider's own word on a notice's order, asked before anything is credited: a callback
   * is an unauthenticated event, so a forged "paid" must not credit the fund. Answers the notice
   * as the provider confirms it (paid or not, the amount it holds).
   */
  confirm(notice: PaymentNotice): Promise<PaymentNotice>;
}

/**
 * The callback protocol of a CloudBase payment callback function: `{ errcode: 0 }` means
 * "handled, stop sending" — including a repeat we had already handled; anything else makes the
 * provider send it again (WeChat retries for up to two days), which is what we want after a
 * transient failure such as a transaction conflict.
 */
export function callbackAnswer(result: Result<unknown>): { errcode: number; errmsg: string } {
  return result.ok ? { errcode: 0, errmsg: '' } : { errcode: 1, errmsg: result.message };
}

const UNAVAILABLE = '在线捐款暂未开通，请联系业委会登记现金或转账捐款';

/** Refuses before anything is written when no provider is configured. */
export function assertOnlinePayment(port: PaymentPort): void {
  if (port.provider === 'none') throw new AppError('FORBIDDEN', UNAVAILABLE);
}

/** No provider configured (a cloud environment without a merchant account): online giving is off. */
export const NO_PAYMENT: PaymentPort = {
  provider: 'none',
  createOrder: () => Promise.reject(new AppError('FORBIDDEN', UNAVAILABLE)),
  refund: () => Promise.reject(new AppError('FORBIDDEN', '在线退款暂未开通')),
  isNotice: () => false,
  confirm: () => Promise.reject(new AppError('FORBIDDEN', UNAVAILABLE)),
  notice: {
    parse() {
      throw new AppError('FORBIDDEN', UNAVAILABLE);
    },
  },
};
