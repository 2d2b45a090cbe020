import { Collections } from './collections';
import { AppError } from './errors';
import type { CommandContext } from './runtime/handler';

export interface Limit {
  /** Name of what is limited, e.g. 'bind'. */
  bucket: string;
  max: number;
  windowMs: number;
  /** Shown when the limit is hit. */
  message: string;
}

/**
 * Counts an attempt and refuses it past the limit. Fixed windows keyed by time, so a new window
 * is a new document and nothing ever needs resetting; the count is an atomic increment, so a
 * burst of parallel attempts cannot slip past the limit. One round trip (two for the first
 * attempt of a window).
 */
export async function countAttempt(ctx: CommandContext, key: string, limit: Limit): Promise<void> {
  const window = Math.floor(ctx.now.getTime() / limit.windowMs);
  const id = `${limit.bucket}_${key}_${window}`;
  const counters = ctx.db.collection(Collections.rateLimits);
  const _ = ctx.db.command;
  let count: number | undefined;
  for (let tries = 0; count === undefined && tries < 3; tries++) {
    const res = await counters.where({ _id: id }).updateAndReturn({ count: _.inc(1) });
    if (res.doc) {
      count = (res.doc as { count: number }).count;
      break;
    }
    try {
      const expiresAt = new Date((window + 1) * limit.windowMs);
      await counters.add({ _id: id, count: 1, expiresAt });
      count = 1;
    } catch (err) {
      // Someone else opened the window first: count on their document.
      if ((err as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw err;
    }
  }
  if (count === undefined || count > limit.max) throw new AppError('RATE_LIMITED', limit.message);
}
