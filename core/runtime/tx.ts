import type { Database } from './handler';

/**
 * What a transaction offers: reads of one snapshot (taken at its first operation), and writes
 * that conflict at once when another commit touched the document since.
 */
export interface Transaction {
  collection(name: string): ReturnType<Database['collection']>;
}

const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';
/**
 * How long to keep retrying a conflicted transaction. A count would not do: the cloud's
 * transactions conflict from their first operation on (snapshot isolation, write locks), so
 * under a burst on one document (a fund's ledger head) the wait depends on how many are ahead,
 * not on how often one tried. Well inside the shortest function timeout (20 s).
 */
const RETRY_BUDGET_MS = 8_000;

/**
 * Runs `work` in a database transaction, retrying on write conflicts with jittered backoff for
 * up to RETRY_BUDGET_MS. The SDK's own runTransaction retries only three times with no pause,
 * which loses under a burst of co-signs or votes on one counter; an AppError thrown by `work`
 * rolls back and passes through untouched.
 */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      // 0 = no retries inside the SDK: this loop owns them.
      return (await db.runTransaction(work, 0)) as T;
    } catch (err) {
      if ((err as { code?: string }).code !== CONFLICT) throw err;
      if (Date.now() - started > RETRY_BUDGET_MS) throw err;
      const ceiling = Math.min(200, 2 ** attempt * 2);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

/** A get inside a transaction answers the document or null (outside: an array); either way, one document or undefined. */
export function single<T>(data: unknown): T | undefined {
  if (Array.isArray(data)) return data[0] as T | undefined;
  return (data ?? undefined) as T | undefined;
}
