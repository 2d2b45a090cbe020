import type { PaymentNotice, PaymentPort } from '../core/fund/payment';
import { id, int, object, oneOf, string, type Schema } from '../core/validate';

/**
 * The simulated payment provider: the local CloudBase's stand-in for WeChat Pay, so donations
 * run end to end with no merchant account. Orders need no setup; a payment is confirmed (or
 * failed) by a notice like a provider's callback — posted to the fund function with no action
 * and no caller, as the platform does — or, from the mini-program, by the donor's own
 * `simulatePayment` action, which only exists when this adapter is active.
 */

/** The id of the local CloudBase's environment (local/stack.ts LOCAL_ENV_ID). */
const LOCAL_ENV_ID = 'gongzhi-local';

/**
 * True on the local CloudBase. A CloudBase environment id always carries a random suffix, so
 * no cloud environment is called exactly this: the simulated provider can never be active there.
 */
export const isLocalCloudBase = (env: NodeJS.ProcessEnv): boolean =>
  env.SCF_NAMESPACE === LOCAL_ENV_ID;

export interface SimulatedNotice {
  provider: 'simulated';
  orderId: string;
  outcome: 'paid' | 'failed';
  totalFen: number;
  transactionId: string;
}

/** The notice the simulated provider sends when `orderId` is paid (or fails). */
export function simulatedNotice(
  orderId: string,
  totalFen: number,
  outcome: SimulatedNotice['outcome'] = 'paid',
): SimulatedNotice {
  return { provider: 'simulated', orderId, outcome, totalFen, transactionId: `sim_${orderId}` };
}

const shape = object({
  provider: oneOf('支付渠道', ['simulated'] as const),
  orderId: id('订单'),
  outcome: oneOf('支付结果', ['paid', 'failed'] as const),
  totalFen: int('金额', { min: 0, max: Number.MAX_SAFE_INTEGER }),
  transactionId: string('交易号', { max: 64 }),
});

const notice: Schema<PaymentNotice> = {
  shape: shape.shape,
  parse(value, path) {
    const n = shape.parse(value, path);
    return {
      orderId: n.orderId,
      paid: n.outcome === 'paid',
      amountFen: n.totalFen,
      providerRef: n.transactionId,
    };
  },
};

export const simulatedPayment: PaymentPort = {
  provider: 'simulated',
  createOrder: async (order) => ({ provider: 'simulated', orderId: order.orderId }),
  refund: async () => undefined,
  isNotice: (event) => (event.provider === 'simulated' ? 'payment' : false),
  notice,
  // The simulated provider's notices are the payments themselves: nothing else to ask.
  confirm: async (n) => n,
};
