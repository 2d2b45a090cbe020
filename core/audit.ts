import { Collections } from './collections';
import type { CommandContext, Database } from './runtime/handler';
import type { Transaction } from './runtime/tx';

/** An entry of the append-only audit log: every state change writes one. */
export interface AuditDoc {
  estateId: string;
  /** openid of who did it ('system' for the scheduler). */
  actor: string;
  /** The action key, e.g. 'community.bind'. */
  action: string;
  /** What it was done to (a unit id, a member id, …). */
  target: string;
  /** A human summary in Chinese, shown in the actor's records. */
  summary: string;
  at: Date;
}

/**
 * Appends an audit entry, through the transaction when the change is transactional (so the
 * record and the change commit together) or through the database otherwise.
 *
 * Outside a transaction the change and its entry are two writes, and an attempt can fail
 * between them; the client then retries. Given an `id` derived from the change (an order, a
 * co-sign and its time), the entry is written at most once, so the retry writes it if the first
 * attempt could not, and never a second one. `entry.at` keeps the time of the change itself.
 */
export async function writeAudit(
  via: Transaction | Database,
  ctx: CommandContext,
  entry: Omit<AuditDoc, 'at'> & { at?: Date },
  id?: string,
): Promise<unknown> {
  const doc: AuditDoc = { at: ctx.now, ...entry };
  const log = via.collection(Collections.auditLog);
  if (id === undefined) return log.add(doc);
  try {
    return await log.add({ _id: id, ...doc });
  } catch (err) {
    if ((err as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw err;
    return undefined;
  }
}
