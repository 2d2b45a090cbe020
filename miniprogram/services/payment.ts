import type { PayRequest } from '../../typings/fund';

/**
 * Paying for a donation: WeChat Pay's sheet, with the parameters the server's order gave. The
 * fund is credited when WeChat Pay's result reaches the server, a moment later, never because
 * the page says so. On the local CloudBase the same call opens its stand-in cashier.
 */

export type PayOutcome = 'paid' | 'failed' | 'cancelled';

export async function pay(payment: PayRequest): Promise<PayOutcome> {
  try {
    await wx.requestPayment({ ...payment.params });
    return 'paid';
  } catch (err) {
    return /cancel/.test((err as { errMsg?: string }).errMsg ?? '') ? 'cancelled' : 'failed';
  }
}

/** A fresh key per attempt: a double tap or a retry of the same attempt reuses it. */
export function newRequestKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
