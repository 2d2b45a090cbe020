import { randomBytes } from 'node:crypto';
import { Collections } from '../collections';
import type { CommandContext } from '../runtime/handler';
import type { OutboxDoc, OutboxStatus } from './model';
import type { NotifyPort, SendOutcome } from '../ports/notify';
import type { IndexDecl } from '../indexes';

/** Messages per run: each is two round trips plus the send, well inside the minute. */
export const SEND_BATCH = 50;
/** A claim older than this belongs to a run that died: the message may be taken again. */
export const CLAIM_LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 5;

/** Minutes to wait before retry n (1-based): 1, 2, 4, 8… */
export const retryDelayMs = (attempts: number): number => 60_000 * 2 ** Math.max(0, attempts - 1);

/** What becomes of a message after a send. Pure. */
export function afterSend(
  outcome: SendOutcome,
  attempts: number,
  now: Date,
): { status: OutboxStatus; dueAt?: Date; lastError: string | null } {
  if (outcome.ok) return { status: 'sent', lastError: null };
  if (outcome.retry && attempts < MAX_ATTEMPTS) {
    return {
      status: 'pending',
      dueAt: new Date(now.getTime() + retryDelayMs(attempts)),
      lastError: outcome.reason,
    };
  }
  return { status: 'failed', lastError: outcome.reason };
}

/**
 * Takes a message for this run: a conditional update on the state it was read in, so of two
 * overlapping runs that both read it, exactly one gets `updated: 1` and sends it.
 */
async function claim(ctx: CommandContext, m: OutboxDoc, run: string): Promise<boolean> {
  const _ = ctx.db.command;
  const { updated } = await ctx.db
    .collection(Collections.notifyOutbox)
    .where({ _id: m._id, status: m.status, claim: m.claim ?? null })
    .update({ status: 'sending', claim: run, claimedAt: ctx.now, attempts: _.inc(1) });
  return updated === 1;
}

/** Writes the outcome, only while this run still holds the claim. */
function settle(ctx: CommandContext, id: string, run: string, changes: Record<string, unknown>) {
  return ctx.db
    .collection(Collections.notifyOutbox)
    .where({ _id: id, claim: run })
    .update({ ...changes, claim: null });
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.notifyOutbox,
    keys: { status: 1, dueAt: 1, claimedAt: 1 },
    why: 'sendDue: due pending messages and lapsed claims, by due time',
  },
];

/**
 * Sends the due messages through the port. Exactly once per message across overlapping runs
 * (the claim); a run that dies between claiming and settling leaves the message 'sending', and
 * it is taken again after the lease: at least once then, which is the better failure for a
 * reminder. Returns how many were sent.
 */
export async function sendDue(ctx: CommandContext, port: NotifyPort): Promise<number> {
  const _ = ctx.db.command;
  const lapsed = new Date(ctx.now.getTime() - CLAIM_LEASE_MS);
  const { data } = await ctx.db
    .collection(Collections.notifyOutbox)
    .where(
      _.or([
        { status: 'pending', dueAt: _.lte(ctx.now) },
        { status: 'sending', claimedAt: _.lte(lapsed) },
      ]),
    )
    .orderBy('dueAt', 'asc')
    .limit(SEND_BATCH)
    .get();
  const run = randomBytes(8).toString('hex');
  let sent = 0;
  for (const m of data as OutboxDoc[]) {
    if (!(await claim(ctx, m, run))) continue;
    if (new Date(m.expiresAt) <= ctx.now) {
      await settle(ctx, m._id, run, { status: 'expired' });
      continue;
    }
    let outcome: SendOutcome;
    try {
      outcome = await port.send({
        id: m._id,
        toOpenid: m.toOpenid,
        template: m.template,
        subject: m.subject,
        time: m.time ? new Date(m.time) : null,
        place: m.place,
        note: m.note,
        page: m.page,
      });
    } catch (err) {
      outcome = { ok: false, retry: true, reason: String((err as Error)?.message ?? err) };
    }
    const next = afterSend(outcome, m.attempts + 1, ctx.now);
    await settle(ctx, m._id, run, {
      ...next,
      ...(next.status === 'sent' ? { sentAt: ctx.now } : {}),
    });
    if (outcome.ok) sent++;
  }
  return sent;
}
