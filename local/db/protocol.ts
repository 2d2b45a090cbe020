/**
 * The SDK's database actions (`POST /admin` bodies) mapped onto the engine. Parameter and
 * answer shapes are those @cloudbase/node-sdk 3.18 and @cloudbase/database 1.4 send and read.
 */
import type { Database } from './engine';
import { CLOUD_MESSAGES, DbError } from './errors';
import type { SortSpec } from './query';
import { answerId, isDocId, parseEJSON, toAnswer, type Doc, type DocId } from './values';

type Params = Record<string, unknown>;
type Handler = (db: Database, p: Params, now: number) => object | Promise<object>;

/** The cloud caps a page at 1000 documents. */
const MAX_LIMIT = 1000;

function invalid(message: string): DbError {
  return new DbError('INVALID_PARAM', message);
}

function collection(p: Params): string {
  if (typeof p.collectionName !== 'string' || p.collectionName === '')
    throw invalid('collectionName is required');
  return p.collectionName;
}

function object(value: unknown, name: string, now: number): Doc {
  const parsed = typeof value === 'string' ? parseEJSON(value, now) : undefined;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalid(`${name} must be an EJSON object`);
  return parsed as Doc;
}

const optional = (p: Params, key: string, now: number): Doc | undefined =>
  p[key] === undefined ? undefined : object(p[key], key, now);

const query = (p: Params, now: number): Doc => optional(p, 'query', now) ?? {};

/** Writes name what they change: without where() the SDK sends no query, and that is refused. */
function writeQuery(p: Params, now: number): Doc {
  if (p.query === undefined) throw invalid('query is required: call where() first');
  return object(p.query, 'query', now);
}

function count(p: Params, key: string): number | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < 0)
    throw invalid(`${key} must be a non-negative integer`);
  return v as number;
}

const txn = (p: Params): string | undefined =>
  typeof p.transactionId === 'string' ? p.transactionId : undefined;

function requiredTxn(p: Params): string {
  const id = txn(p);
  if (!id) throw invalid('transactionId is required');
  return id;
}

function docId(p: Params): DocId {
  if (!isDocId(p._id)) throw invalid('_id must be a string or a number');
  return p._id;
}

const isOperatorUpdate = (update: Doc): boolean =>
  Object.keys(update).every((k) => k.startsWith('$'));

const HANDLERS: Record<string, Handler> = {
  'database.addCollection': async (db, p) => {
    const name = collection(p);
    if (!(await db.createCollection(name)))
      throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', CLOUD_MESSAGES.collectionExists);
    return {};
  },

  'database.getDocument': (db, p, now) => {
    const limit = Math.min(count(p, 'limit') ?? MAX_LIMIT, MAX_LIMIT);
    const offset = count(p, 'offset') ?? 0;
    const list = db.find(collection(p), query(p, now), {
      sort: optional(p, 'order', now) as SortSpec | undefined,
      skip: offset,
      limit,
      projection: optional(p, 'projection', now),
      txn: txn(p),
    });
    return { data: { list: list.map(toAnswer), limit, offset } };
  },

  'database.calculateDocument': (db, p, now) => ({
    data: { total: db.count(collection(p), query(p, now)) },
  }),

  'database.insertDocument': async (db, p, now) => {
    if (!Array.isArray(p.data)) throw invalid('data must be an array of EJSON documents');
    const docs = p.data.map((d: unknown) => object(d, 'data', now));
    const ids = await db.insert(collection(p), docs, { txn: txn(p) });
    return { data: { insertedIds: ids.map(answerId) } };
  },

  // `set` sends merge: false (replace, upsert); `update` sends operators with merge: true.
  'database.modifyDocument': async (db, p, now) => {
    const r = await db.update(collection(p), writeQuery(p, now), object(p.data, 'data', now), {
      multi: p.multi === true,
      upsert: p.upsert === true,
      replace: p.merge === false,
      txn: txn(p),
    });
    return {
      data: {
        updated: r.updated,
        ...(r.upsertedId !== undefined && { upsert_id: answerId(r.upsertedId) }),
      },
    };
  },

  'database.removeDocument': async (db, p, now) => ({
    data: {
      deleted: await db.remove(collection(p), writeQuery(p, now), {
        multi: p.multi === true,
        txn: txn(p),
      }),
    },
  }),

  'database.modifyAndReturnDoc': async (db, p, now) => {
    const r = await db.findOneAndUpdate(
      collection(p),
      writeQuery(p, now),
      object(p.data, 'data', now),
      {
        txn: txn(p),
      },
    );
    return { data: { updated: r.updated, doc: r.doc && toAnswer(r.doc) } };
  },

  'database.aggregateDocuments': (db, p, now) => {
    if (!Array.isArray(p.stages)) throw invalid('stages must be an array');
    const pipeline = p.stages.map((stage: { stageKey?: unknown; stageValue?: unknown }) => {
      if (typeof stage?.stageKey !== 'string' || typeof stage.stageValue !== 'string')
        throw invalid('each stage needs stageKey and stageValue');
      return { [stage.stageKey]: parseEJSON(stage.stageValue, now) };
    });
    return { data: { list: db.aggregate(collection(p), pipeline).map(toAnswer) } };
  },

  'database.startTransaction': (db) => ({ transactionId: db.startTransaction() }),

  'database.commitTransaction': async (db, p) => {
    await db.commitTransaction(requiredTxn(p));
    return {};
  },

  'database.abortTransaction': (db, p) => {
    db.abortTransaction(requiredTxn(p));
    return {};
  },

  // The older transaction API (database/src/transaction.ts): single documents by raw _id.
  'database.getInTransaction': (db, p) => ({
    data: toAnswer(db.get(collection(p), docId(p), { txn: requiredTxn(p) })),
  }),

  'database.updateDocInTransaction': async (db, p, now) => {
    const data = object(p.data, 'data', now);
    const r = await db.update(collection(p), { _id: docId(p) }, data, {
      upsert: p.upsert === true,
      replace: !isOperatorUpdate(data),
      txn: requiredTxn(p),
    });
    return {
      updated: toAnswer(r.updated),
      ...(r.upsertedId !== undefined && {
        upserted: JSON.stringify([{ _id: answerId(r.upsertedId) }]),
      }),
    };
  },

  'database.deleteDocInTransaction': async (db, p) => ({
    deleted: toAnswer(await db.remove(collection(p), { _id: docId(p) }, { txn: requiredTxn(p) })),
  }),
};

/** The database actions this server answers, for documentation and tests. */
export const DATABASE_ACTIONS = Object.keys(HANDLERS);

/** Answers one database action: the answer body without requestId; failures throw DbError. */
export async function handleDatabaseAction(
  db: Database,
  action: string,
  params: Params,
): Promise<object> {
  if (!Object.hasOwn(HANDLERS, action)) {
    throw new DbError(
      'LOCAL_UNSUPPORTED_ACTION',
      `action "${action}" is not supported by the local CloudBase`,
    );
  }
  return HANDLERS[action](db, params, Date.now());
}
