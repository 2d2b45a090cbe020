import type { Result } from '../../typings/api';
import type { PayRequest } from '../../typings/fund';
import { AppError } from '../errors';
import type { Schema } from '../validate';
import { notSetUpMessage, type SettingName } from './settings';

/**
 * The payment port: what the fund needs from a payment provider, in our terms. Its adapter is
 * WeChat Pay (ports/wechat/pay.ts), which the local CloudBase answers as WeChat would
 * (local/wechat/pay.ts); without a merchant account online giving is refused (`notSetUp`).
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

/**
 * Online giving without a merchant account: every use is refused with what the committee must
 * set up, and what a donor can do meanwhile.
 */
export class PaymentNotSetUp implements PaymentPort {
  readonly provider = 'none' as const;
  constructor(private readonly missing: readonly SettingName[]) {}

  refusal(): AppError {
    return new AppError(
      'NOT_SET_UP',
      `${notSetUpMessage(this.missing)}在此之前，可以请业委会登记现金或转账捐款。`,
    );
  }

  createOrder = () => Promise.reject(this.refusal());
  refund = () => Promise.reject(this.refusal());
  isNotice = () => false as const;
  confirm = () => Promise.reject(this.refusal());
  notice: Schema<PaymentNotice> = {
    parse: () => {
      throw this.refusal();
    },
  };
}

/** Refuses before anything is written when no provider is set up. */
export function assertOnlinePayment(port: PaymentPort): void {
  if (port instanceof PaymentNotSetUp) throw port.refusal();
}
