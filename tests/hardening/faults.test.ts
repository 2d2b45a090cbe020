/**
 * Fault injection through the local CloudBase (local/faults.ts), for the actions where a lost
 * or doubled write costs most: casting a ballot, co-signing, signing up, giving, the payment
 * notice and approving an expense. Each scenario (fault-scenarios.ts) first runs clean, which
 * says how many database calls the action makes; then every fault is injected into a fresh
 * attempt — each of those calls failing in turn, the commit failing, the commit applied but
 * its answer lost, a call delayed past the function timeout — and the client retries the same
 * request. After each: the answer to the faulted call was a proper one (or the platform's
 * timeout), the invariants hold, and the retry completed the attempt exactly once.
 * Killing the store mid-burst is crash.test.ts.
 */
import type { FaultPlan } from '../../local/faults';
import { seedEstate, sizedEstate } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { answerProblem } from '../support/answers';
import { postFn } from '../support/gateway';
import { SCENARIOS, type Env, type Outcome } from './fault-scenarios';

/** Short enough to run past cheaply; each delayed call sleeps twice as long. */
const SHORT_TIMEOUT_MS = 300;

let stack: Stack;
let env: Env;
let normalTimeout: number | undefined;

beforeAll(async () => {
  process.env.SILENCE = 'true'; // the SDK's slow-request warning, for the delays we inject
  stack = await startStack();
  normalTimeout = stack.runner.timeoutMs;
  const estate = await seedEstate(stack.db, sizedEstate('faults', 60));
  env = {
    db: stack.db,
    estate,
    url: stack.cloudbase.url,
    async call(openid, fn, event, fault) {
      const a = await postFn(stack.cloudbase.url, fn, event, { openid, fault });
      return { status: a.status, result: a.result, dbCalls: a.dbCalls };
    },
  };
}, 60_000);
afterAll(() => stack.close());

/** A proper answer: the contract's Result, or a payment callback's protocol answer. */
function improper(o: Outcome, timedOut: boolean): string | null {
  if (timedOut) return o.status === 500 ? null : `expected the platform's timeout, got ${o.status}`;
  const r = o.result as { errcode?: unknown } | null;
  if (o.status === 200 && typeof r?.errcode === 'number') return null;
  return answerProblem({ status: o.status, result: o.result, dbCalls: o.dbCalls, body: {} });
}

describe.each(SCENARIOS.map((make) => [make.name, make] as const))('%s', (_name, make) => {
  it('survives every fault, and the retry completes exactly once', async () => {
    const s = await make(env);
    let next = 0;

    // Clean: it succeeds, and its database calls are the ones to fail one by one.
    const clean = await s.attempt(next++);
    const answer = await env.call(clean.openid, clean.fn, clean.event);
    expect(clean.succeeded(answer)).toBe(true);
    expect(await clean.effects()).toBe(clean.complete);
    const calls = answer.dbCalls;
    expect(calls).toBeGreaterThan(1);

    const faults: Array<{ fault: string; plan: FaultPlan; timeout?: true }> = [
      ...Array.from({ length: calls }, (_, i) => ({
        fault: `database call ${i + 1} of ${calls} fails`,
        plan: { failCall: i + 1 },
      })),
      { fault: 'the commit fails', plan: { failCommit: true } },
      { fault: 'the commit applies, its answer is lost', plan: { dropCommitAck: true } },
      // Not the very last call: a later attempt may make one call fewer (a rate-limit window
      // already open), and its delay would then never happen.
      ...[Math.ceil(calls / 2), calls - 1].map((n) => ({
        fault: `database call ${n} is delayed past the function timeout`,
        plan: { delayCall: { n, ms: 2 * SHORT_TIMEOUT_MS } },
        timeout: true as const,
      })),
    ];

    // The functions log each injected failure as unexpected, and the gateway each timeout.
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen = [];
    for (const { fault, plan, timeout } of faults) {
      await s.later?.(); // what an earlier case left to time is done: each case starts clean
      const a = await s.attempt(next++);
      if (timeout) stack.runner.timeoutMs = SHORT_TIMEOUT_MS;
      const faulted = await env.call(a.openid, a.fn, a.event, plan).finally(() => {
        stack.runner.timeoutMs = normalTimeout;
      });
      // A timed-out invocation runs on: its invariants are checked once it is done.
      if (!timeout) await stack.runner.settled();
      const afterFault = timeout ? [] : await s.invariants();
      // The client retries the same request, while a timed-out invocation may still be running.
      const retry = await env.call(a.openid, a.fn, a.event);
      await stack.runner.settled();
      const retried = await a.effects();
      await s.later?.();
      seen.push({
        fault,
        answer: improper(faulted, timeout === true) ?? 'proper',
        afterFault,
        retry: a.succeeded(retry) ? 'succeeded' : JSON.stringify(retry.result),
        retried: retried === a.deferred ? 'deferred by design' : retried,
        effects: await a.effects(),
        invariants: await s.invariants(),
      });
    }
    log.mockRestore();
    const { complete } = clean;
    expect(seen).toEqual(
      seen.map(({ fault, retried }) => ({
        fault,
        answer: 'proper',
        afterFault: [],
        retry: 'succeeded',
        retried: retried === 'deferred by design' ? retried : complete,
        effects: complete,
        invariants: [],
      })),
    );
    // Deferral is the exception: a failed lease release, not any fault in the append.
    expect(seen.filter((x) => x.retried === 'deferred by design').length).toBeLessThanOrEqual(1);
  });
});
