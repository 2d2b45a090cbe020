import { fundCommands } from '../../../core/fund/commands';
import { choosePorts } from '../../../core/ports';
import { callbackAnswer } from '../../../core/ports/payment';
import { wechatPayment } from '../../../core/ports/wechat/pay';
import { cloudStorage } from '../../../core/ports/wechat/storage';
import { createHandler, type InvocationContext } from '../../../core/runtime/handler';

/**
 * 社区基金: funds, campaigns, donations, expenses and the ledger. Payment is WeChat Pay when
 * the environment has its merchant setting (cloudbaserc.json envVariables); otherwise online
 * giving is refused with what is missing.
 */
const chosen = choosePorts(process.env, { payment: wechatPayment, storage: cloudStorage });
const handle = createHandler(fundCommands, chosen);
const payment = chosen.ports.payment;

/** An event without `action` may be the provider's callback: answered by its protocol. */
export async function main(event: unknown, context: InvocationContext) {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const notice = e.action === undefined && payment.isNotice(e);
  if (notice === 'acknowledge') return { errcode: 0, errmsg: '' };
  if (notice === 'payment')
    return callbackAnswer(await handle({ ...e, action: 'payCallback' }, context));
  return handle(event, context);
}
main.commands = handle.commands;
main.settings = handle.settings;
