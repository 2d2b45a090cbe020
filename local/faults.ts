/**
 * Fault injection for reliability tests: a plan per invocation (or one global plan for
 * database calls made outside any invocation) fails, delays or loses database calls.
 */

export interface FaultPlan {
  /** Fail the N-th database call (1-based) of the invocation; it changes nothing. */
  failCall?: number;
  /** Delay the N-th database call by `ms` before running it. */
  delayCall?: { n: number; ms: number };
  /** Every commitTransaction fails without applying anything. */
  failCommit?: boolean;
  /** Every commitTransaction is applied but answers an error, like a network loss after the commit. */
  dropCommitAck?: boolean;
}

/** What to do with one database call. */
export interface FaultDecision {
  /** Answer LOCAL_INJECTED_FAULT with this message instead of running the call. */
  fail?: string;
  delayMs?: number;
  /** Run the call, then answer LOCAL_INJECTED_FAULT anyway. */
  dropAck?: boolean;
}

export const INJECTED_FAULT = 'LOCAL_INJECTED_FAULT';

const COMMIT = 'database.commitTransaction';

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

/** Validates untrusted input (an X-Fault header, a POST body) as a plan; throws with the reason. */
export function parseFaultPlan(value: unknown): FaultPlan {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('a fault plan must be a JSON object');
  const plan = value as Record<string, unknown>;
  const known = ['failCall', 'delayCall', 'failCommit', 'dropCommitAck'];
  const unknown = Object.keys(plan).find((k) => !known.includes(k));
  if (unknown) throw new Error(`unknown fault "${unknown}"`);
  if (plan.failCall !== undefined && !isCount(plan.failCall))
    throw new Error('failCall must be an integer >= 1');
  if (plan.delayCall !== undefined) {
    const d = plan.delayCall as { n?: unknown; ms?: unknown } | null;
    if (!d || !isCount(d.n) || !Number.isSafeInteger(d.ms) || (d.ms as number) < 0) {
      throw new Error('delayCall must be { n: integer >= 1, ms: integer >= 0 }');
    }
  }
  for (const flag of ['failCommit', 'dropCommitAck']) {
    if (plan[flag] !== undefined && typeof plan[flag] !== 'boolean')
      throw new Error(`${flag} must be a boolean`);
  }
  return plan as FaultPlan;
}

interface ActivePlan {
  plan: FaultPlan;
  calls: number;
}

export class FaultRegistry {
  private readonly plans = new Map<string, ActivePlan>();
  private global: ActivePlan | null = null;

  set(invocationId: string, plan: FaultPlan): void {
    this.plans.set(invocationId, { plan, calls: 0 });
  }

  clear(invocationId: string): void {
    this.plans.delete(invocationId);
  }

  /** Applies to database calls that carry no invocation id; its call count starts now. */
  setGlobal(plan: FaultPlan): void {
    this.global = { plan, calls: 0 };
  }

  clearGlobal(): void {
    this.global = null;
  }

  /** Called once per database call: counts it against the plan that applies and decides its fate. */
  decide(invocationId: string | undefined, action: string): FaultDecision {
    const active = invocationId === undefined ? this.global : this.plans.get(invocationId);
    if (!active) return {};
    const n = ++active.calls;
    const { plan } = active;
    if (plan.failCall === n)
      return { fail: `injected fault: database call #${n} (${action}) failed` };
    const isCommit = action === COMMIT;
    if (isCommit && plan.failCommit)
      return { fail: 'injected fault: commit failed, nothing was applied' };
    return {
      delayMs: plan.delayCall?.n === n ? plan.delayCall.ms : undefined,
      dropAck: isCommit && plan.dropCommitAck === true,
    };
  }
}
