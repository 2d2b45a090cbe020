import { randomUUID } from 'node:crypto';
import type { ActionName, FunctionName, ReqOf, ResOf, Result } from '../../typings/api';
import type { FunctionRunner } from '../runner';

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
