import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../local/stack';

/**
 * Shared pieces of `npm run bench`. A scenario gets a fresh stack with the journal on disk
 * (as `npm start` runs it) and returns its figures; the runner prints them all as one JSON
 * line. Figures are only comparable within one run: this machine is noisy (2 cores).
 */
export interface BenchStack extends Stack {
  dispose(): Promise<void>;
}

export async function benchStack(): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-'));
  const stack = await startStack({ dataDir });
  return {
    ...stack,
    async dispose() {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Burst {
  perSec: number;
  p50Ms: number;
  p95Ms: number;
  errors: number;
}

/** Runs `count` operations with at most `concurrency` in flight; an operation that throws is an error. */
export async function burst(
  count: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<Burst> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      try {
        await op(i);
      } catch {
        errors++;
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { perSec: round(count / seconds), p50Ms: at(0.5), p95Ms: at(0.95), errors };
}

export const round = (x: number): number => Math.round(x * 10) / 10;
