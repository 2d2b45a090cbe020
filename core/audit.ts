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

export function auditEntry(entry: Omit<AuditDoc, 'at'>, at: Date): AuditDoc {
  return { ...entry, at };
}
