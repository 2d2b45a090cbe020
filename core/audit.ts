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
 */
export function writeAudit(
  via: Transaction | Database,
  ctx: CommandContext,
  entry: Omit<AuditDoc, 'at'>,
): Promise<unknown> {
  const doc: AuditDoc = { ...entry, at: ctx.now };
  return via.collection(Collections.auditLog).add(doc);
}
