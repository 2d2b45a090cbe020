import { randomUUID } from 'node:crypto';
import type { ActionName, FunctionName, ReqOf, ResOf, Result } from '../../typings/api';
import type { PayRequest } from '../../typings/fund';
import type { FunctionRunner } from '../runner';
import type { LocalCloudBase } from '../server';

/**
 * Calls the cloud functions as a given person, the way the mini-program would (same runner,
 * same checks), for seeding demo data through the real code path. Throws on a refusal:
 * seed data that the rules refuse is a bug in the seed.
 */
export function actAs(runner: FunctionRunner, openid?: string) {
  return async function call<F extends FunctionName, A extends ActionName<F>>(
    fn: F,
    action: A,
    req: ReqOf<F, A>,
  ): Promise<ResOf<F, A>> {
    const event = { ...(req as object), action };
    const res = (await runner.invoke(fn, event, { openid }, randomUUID())) as Result<ResOf<F, A>>;
    if (!res.ok)
      throw new Error(`${fn}.${action} as ${openid ?? 'system'}: ${res.code} ${res.message}`);
    return res.data;
  };
}

/**
 * Pays an order as its donor would on the phone: WeChat's payment sheet (the local CloudBase's
 * stand-in), which then calls the fund back. Throws when the sheet refuses.
 */
export async function payAs(
  cloudbase: LocalCloudBase,
  openid: string,
  payment: PayRequest | undefined,
): Promise<void> {
  const prepayId = /^prepay_id=(.+)$/.exec(payment?.params.package ?? '')?.[1];
  if (!prepayId) throw new Error('the order came without WeChat Pay parameters');
  const paid = await cloudbase.wechat.pay.pay(prepayId, openid, 'paid');
  if (!paid.ok) throw new Error(`payment as ${openid}: ${paid.errMsg}`);
}
