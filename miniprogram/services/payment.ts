import type { PayRequest } from '../../typings/fund';
import { call } from './cloud';

/**
 * Paying for a donation. The server says which provider an order uses; the page never decides.
 */

export type PayOutcome = 'paid' | 'failed' | 'cancelled';

/**
 * Pays an order: WeChat Pay's sheet in WeChat (the fund is credited when WeChat's callback
 * reaches the server, a moment later), or on the local CloudBase the simulated provider, which
 * asks whether the payment went through and tells the server.
 */
export async function pay(payment: PayRequest, amountText: string): Promise<PayOutcome> {
  if (payment.provider === 'wechatpay') {
    try {
      await wx.requestPayment({ ...payment.params, timeStamp: payment.params.timeStamp });
      return 'paid';
    } catch (err) {
      return /cancel/.test((err as { errMsg?: string }).errMsg ?? '') ? 'cancelled' : 'failed';
    }
  }
  const { confirm } = await wx.showModal({
    title: '模拟支付',
    content: `本地环境没有微信支付。支付 ${amountText}？`,
    confirmText: '支付成功',
    cancelText: '支付失败',
  });
  const res = await call('fund', 'simulatePayment', {
    orderId: payment.orderId,
    outcome: confirm ? 'paid' : 'failed',
  });
  return res.ok && res.data.status === 'paid' ? 'paid' : 'failed';
}

/** A fresh key per attempt: a double tap or a retry of the same attempt reuses it. */
export function newRequestKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
