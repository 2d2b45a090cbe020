/**
 * Crash safety, end to end: a local CloudBase in a child process is SIGKILLed while the SDK
 * streams single writes and multi-document transactions at it; after a restart on the same
 * data directory every acknowledged write is there exactly once and no transaction is partial.
 */
import tcb from '@cloudbase/node-sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { sdkEnv } from '../../local/server';
import { ENV_ID, type Txn } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const WORKERS = 6;
const KILL_AFTER_ACKS = 150;

interface Child {
  proc: ChildProcess;
  exited: Promise<unknown>;
}

/** `node --import tsx` keeps the server in this one process (the tsx CLI would fork it), so SIGKILL hits it. */
async function startServer(dataDir: string): Promise<Child> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/main.ts', '--port', '0', '--data', dataDir],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = once(proc, 'exit');
  for await (const line of readline.createInterface({ input: proc.stdout! })) {
    if (line.startsWith('READY ')) {
      Object.assign(
        process.env,
        sdkEnv({ adminUrl: `${line.slice('READY '.length)}/admin` }, ENV_ID),
      );
      return { proc, exited };
    }
  }
  throw new Error('the local CloudBase exited before READY');
}

async function all<T>(
  db: ReturnType<ReturnType<typeof tcb.init>['database']>,
  coll: string,
  order: string,
): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const page = await db.collection(coll).orderBy(order, 'asc').skip(out.length).limit(1000).get();
    out.push(...(page.data as T[]));
    if (page.data.length < 1000) return out;
  }
}

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(tmpdir(), 'gongzhi-crash-'));
  // The SDK never clears its 3 s "slow request" timer when a request fails, and here requests
  // fail on purpose (the server is killed): SILENCE=true is the SDK's switch for that warning.
  process.env.SILENCE = 'true';
});

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

test('SIGKILL mid-stream loses no acknowledged write and leaves no partial transaction', async () => {
  let server = await startServer(dir);
  const db = tcb.init({ env: ENV_ID }).database();
  for (const name of ['counter', 'single', 'txn']) await db.createCollection(name);
  await db.collection('counter').add({ _id: 'c', n: 0 });

  const ackedSingles = new Set<number>();
  const ackedTxns = new Set<number>();
  let next = 0;
  let acks = 0;
  let killed = false;

  const worker = async (): Promise<void> => {
    while (!killed) {
      const op = next++;
      try {
        if (op % 3 === 2) {
          await db.runTransaction(async (t: Txn) => {
            const counter = (await t.collection('counter').doc('c').get()).data;
            await t.collection('txn').add({ txn: op, part: 1 });
            await t.collection('txn').add({ txn: op, part: 2 });
            await t
              .collection('counter')
              .doc('c')
              .update({ n: counter.n + 1 });
          });
          ackedTxns.add(op);
        } else {
          await db.collection('single').add({ seq: op });
          ackedSingles.add(op);
        }
      } catch (e) {
        if (killed) return; // the server is gone: this write was never acknowledged
        if ((e as { code?: string }).code === 'DATABASE_TRANSACTION_CONFLICT') continue; // retries exhausted: not acknowledged
        throw e;
      }
      if (++acks === KILL_AFTER_ACKS) {
        killed = true;
        server.proc.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  await server.exited;

  // Also a write torn by the crash: half a record at the end of the journal.
  await fs.appendFile(
    path.join(dir, 'journal.log'),
    '87 5f3a9c01 [{"op":"put","c":"single","doc":{"seq":-1',
  );

  server = await startServer(dir);
  try {
    const singles = await all<{ seq: number }>(db, 'single', 'seq');
    const seqs = singles.map((d) => d.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((s) => s >= 0)).toBe(true);
    for (const s of ackedSingles) expect(seqs).toContain(s);

    const parts = new Map<number, number[]>();
    for (const d of await all<{ txn: number; part: number }>(db, 'txn', 'txn')) {
      parts.set(d.txn, [...(parts.get(d.txn) ?? []), d.part].sort());
    }
    for (const [, p] of parts) expect(p).toEqual([1, 2]);
    for (const t of ackedTxns) expect(parts.has(t)).toBe(true);
    expect((await db.collection('counter').doc('c').get()).data[0].n).toBe(parts.size);

    // Answers already on their way when the server died count as acknowledged too.
    expect(ackedSingles.size + ackedTxns.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  } finally {
    server.proc.kill('SIGTERM');
    await server.exited;
  }
}, 30_000);
