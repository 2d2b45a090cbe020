/**
 * Durable storage: an append-only journal plus a snapshot, both made of the same records.
 *
 * A record is one line: `<payload bytes> <crc32 hex> <payload>\n`, the payload being
 * relaxed EJSON of an array of ops. Ops are after-images (put a whole document, delete
 * by id), so replaying a record twice is harmless; that makes compaction crash-safe.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { EJSON } from 'bson';
import { DbError } from './errors';
import type { Doc, DocId } from './values';

export type JournalOp =
  | { op: 'create'; c: string }
  | { op: 'put'; c: string; doc: Doc }
  | { op: 'del'; c: string; id: DocId };

const JOURNAL = 'journal.log';
const SNAPSHOT = 'snapshot.log';

function encodeRecord(ops: JournalOp[]): Buffer {
  const payload = Buffer.from(EJSON.stringify(ops, { relaxed: true }));
  return Buffer.concat([
    Buffer.from(`${payload.length} ${crc32(payload).toString(16)} `),
    payload,
    Buffer.from('\n'),
  ]);
}

/** Decodes the record starting at `offset`, or returns null if it is torn or corrupt. */
function decodeAt(buf: Buffer, offset: number): { ops: JournalOp[]; next: number } | null {
  const m = /^(\d+) ([0-9a-f]{1,8}) /.exec(buf.subarray(offset, offset + 24).toString('latin1'));
  if (!m) return null;
  const start = offset + m[0].length;
  const end = start + Number(m[1]);
  if (end >= buf.length || buf[end] !== 0x0a) return null;
  const payload = buf.subarray(start, end);
  if (crc32(payload).toString(16) !== m[2]) return null;
  try {
    return { ops: EJSON.parse(payload.toString('utf8')) as JournalOp[], next: end + 1 };
  } catch {
    return null;
  }
}

/** Whether any later line holds a valid record. */
function validRecordAfter(buf: Buffer, offset: number): boolean {
  for (let nl = buf.indexOf(0x0a, offset); nl !== -1; nl = buf.indexOf(0x0a, nl + 1)) {
    if (decodeAt(buf, nl + 1)) return true;
  }
  return false;
}

/**
 * Reads all records. A bad record is tolerated only at the tail (a write torn by a crash);
 * a valid record after a bad one means real corruption, and acknowledged data would be lost.
 */
function decodeRecords(buf: Buffer, file: string): { records: JournalOp[][]; end: number } {
  const records: JournalOp[][] = [];
  let offset = 0;
  for (let rec = decodeAt(buf, 0); rec; rec = decodeAt(buf, offset)) {
    records.push(rec.ops);
    offset = rec.next;
  }
  if (offset < buf.length && validRecordAfter(buf, offset)) {
    throw new Error(
      `${file} is corrupt at byte ${offset} and valid records follow; to start anyway, ` +
        'truncate it at that byte (dropping every record after it)',
    );
  }
  return { records, end: offset };
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Snapshot records, then journal records, in the order they must be applied. */
export async function loadDir(dir: string): Promise<JournalOp[][]> {
  await fs.mkdir(dir, { recursive: true });
  const snapshot = await readIfExists(path.join(dir, SNAPSHOT));
  const journal = await readIfExists(path.join(dir, JOURNAL));
  let records: JournalOp[][] = [];
  if (snapshot) {
    // Snapshots are renamed into place only when complete, so any damage is fatal.
    const snap = decodeRecords(snapshot, SNAPSHOT);
    if (snap.end !== snapshot.length) throw new Error(`${SNAPSHOT} is corrupt at byte ${snap.end}`);
    records = snap.records;
  }
  return journal ? records.concat(decodeRecords(journal, JOURNAL).records) : records;
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes the snapshot atomically (temp file, fsync, rename), then empties the journal. */
export async function compact(dir: string, ops: Iterable<JournalOp>): Promise<void> {
  const tmp = path.join(dir, `${SNAPSHOT}.tmp`);
  const fh = await fs.open(tmp, 'w');
  try {
    let chunk: Buffer[] = [];
    let size = 0;
    for (const op of ops) {
      const rec = encodeRecord([op]);
      chunk.push(rec);
      size += rec.length;
      if (size > 1 << 20) {
        await fh.write(Buffer.concat(chunk));
        chunk = [];
        size = 0;
      }
    }
    await fh.write(Buffer.concat(chunk));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, path.join(dir, SNAPSHOT));
  await fsyncDir(dir);
  const journal = await fs.open(path.join(dir, JOURNAL), 'w');
  try {
    await journal.sync();
  } finally {
    await journal.close();
  }
}

interface Waiter {
  resolve(): void;
  reject(e: Error): void;
}

/**
 * The append side, with group commit: records arriving while an fsync is in flight
 * are written and synced together by the next one.
 */
export class Journal {
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;

  private constructor(private readonly fh: fs.FileHandle) {}

  static async open(dir: string): Promise<Journal> {
    return new Journal(await fs.open(path.join(dir, JOURNAL), 'a'));
  }

  /** Resolves once the record is on disk. */
  append(ops: JournalOp[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failed());
    this.pending.push(encodeRecord(ops));
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.flushing ??= this.flush();
    return done;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.fh.close();
  }

  private failed(): DbError {
    return new DbError(
      'LOCAL_JOURNAL_FAILED',
      `journal write failed, restart the local CloudBase: ${this.failure?.message}`,
    );
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = Buffer.concat(this.pending);
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        for (let written = 0; written < batch.length;) {
          written += (await this.fh.write(batch, written)).bytesWritten;
        }
        await this.fh.datasync();
        waiters.forEach((w) => w.resolve());
      } catch (e) {
        // Memory now holds writes the disk may lack: refuse further writes rather than diverge.
        this.failure = e as Error;
        [...waiters, ...this.waiters].forEach((w) => w.reject(this.failed()));
        this.pending = [];
        this.waiters = [];
      }
    }
    this.flushing = null;
  }
}
