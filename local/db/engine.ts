/**
 * The database engine: collections in memory, every committed write journaled before it is
 * acknowledged, unique indexes, and transactions with the cloud's snapshot isolation.
 */
import { randomUUID } from 'node:crypto';
import { EJSON } from 'bson';
import { CLOUD_MESSAGES, DbError } from './errors';
import { Journal, compact, loadDir, type JournalOp } from './journal';
import { aggregate, applyUpdate, compileQuery, select, type Page } from './query';
import { Collection, type DocChange } from './collection';
import {
  assertStorable,
  canonicalKey,
  clone,
  idKey,
  isDocId,
  newDocId,
  toEJSON,
  type Doc,
  type DocId,
} from './values';

export interface IndexSpec {
  collection: string;
  fields: string[];
}

export interface OpenOptions {
  /** Directory for the journal and snapshot; null/undefined keeps everything in memory. */
  dataDir?: string | null;
  uniqueIndexes?: IndexSpec[];
  /** Collections to create if missing (every action on a missing collection fails, as in the cloud). */
  collections?: string[];
  /** A transaction not committed or aborted this long after it started is discarded. */
  transactionTimeoutMs?: number;
}

export interface InTransaction {
  txn?: string;
}

export interface FindOptions extends Page, InTransaction {}

export interface UpdateOptions extends InTransaction {
  multi?: boolean;
  upsert?: boolean;
  /** Replace the whole document (the SDK's `set`) instead of applying update operators. */
  replace?: boolean;
}

export interface UpdateResult {
  matched: number;
  /**
   * What the cloud answers as `updated`: documents changed, as MongoDB counts them for update
   * operators; every matched document for a replacement (`set`), changed or not.
   */
  updated: number;
  upsertedId?: DocId;
}

interface Change extends DocChange {
  coll: string;
}

/**
 * Snapshot isolation, as the cloud documents it: reads see the database as it was at the
 * transaction's first operation (MongoDB takes the snapshot then, not at startTransaction), plus
 * its own writes; each write locks its document until commit or abort.
 */
interface Transaction {
  readonly id: string;
  /** Whether its snapshot is taken (at its first read or write). */
  begun: boolean;
  /** The snapshot's content of documents committed by others since then (null = absent). */
  readonly snapshot: Map<string, Change>;
  /** Its own writes, invisible to others until commit (null = deleted); each locks its document. */
  readonly writes: Map<string, Change>;
  readonly timer: NodeJS.Timeout;
  /** Settles when the transaction ends; writes waiting for its locks go on then. */
  readonly ended: Promise<void>;
  readonly end: () => void;
}

/** What one write operation will do, computed from the current state in one synchronous step. */
interface Plan<R> {
  changes: Change[];
  /** Documents the operation matched or creates: a transaction locks them, others wait for them. */
  touched: string[];
  result: R;
}

const refKey = (coll: string, id: DocId): string => `${coll}\u0000${idKey(id)}`;

/** The id of a `{ _id: <id> }` query (what `doc(id)` sends), else undefined. */
function exactId(query: Doc): DocId | undefined {
  const keys = Object.keys(query);
  return keys.length === 1 && keys[0] === '_id' && isDocId(query._id) ? query._id : undefined;
}

/** Document order of a dump: by typed id key (numbers, ObjectIds, strings), then by value. */
function byId(a: Doc, b: Doc): number {
  const [x, y] = [a._id as DocId, b._id as DocId];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const [kx, ky] = [idKey(x), idKey(y)];
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}

function notExist(): DbError {
  return new DbError('DATABASE_COLLECTION_NOT_EXIST', CLOUD_MESSAGES.collectionNotExist);
}

function conflict(): DbError {
  return new DbError('DATABASE_TRANSACTION_CONFLICT', CLOUD_MESSAGES.transactionConflict);
}

export class Database {
  private readonly collections = new Map<string, Collection>();
  private readonly transactions = new Map<string, Transaction>();
  private journal: Journal | null = null;
  /** Committed document changes (and creations) per collection since start. */
  private readonly changed = new Map<string, number>();

  private constructor(private readonly transactionTimeoutMs: number) {}

  /** Loads snapshot + journal, compacts them into a fresh snapshot, then accepts writes. */
  static async open(opts: OpenOptions = {}): Promise<Database> {
    const db = new Database(opts.transactionTimeoutMs ?? 30_000);
    if (opts.dataDir) for (const record of await loadDir(opts.dataDir)) db.replay(record);
    for (const name of opts.collections ?? []) db.collectionOrCreate(name);
    for (const { collection, fields } of opts.uniqueIndexes ?? []) {
      db.ensureUniqueIndex(collection, fields);
    }
    if (opts.dataDir) {
      await compact(opts.dataDir, db.snapshotOps());
      db.journal = await Journal.open(opts.dataDir);
    }
    return db;
  }

  async close(): Promise<void> {
    for (const t of [...this.transactions.values()]) this.finish(t);
    await this.journal?.close();
  }

  /** Returns false if it already existed. */
  async createCollection(name: string): Promise<boolean> {
    if (this.collections.has(name)) return false;
    this.collections.set(name, new Collection(name));
    this.countChanges(name, 1);
    await this.journal?.append([{ op: 'create', c: name }]);
    return true;
  }

  /** Declares a unique index (not persisted: declare it at every start). Creates the collection. */
  ensureUniqueIndex(collection: string, fields: string[]): void {
    this.collectionOrCreate(collection).addUniqueIndex(fields);
  }

  // ---- reads ----

  get(coll: string, id: DocId, opts: InTransaction = {}): Doc | null {
    const doc = opts.txn
      ? this.readInTxn(this.txn(opts.txn), coll, id)
      : (this.existing(coll).get(id) ?? null);
    return clone(doc);
  }

  find(coll: string, query: Doc, opts: FindOptions = {}): Doc[] {
    const { txn, ...page } = opts;
    return select(
      this.candidates(coll, query, txn ? this.txn(txn) : null),
      compileQuery(query),
      page,
    );
  }

  count(coll: string, query: Doc): number {
    const q = compileQuery(query);
    let n = 0;
    for (const doc of this.candidates(coll, query, null)) if (q.test(doc)) n++;
    return n;
  }

  /** `$lookup` of a collection that does not exist joins nothing, as in MongoDB. */
  aggregate(coll: string, pipeline: Doc[]): Doc[] {
    return aggregate(
      this.existing(coll).values(),
      pipeline,
      (name) => this.collections.get(name)?.values() ?? [],
    );
  }

  // ---- writes ----

  /** Inserts all or nothing. */
  insert(coll: string, docs: Doc[], opts: InTransaction = {}): Promise<DocId[]> {
    return this.write(opts.txn, (t) => {
      const existing = this.existing(coll);
      const changes: Change[] = [];
      const batch = new Set<string>();
      for (const input of docs) {
        const doc: Doc = { _id: input._id ?? newDocId(), ...clone(input) };
        const id = doc._id;
        if (!isDocId(id))
          throw new DbError('INVALID_PARAM', '_id must be a string, a number or an ObjectId');
        assertStorable(doc);
        const there = t ? this.readInTxn(t, coll, id) : existing.get(id);
        if (there || batch.has(idKey(id))) {
          throw new DbError(
            'DATABASE_DUPLICATE_WRITE',
            `a document with _id ${toEJSON(id)} already exists in "${coll}"`,
          );
        }
        batch.add(idKey(id));
        changes.push({ coll, id, after: doc });
      }
      return {
        changes,
        touched: changes.map((c) => refKey(coll, c.id)),
        result: changes.map((c) => c.id),
      };
    });
  }

  async update(
    coll: string,
    query: Doc,
    update: Doc,
    opts: UpdateOptions = {},
  ): Promise<UpdateResult> {
    const { result } = await this.modify(coll, query, update, opts);
    return result;
  }

  /**
   * Updates the first match and returns it as updated (the SDK's `updateAndReturn`); `updated`
   * counts the match, as the cloud answers it, even when the values were already there.
   */
  async findOneAndUpdate(
    coll: string,
    query: Doc,
    update: Doc,
    opts: InTransaction = {},
  ): Promise<{ updated: number; doc: Doc | null }> {
    const { result, docs } = await this.modify(coll, query, update, { txn: opts.txn });
    return { updated: result.matched, doc: docs[0] ?? null };
  }

  remove(
    coll: string,
    query: Doc,
    opts: { multi?: boolean } & InTransaction = {},
  ): Promise<number> {
    return this.write(opts.txn, (t) => {
      const targets = this.targets(coll, query, opts.multi ?? false, t);
      return {
        changes: targets.map((doc) => ({ coll, id: doc._id as DocId, after: null })),
        touched: targets.map((doc) => refKey(coll, doc._id as DocId)),
        result: targets.length,
      };
    });
  }

  // ---- transactions ----

  startTransaction(): string {
    const id = randomUUID();
    let end = (): void => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    const timer = setTimeout(() => {
      const t = this.transactions.get(id);
      if (t) this.finish(t);
    }, this.transactionTimeoutMs).unref();
    this.transactions.set(id, {
      id,
      begun: false,
      snapshot: new Map(),
      writes: new Map(),
      timer,
      ended,
      end,
    });
    return id;
  }

  /**
   * Applies the buffered writes atomically (one journal record). Its locks kept everyone else
   * off its documents, so a commit conflicts only when the store was restored under it. Either
   * way the transaction is over.
   */
  async commitTransaction(id: string): Promise<void> {
    const t = this.txn(id);
    this.finish(t);
    for (const key of t.writes.keys()) if (t.snapshot.has(key)) throw conflict();
    await this.commit([...t.writes.values()]);
  }

  abortTransaction(id: string): void {
    this.finish(this.txn(id));
  }

  // ---- test support: proving that a refused call changed nothing ----

  /**
   * Committed changes per collection since start: documents written or deleted, collections
   * created. Equal counts before and after a call mean the call changed nothing (a write that
   * leaves a document as it was is no change); cheap enough to read around every call.
   */
  changeCounts(): Record<string, number> {
    const names = [...this.collections.keys()].sort();
    return Object.fromEntries(names.map((n) => [n, this.changed.get(n) ?? 0]));
  }

  /** The whole store as one string, collections and documents in id order: equal dumps, equal stores. */
  dump(): string {
    const names = [...this.collections.keys()].sort();
    return toEJSON(
      Object.fromEntries(names.map((n) => [n, [...this.collections.get(n)!.values()].sort(byId)])),
    );
  }

  /**
   * Puts every document back as `dump` had it, as one ordinary committed write of the
   * differences (journaled; open transactions holding those documents conflict at commit).
   * Collections created since stay, emptied.
   */
  async restore(dump: string): Promise<void> {
    const wanted = EJSON.parse(dump, { relaxed: true }) as Record<string, Doc[]>;
    const changes: Change[] = [];
    for (const [coll, c] of this.collections) {
      const keep = new Set((wanted[coll] ?? []).map((d) => idKey(d._id as DocId)));
      for (const doc of c.values()) {
        const id = doc._id as DocId;
        if (!keep.has(idKey(id))) changes.push({ coll, id, after: null });
      }
    }
    for (const [coll, docs] of Object.entries(wanted)) {
      await this.createCollection(coll);
      for (const doc of docs) {
        const id = doc._id as DocId;
        const now = this.collections.get(coll)!.get(id);
        if (!now || canonicalKey(now) !== canonicalKey(doc)) changes.push({ coll, id, after: doc });
      }
    }
    await this.commit(changes);
  }

  // ---- internals ----

  private existing(coll: string): Collection {
    const c = this.collections.get(coll);
    if (!c) throw notExist();
    return c;
  }

  private collectionOrCreate(coll: string): Collection {
    let c = this.collections.get(coll);
    if (!c) this.collections.set(coll, (c = new Collection(coll)));
    return c;
  }

  /** An open transaction, for an operation in it: the first one takes its snapshot. */
  private txn(id: string): Transaction {
    const t = this.transactions.get(id);
    if (!t) throw new DbError('DATABASE_TRANSACTION_FAIL', CLOUD_MESSAGES.transactionNotExist);
    t.begun = true;
    return t;
  }

  /** Ends a transaction: its locks go and writes waiting for them resume. */
  private finish(t: Transaction): void {
    clearTimeout(t.timer);
    this.transactions.delete(t.id);
    t.end();
  }

  /** The transaction's view of one document: its own write, else its snapshot. */
  private readInTxn(t: Transaction, coll: string, id: DocId): Doc | null {
    const c = this.existing(coll);
    const key = refKey(coll, id);
    const own = t.writes.get(key) ?? t.snapshot.get(key);
    return own ? own.after : (c.get(id) ?? null);
  }

  /** Every document of a collection as the transaction sees it. */
  private *viewInTxn(t: Transaction, coll: string): Generator<Doc> {
    for (const doc of this.existing(coll).values()) {
      const key = refKey(coll, doc._id as DocId);
      if (!t.writes.has(key) && !t.snapshot.has(key)) yield doc;
    }
    for (const [key, before] of t.snapshot)
      if (before.coll === coll && before.after && !t.writes.has(key)) yield before.after;
    for (const own of t.writes.values()) if (own.coll === coll && own.after) yield own.after;
  }

  /** Docs a query may match, as the caller (a transaction or not) sees them. */
  private candidates(coll: string, query: Doc, t: Transaction | null): Iterable<Doc> {
    const id = exactId(query);
    if (id !== undefined) {
      const doc = t ? this.readInTxn(t, coll, id) : this.existing(coll).get(id);
      return doc ? [doc] : [];
    }
    return t ? this.viewInTxn(t, coll) : this.existing(coll).values();
  }

  /** Matching docs (the first only unless multi). */
  private targets(coll: string, query: Doc, multi: boolean, t: Transaction | null): Doc[] {
    const q = compileQuery(query);
    const out: Doc[] = [];
    for (const doc of this.candidates(coll, query, t)) {
      if (!q.test(doc)) continue;
      out.push(doc);
      if (!multi) break;
    }
    return out;
  }

  private modify(
    coll: string,
    query: Doc,
    update: Doc,
    opts: UpdateOptions,
  ): Promise<{ result: UpdateResult; docs: Doc[] }> {
    if (opts.replace) {
      if (Object.keys(update).some((k) => k.startsWith('$')))
        throw new DbError(
          'INVALID_PARAM',
          'a replacement document cannot contain update operators',
        );
      if ('_id' in update) throw new DbError('INVALID_PARAM', 'cannot change _id');
    }
    const build = (base: Doc): Doc => {
      const doc = opts.replace ? { _id: base._id, ...clone(update) } : clone(base);
      if (!opts.replace) applyUpdate(doc, update);
      assertStorable(doc);
      return doc;
    };
    return this.write(opts.txn, (t) => {
      const targets = this.targets(coll, query, opts.multi ?? false, t);
      const changes: Change[] = [];
      const docs: Doc[] = [];
      for (const before of targets) {
        const after = build(before);
        docs.push(clone(after));
        if (canonicalKey(after) !== canonicalKey(before))
          changes.push({ coll, id: before._id as DocId, after });
      }
      const touched = targets.map((doc) => refKey(coll, doc._id as DocId));
      let upsertedId: DocId | undefined;
      if (targets.length === 0 && opts.upsert) {
        upsertedId = exactId(query);
        if (upsertedId === undefined)
          throw new DbError('INVALID_PARAM', 'upsert needs a query by _id');
        const after = build({ _id: upsertedId });
        changes.push({ coll, id: upsertedId, after });
        docs.push(clone(after));
        touched.push(refKey(coll, upsertedId));
      }
      const updated = upsertedId !== undefined ? 0 : opts.replace ? targets.length : changes.length;
      return {
        changes,
        touched,
        result: { result: { matched: targets.length, updated, upsertedId }, docs },
      };
    });
  }

  /**
   * Runs a write: inside a transaction its changes are buffered once it holds their documents;
   * outside, it commits as soon as no transaction holds any of them, as the cloud's writes
   * block on a transaction's locks. `plan` runs again after each wait, on the state then.
   */
  private async write<R>(
    txnId: string | undefined,
    plan: (t: Transaction | null) => Plan<R>,
  ): Promise<R> {
    for (;;) {
      const t = txnId ? this.txn(txnId) : null;
      const p = plan(t);
      if (t) {
        this.lock(t, p.touched);
        for (const change of p.changes) t.writes.set(refKey(change.coll, change.id), change);
        return p.result;
      }
      const holder = this.holder(p.touched);
      if (!holder) {
        await this.commit(p.changes);
        return p.result;
      }
      await holder.ended;
    }
  }

  /**
   * A transaction may write a document nobody changed since its snapshot and no other open
   * transaction holds; otherwise it loses at once and, as in the cloud, is aborted.
   */
  private lock(t: Transaction, keys: string[]): void {
    if (keys.some((key) => t.snapshot.has(key)) || this.holder(keys, t)) {
      this.finish(t);
      throw conflict();
    }
  }

  /** The open transaction (other than `except`) that holds one of these documents. */
  private holder(keys: string[], except?: Transaction): Transaction | undefined {
    for (const t of this.transactions.values()) {
      if (t !== except && keys.some((key) => t.writes.has(key))) return t;
    }
    return undefined;
  }

  /**
   * Validates, applies and journals a set of changes as one unit, first giving every open
   * transaction the old content of what changes. Everything before the journal append is
   * synchronous, so no other request can interleave.
   */
  private async commit(changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    const byColl = new Map<string, Change[]>();
    for (const ch of changes) byColl.set(ch.coll, [...(byColl.get(ch.coll) ?? []), ch]);
    for (const [coll, group] of byColl) this.existing(coll).checkUnique(group);
    for (const t of this.transactions.values()) {
      if (!t.begun) continue;
      for (const { coll, id } of changes) {
        const key = refKey(coll, id);
        if (!t.snapshot.has(key))
          t.snapshot.set(key, { coll, id, after: this.collections.get(coll)!.get(id) ?? null });
      }
    }
    for (const [coll, group] of byColl) {
      this.collections.get(coll)!.apply(group);
      this.countChanges(coll, group.length);
    }
    await this.journal?.append(
      changes.map(({ coll, id, after }): JournalOp =>
        after ? { op: 'put', c: coll, doc: after } : { op: 'del', c: coll, id },
      ),
    );
  }

  private countChanges(coll: string, n: number): void {
    this.changed.set(coll, (this.changed.get(coll) ?? 0) + n);
  }

  private replay(ops: JournalOp[]): void {
    for (const op of ops) {
      const c = this.collectionOrCreate(op.c);
      if (op.op === 'put') c.load(op.doc._id as DocId, op.doc);
      else if (op.op === 'del') c.load(op.id, null);
    }
  }

  private *snapshotOps(): Generator<JournalOp> {
    for (const [name, c] of this.collections) {
      yield { op: 'create', c: name };
      for (const doc of c.values()) yield { op: 'put', c: name, doc };
    }
  }
}
