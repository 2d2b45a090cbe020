import { fundCommands } from '../../../core/fund/commands';
import { callbackAnswer, NO_PAYMENT, type PaymentPort } from '../../../core/fund/payment';
import { createHandler, type InvocationContext } from '../../../core/runtime/handler';
import { isLocalCloudBase, simulatedPayment } from '../../../local/payment';
import { wechatPay } from './wechatpay';

/**
 * 社区基金: funds, campaigns, donations, expenses and the ledger. The payment adapter is chosen
 * once per instance: WeChat Pay when configured (cloudbaserc.json envVariables), the simulated
 * provider on the local CloudBase only, otherwise none (online giving is refused).
 */
function paymentPort(env: NodeJS.ProcessEnv): PaymentPort {
  if (env.PAYMENT_PROVIDER === 'wechatpay' && env.WXPAY_SUB_MCH_ID && env.SCF_NAMESPACE)
    return wechatPay({ subMchId: env.WXPAY_SUB_MCH_ID, envId: env.SCF_NAMESPACE });
  return isLocalCloudBase(env) ? simulatedPayment : NO_PAYMENT;
}

const port = paymentPort(process.env);
const handle = createHandler(fundCommands(port));

/** An event without `action` may be the provider's callback: answered by its protocol. */
export async function main(event: unknown, context: InvocationContext) {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const notice = e.action === undefined && port.isNotice(e);
  if (notice === 'acknowledge') return { errcode: 0, errmsg: '' };
  if (notice === 'payment')
    return callbackAnswer(await handle({ ...e, action: 'payCallback' }, context));
  return handle(event, context);
}
main.commands = handle.commands;
