import type { Database } from './handler';

/** What a transaction offers: single-document reads and writes on its collections. */
export interface Transaction {
  collection(name: string): ReturnType<Database['collection']>;
}

const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';
const ATTEMPTS = 10;

/**
 * Runs `work` in a database transaction, retrying on write conflicts with jittered backoff.
 * The SDK's own runTransaction retries only three times with no pause, which loses under a
 * burst of co-signs or votes on one counter; an AppError thrown by `work` rolls back and
 * passes through untouched.
 */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // 0 = no retries inside the SDK: this loop owns them.
      return (await db.runTransaction(work, 0)) as T;
    } catch (err) {
      if ((err as { code?: string }).code !== CONFLICT || attempt >= ATTEMPTS) throw err;
      const ceiling = Math.min(100, 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

/** A get inside a transaction answers the document or null (outside: an array); either way, one document or undefined. */
export function single<T>(data: unknown): T | undefined {
  if (Array.isArray(data)) return data[0] as T | undefined;
  return (data ?? undefined) as T | undefined;
}
