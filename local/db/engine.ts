/**
 * The database engine: collections in memory, every committed write journaled before it
 * is acknowledged, unique indexes, and optimistic transactions validated at commit.
 */
import { randomUUID } from 'node:crypto';
import { EJSON } from 'bson';
import { DbError } from './errors';
import { Journal, compact, loadDir, type JournalOp } from './journal';
import { aggregate, applyUpdate, compileQuery, select, type Page } from './query';
import { Collection, type DocChange } from './collection';
import { canonicalKey, clone, isDocId, newDocId, toEJSON, type Doc, type DocId } from './values';

export interface IndexSpec {
  collection: string;
  fields: string[];
}

export interface OpenOptions {
  /** Directory for the journal and snapshot; null/undefined keeps everything in memory. */
  dataDir?: string | null;
  uniqueIndexes?: IndexSpec[];
  /** Collections to create if missing (reads of a missing collection fail, as in the cloud). */
  collections?: string[];
  /** Open transactions untouched for this long are discarded. */
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
  /** Documents actually changed, as MongoDB counts them. */
  updated: number;
  upsertedId?: DocId;
}

interface Change extends DocChange {
  coll: string;
}

interface Transaction {
  /** Committed version of each doc the transaction read or wrote, taken when first touched. */
  readonly seen: Map<string, { coll: string; id: DocId; version: number }>;
  /** Buffered writes, invisible to others until commit; null = deleted. */
  readonly writes: Map<string, Change>;
  readonly timer: NodeJS.Timeout;
}

const refKey = (coll: string, id: DocId): string => `${coll}\u0000${typeof id}\u0000${id}`;

/** The id of a `{ _id: <id> }` query (what `doc(id)` sends), else undefined. */
function exactId(query: Doc): DocId | undefined {
  const keys = Object.keys(query);
  return keys.length === 1 && keys[0] === '_id' && isDocId(query._id) ? query._id : undefined;
}

/** Document order of a dump: numbers before strings (ids of both kinds are distinct), then by value. */
function byId(a: Doc, b: Doc): number {
  const [x, y] = [a._id as DocId, b._id as DocId];
  if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function notExist(coll: string): DbError {
  return new DbError('DATABASE_COLLECTION_NOT_EXIST', `collection "${coll}" does not exist`);
}

export class Database {
  private readonly collections = new Map<string, Collection>();
  private readonly transactions = new Map<string, Transaction>();
  private journal: Journal | null = null;
  private version = 0;
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
    for (const t of this.transactions.values()) clearTimeout(t.timer);
    this.transactions.clear();
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
      ? this.readInTxn(this.txn(opts.txn), coll, id, true)
      : (this.existing(coll).docs.get(id) ?? null);
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

  aggregate(coll: string, pipeline: Doc[]): Doc[] {
    return aggregate(
      this.existing(coll).docs.values(),
      pipeline,
      (name) => this.collections.get(name)?.docs.values() ?? [],
    );
  }

  // ---- writes ----

  /** Inserts all or nothing; a collection that does not exist is created. */
  async insert(coll: string, docs: Doc[], opts: InTransaction = {}): Promise<DocId[]> {
    const t = opts.txn ? this.txn(opts.txn) : null;
    const changes: Change[] = [];
    const batch = new Set<DocId>();
    for (const input of docs) {
      const doc: Doc = { _id: input._id ?? newDocId(), ...clone(input) };
      const id = doc._id;
      if (!isDocId(id)) throw new DbError('INVALID_PARAM', '_id must be a string or a number');
      const existing = t
        ? this.readInTxn(t, coll, id, false)
        : this.collections.get(coll)?.docs.get(id);
      if (existing || batch.has(id)) {
        throw new DbError(
          'DATABASE_DUPLICATE_WRITE',
          `a document with _id ${JSON.stringify(id)} already exists in "${coll}"`,
        );
      }
      batch.add(id);
      changes.push({ coll, id, after: doc });
    }
    await this.write(changes, t);
    return changes.map((c) => c.id);
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

  /** Updates the first match and returns it as updated (the SDK's `updateAndReturn`). */
  async findOneAndUpdate(
    coll: string,
    query: Doc,
    update: Doc,
    opts: InTransaction = {},
  ): Promise<{ updated: number; doc: Doc | null }> {
    const { result, docs } = await this.modify(coll, query, update, { txn: opts.txn });
    return { updated: result.updated, doc: docs[0] ?? null };
  }

  async remove(
    coll: string,
    query: Doc,
    opts: { multi?: boolean } & InTransaction = {},
  ): Promise<number> {
    const t = opts.txn ? this.txn(opts.txn) : null;
    const targets = this.targets(coll, query, opts.multi ?? false, t, false);
    await this.write(
      targets.map((doc) => ({ coll, id: doc._id as DocId, after: null })),
      t,
    );
    return targets.length;
  }

  // ---- transactions ----

  startTransaction(): string {
    const id = randomUUID();
    const timer = setTimeout(() => this.transactions.delete(id), this.transactionTimeoutMs).unref();
    this.transactions.set(id, { seen: new Map(), writes: new Map(), timer });
    return id;
  }

  /**
   * Applies the buffered writes atomically (one journal record), unless a doc the
   * transaction touched was changed since: then it loses with DATABASE_TRANSACTION_CONFLICT.
   * Either way the transaction is over.
   */
  async commitTransaction(id: string): Promise<void> {
    const t = this.take(id);
    for (const seen of t.seen.values()) {
      if (this.versionOf(seen.coll, seen.id) !== seen.version) {
        throw new DbError(
          'DATABASE_TRANSACTION_CONFLICT',
          `transaction conflict: ${seen.coll}/${seen.id} was changed by another write`,
        );
      }
    }
    await this.commit([...t.writes.values()]);
  }

  abortTransaction(id: string): void {
    this.take(id);
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
      Object.fromEntries(
        names.map((n) => [n, [...this.collections.get(n)!.docs.values()].sort(byId)]),
      ),
    );
  }

  /**
   * Puts every document back as `dump` had it, as one ordinary committed write of the
   * differences (journaled, versions bumped, so open transactions touching them conflict).
   * Collections created since stay, emptied.
   */
  async restore(dump: string): Promise<void> {
    const wanted = EJSON.parse(dump, { relaxed: true }) as Record<string, Doc[]>;
    const changes: Change[] = [];
    for (const [coll, c] of this.collections) {
      const keep = new Set((wanted[coll] ?? []).map((d) => d._id));
      for (const id of c.docs.keys()) if (!keep.has(id)) changes.push({ coll, id, after: null });
    }
    for (const [coll, docs] of Object.entries(wanted)) {
      await this.createCollection(coll);
      for (const doc of docs) {
        const id = doc._id as DocId;
        const now = this.collections.get(coll)!.docs.get(id);
        if (!now || canonicalKey(now) !== canonicalKey(doc)) changes.push({ coll, id, after: doc });
      }
    }
    await this.commit(changes);
  }

  // ---- internals ----

  private existing(coll: string): Collection {
    const c = this.collections.get(coll);
    if (!c) throw notExist(coll);
    return c;
  }

  private collectionOrCreate(coll: string): Collection {
    let c = this.collections.get(coll);
    if (!c) this.collections.set(coll, (c = new Collection(coll)));
    return c;
  }

  private versionOf(coll: string, id: DocId): number {
    return this.collections.get(coll)?.versionOf(id) ?? 0;
  }

  private txn(id: string): Transaction {
    const t = this.transactions.get(id);
    if (!t)
      throw new DbError(
        'DATABASE_TRANSACTION_FAIL',
        `transaction ${id} does not exist (committed, aborted or expired)`,
      );
    t.timer.refresh();
    return t;
  }

  private take(id: string): Transaction {
    const t = this.txn(id);
    clearTimeout(t.timer);
    this.transactions.delete(id);
    return t;
  }

  /** The transaction's view of one doc; records the committed version it is based on. */
  private readInTxn(t: Transaction, coll: string, id: DocId, mustExist: boolean): Doc | null {
    const key = refKey(coll, id);
    const written = t.writes.get(key);
    if (written) return written.after;
    const c = this.collections.get(coll);
    if (!c && mustExist && ![...t.writes.values()].some((w) => w.coll === coll))
      throw notExist(coll);
    if (!t.seen.has(key)) t.seen.set(key, { coll, id, version: c?.versionOf(id) ?? 0 });
    return c?.docs.get(id) ?? null;
  }

  /** Docs a query may match. Inside a transaction only single-document access by _id exists, as in the cloud. */
  private candidates(
    coll: string,
    query: Doc,
    t: Transaction | null,
    mustExist = true,
  ): Iterable<Doc> {
    const id = exactId(query);
    if (t) {
      if (id === undefined)
        throw new DbError(
          'INVALID_PARAM',
          'inside a transaction only single-document operations by _id are allowed',
        );
      const doc = this.readInTxn(t, coll, id, mustExist);
      return doc ? [doc] : [];
    }
    const c = mustExist ? this.existing(coll) : this.collections.get(coll);
    if (!c) return [];
    if (id === undefined) return c.docs.values();
    const doc = c.docs.get(id);
    return doc ? [doc] : [];
  }

  /** Matching docs (the first only unless multi); an upsert may target a collection yet to be created. */
  private targets(
    coll: string,
    query: Doc,
    multi: boolean,
    t: Transaction | null,
    upsert: boolean,
  ): Doc[] {
    const q = compileQuery(query);
    const out: Doc[] = [];
    for (const doc of this.candidates(coll, query, t, !upsert)) {
      if (!q.test(doc)) continue;
      out.push(doc);
      if (!multi) break;
    }
    return out;
  }

  private async modify(
    coll: string,
    query: Doc,
    update: Doc,
    opts: UpdateOptions,
  ): Promise<{ result: UpdateResult; docs: Doc[] }> {
    const t = opts.txn ? this.txn(opts.txn) : null;
    if (opts.replace) {
      if (Object.keys(update).some((k) => k.startsWith('$')))
        throw new DbError(
          'INVALID_PARAM',
          'a replacement document cannot contain update operators',
        );
      if ('_id' in update) throw new DbError('INVALID_PARAM', 'cannot change _id');
    }
    const build = (base: Doc): Doc => {
      if (opts.replace) return { _id: base._id, ...clone(update) };
      const doc = clone(base);
      applyUpdate(doc, update);
      return doc;
    };
    const targets = this.targets(coll, query, opts.multi ?? false, t, opts.upsert ?? false);
    const changes: Change[] = [];
    for (const before of targets) {
      const after = build(before);
      if (canonicalKey(after) !== canonicalKey(before))
        changes.push({ coll, id: before._id as DocId, after });
    }
    let upsertedId: DocId | undefined;
    if (targets.length === 0 && opts.upsert) {
      upsertedId = exactId(query);
      if (upsertedId === undefined)
        throw new DbError('INVALID_PARAM', 'upsert needs a query by _id');
      changes.push({ coll, id: upsertedId, after: build({ _id: upsertedId }) });
    }
    await this.write(changes, t);
    const updated = upsertedId === undefined ? changes.length : 0;
    return {
      result: { matched: targets.length, updated, upsertedId },
      docs: changes.map((c) => clone(c.after as Doc)),
    };
  }

  /** Buffers the changes in the transaction, or commits them now. */
  private async write(changes: Change[], t: Transaction | null): Promise<void> {
    if (!t) return this.commit(changes);
    for (const change of changes) t.writes.set(refKey(change.coll, change.id), change);
  }

  /**
   * Validates, applies and journals a set of changes as one unit. Everything before the
   * journal append is synchronous, so no other request can interleave.
   */
  private async commit(changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    const byColl = new Map<string, Change[]>();
    for (const ch of changes) byColl.set(ch.coll, [...(byColl.get(ch.coll) ?? []), ch]);
    for (const [coll, group] of byColl) this.collections.get(coll)?.checkUnique(group);
    // With no transaction open nobody remembers a deleted doc's version: forget it.
    const keepDeletedVersions = this.transactions.size > 0;
    for (const [coll, group] of byColl) {
      this.collectionOrCreate(coll).apply(group, () => ++this.version, keepDeletedVersions);
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
      if (op.op === 'put') c.docs.set(op.doc._id as DocId, op.doc);
      else if (op.op === 'del') c.docs.delete(op.id);
    }
  }

  private *snapshotOps(): Generator<JournalOp> {
    for (const [name, c] of this.collections) {
      yield { op: 'create', c: name };
      for (const doc of c.docs.values()) yield { op: 'put', c: name, doc };
    }
  }
}
