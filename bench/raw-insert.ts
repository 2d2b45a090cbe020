import type { BenchStack } from './lib';
import { burst } from './lib';

/** The store's plain insert throughput through the SDK: the yardstick the other figures are divided by. */
export async function rawInsertPerSec(
  stack: BenchStack,
  count: number,
  concurrency: number,
): Promise<number> {
  // As in the cloud, a collection must be created before anything is written to it.
  await stack.db.createCollection('benchRaw');
  const coll = stack.db.collection('benchRaw');
  const result = await burst(count, concurrency, (i) => coll.add({ i, at: new Date() }));
  if (result.errors > 0) throw new Error(`raw insert: ${result.errors} errors`);
  return result.perSec;
}
