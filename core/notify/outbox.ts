import { Collections } from '../collections';
import type { CommandContext } from '../runtime/handler';
import type { OutboxDoc, OutgoingMessage } from './model';
import type { IndexDecl } from '../indexes';

const DUPLICATE = 'DATABASE_DUPLICATE_WRITE';

function toDoc(m: OutgoingMessage, now: Date): OutboxDoc {
  const { id, ...rest } = m;
  return {
    _id: id,
    ...rest,
    status: 'pending',
    attempts: 0,
    claim: null,
    claimedAt: null,
    sentAt: null,
    lastError: null,
    createdAt: now,
  };
}

/**
 * Queues messages. Ids are deterministic, so queueing the same notice twice (a retried command,
 * two overlapping scheduler runs) stores it once. One round trip for the batch; when some were
 * queued already, one per message to add the rest.
 */
export async function enqueue(ctx: CommandContext, messages: OutgoingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const outbox = ctx.db.collection(Collections.notifyOutbox);
  const docs = messages.map((m) => toDoc(m, ctx.now));
  try {
    await outbox.add(docs);
  } catch (err) {
    if ((err as { code?: string }).code !== DUPLICATE) throw err;
    for (const doc of docs) {
      try {
        await outbox.add(doc);
      } catch (e) {
        if ((e as { code?: string }).code !== DUPLICATE) throw e;
      }
    }
  }
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.notifyOutbox,
    keys: { topic: 1, status: 1 },
    why: "withdraw: a topic's pending messages",
  },
];

/**
 * Withdraws the messages of a topic that have not gone out yet (optionally only some
 * recipients or templates): the thing they were about changed. One round trip.
 */
export async function withdraw(
  ctx: CommandContext,
  topic: string,
  only: { toOpenid?: string; templates?: string[]; ids?: string[] } = {},
): Promise<number> {
  const _ = ctx.db.command;
  const where: Record<string, unknown> = { topic, status: 'pending' };
  if (only.toOpenid) where.toOpenid = only.toOpenid;
  if (only.templates) where.template = _.in(only.templates);
  if (only.ids) where._id = _.in(only.ids);
  const { updated } = await ctx.db
    .collection(Collections.notifyOutbox)
    .where(where)
    .update({ status: 'withdrawn' });
  return updated ?? 0;
}
