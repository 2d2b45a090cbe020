/**
 * Transactions through the real SDK, with the cloud's snapshot isolation: reads see the database
 * as at the transaction's first operation plus its own writes; a write locks its document, and a
 * write that cannot take the lock loses at once with DATABASE_TRANSACTION_CONFLICT.
 */
import { errorOf, startHarness, type Db, type Harness, type Txn } from './harness';

let h: Harness;
let db: Db;

/** Each test works on its own collection, created up front. */
const COLLECTIONS = Array.from({ length: 40 }, (_, i) => `tx${i}`);
let next = 0;
const fresh = (): string => COLLECTIONS[next++];

beforeAll(async () => {
  h = await startHarness({ collections: COLLECTIONS });
  db = h.db;
});

afterAll(() => h.cb.close());

/** What Transaction#collection(...).doc(id).get() answers inside a transaction. */
interface TxnGet {
  data: Record<string, number> | null;
}

const CONFLICT_MESSAGE =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';

async function balances(coll: string): Promise<Record<string, number>> {
  const res = await db.collection(coll).get();
  return Object.fromEntries(
    res.data.map((d: { _id: string; balance: number }) => [d._id, d.balance]),
  );
}

async function accounts(a: number, b: number): Promise<string> {
  const coll = fresh();
  await db.collection(coll).add([
    { _id: 'a', balance: a },
    { _id: 'b', balance: b },
  ]);
  return coll;
}

const balanceOf = async (t: Txn, coll: string, id: string): Promise<number | undefined> =>
  ((await t.collection(coll).doc(id).get()) as TxnGet).data?.balance;

describe('runTransaction', () => {
  test('commits all writes together and answers what the callback returned', async () => {
    const coll = await accounts(100, 0);
    const result = await db.runTransaction(async (t: Txn) => {
      const a = await balanceOf(t, coll, 'a');
      await t
        .collection(coll)
        .doc('a')
        .update({ balance: db.command.inc(-30) });
      await t
        .collection(coll)
        .doc('b')
        .update({ balance: db.command.inc(30) });
      await t.collection(coll).add({ _id: 'log1', amount: 30 });
      await t.collection(coll).doc('log2').set({ amount: 0 });
      await t.collection(coll).doc('log2').remove();
      return a;
    });
    expect(result).toBe(100);
    expect(await balances(coll)).toMatchObject({ a: 70, b: 30 });
    expect((await db.collection(coll).doc('log1').get()).data).toEqual([
      { _id: 'log1', amount: 30 },
    ]);
    expect((await db.collection(coll).doc('log2').get()).data).toEqual([]);
  });

  test('a throw in the callback rolls everything back and rethrows', async () => {
    const coll = await accounts(100, 0);
    const failing = db.runTransaction(async (t: Txn) => {
      await t
        .collection(coll)
        .doc('a')
        .update({ balance: db.command.inc(-30) });
      await t.collection(coll).add({ _id: 'c', balance: 1 });
      throw new Error('insufficient quorum');
    });
    await expect(failing).rejects.toThrow('insufficient quorum');
    expect(await balances(coll)).toEqual({ a: 100, b: 0 });
  });

  test('transaction.rollback(reason) rejects with the reason, rollback() with undefined; nothing applies', async () => {
    const coll = await accounts(100, 0);
    const withReason = db.runTransaction(async (t: Txn) => {
      await t.collection(coll).doc('a').update({ balance: 0 });
      await t.rollback('not allowed');
    });
    await expect(withReason).rejects.toBe('not allowed');
    const without = db.runTransaction(async (t: Txn) => {
      await t.collection(coll).doc('b').update({ balance: 5 });
      await t.rollback();
    });
    await expect(without).rejects.toBeUndefined();
    expect(await balances(coll)).toEqual({ a: 100, b: 0 });
  });

  test('a write that conflicts fails at once; the SDK retries the callback and the retry succeeds', async () => {
    const coll = await accounts(100, 0);
    let attempts = 0;
    const seen: string[] = [];
    await db.runTransaction(async (t: Txn) => {
      attempts++;
      const a = (await balanceOf(t, coll, 'a'))!;
      if (attempts === 1)
        await db
          .collection(coll)
          .doc('a')
          .update({ balance: db.command.inc(1) }); // someone else writes after our snapshot
      try {
        await t
          .collection(coll)
          .doc('a')
          .update({ balance: a - 10 });
        seen.push('updated');
      } catch (e) {
        seen.push((e as { code: string }).code);
        throw e;
      }
    });
    expect(seen).toEqual(['DATABASE_TRANSACTION_CONFLICT', 'updated']);
    expect(attempts).toBe(2);
    expect(await balances(coll)).toEqual({ a: 91, b: 0 });
  });

  test('concurrent increments lose nothing: the counter equals the successful transactions', async () => {
    const coll = fresh();
    await db.collection(coll).add({ _id: 'counter', n: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (t: Txn) => {
          const c = ((await t.collection(coll).doc('counter').get()) as TxnGet).data!;
          await t
            .collection(coll)
            .doc('counter')
            .update({ n: c.n + 1 });
        }),
      ),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
    for (const o of outcomes)
      if (o.status === 'rejected') expect(o.reason.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(ok).toBeGreaterThan(0);
    expect((await db.collection(coll).doc('counter').get()).data[0].n).toBe(ok);
  });
});

describe('startTransaction: reads, writes and what they answer', () => {
  test('a transaction id; committing an empty transaction answers a requestId', async () => {
    const t = await db.startTransaction();
    expect(typeof (t as unknown as { _id: string })._id).toBe('string');
    expect(typeof ((await t.commit()) as { requestId: string }).requestId).toBe('string');
  });

  test('writes are invisible outside until commit; the transaction reads its own', async () => {
    const coll = await accounts(10, 0);
    const t = await db.startTransaction();
    await t.collection(coll).doc('a').update({ balance: 99 });
    expect(await balanceOf(t, coll, 'a')).toBe(99);
    expect((await balances(coll)).a).toBe(10);
    await t.commit();
    expect((await balances(coll)).a).toBe(99);
  });

  test('get of a missing document is null; add answers id and inserted; set answers updated or upserted', async () => {
    const coll = await accounts(10, 0);
    const t = await db.startTransaction();
    expect(((await t.collection(coll).doc('nobody').get()) as TxnGet).data).toBeNull();
    const added = await t.collection(coll).add({ _id: 7, balance: 7 });
    expect(added).toMatchObject({ id: 7, inserted: 1 });
    const replaced = await t.collection(coll).doc('a').set({ balance: 11 });
    expect(replaced).toMatchObject({ updated: 1 });
    const created = await t.collection(coll).doc('c').set({ balance: 12 });
    expect(created).toMatchObject({ updated: 0, upserted: [{ _id: 'c' }] });
    expect(((await t.collection(coll).doc('c').get()) as TxnGet).data).toEqual({
      _id: 'c',
      balance: 12,
    });
    await t.commit();
    expect(await balances(coll)).toEqual({ 7: 7, a: 11, b: 0, c: 12 });
  });

  test('a document added and removed in the same transaction is never stored', async () => {
    const coll = fresh();
    const t = await db.startTransaction();
    await t.collection(coll).add({ _id: 1, v: 1 });
    expect(await t.collection(coll).doc(1).remove()).toMatchObject({ deleted: 1 });
    await t.commit();
    expect((await db.collection(coll).count()).total).toBe(0);
  });

  test('a removal reads as null inside; a rollback keeps the document', async () => {
    const coll = await accounts(10, 0);
    const t = await db.startTransaction();
    expect(await t.collection(coll).doc('b').remove()).toMatchObject({ deleted: 1 });
    expect(((await t.collection(coll).doc('b').get()) as TxnGet).data).toBeNull();
    await t.rollback();
    expect(await balances(coll)).toEqual({ a: 10, b: 0 });
  });

  test('where().get() and where().updateAndReturn() run inside the transaction', async () => {
    const coll = await accounts(10, 20);
    const t = await db.startTransaction();
    await t.collection(coll).add([
      { _id: 'c', balance: 30 },
      { _id: 'd', balance: 40 },
    ]);
    const rich = await t
      .collection(coll)
      .where({ balance: db.command.gte(20) })
      .orderBy('balance', 'asc')
      .get();
    expect(rich.data.map((d: { _id: string }) => d._id)).toEqual(['b', 'c', 'd']);
    const changed = await t
      .collection(coll)
      .where({ balance: 40 })
      .updateAndReturn({ balance: db.command.inc(1) });
    expect(changed).toMatchObject({ updated: 1, doc: { _id: 'd', balance: 41 } });
    expect(await balances(coll)).toEqual({ a: 10, b: 20 });
    await t.commit();
    expect(await balances(coll)).toEqual({ a: 10, b: 20, c: 30, d: 41 });
  });

  test('a query inside a transaction pages at 1000 like any other', async () => {
    const coll = fresh();
    const t = await db.startTransaction();
    const many = Array.from({ length: 1001 }, (_, i) => ({ name: `n${i}` }));
    expect((await t.collection(coll).add(many)).ids).toHaveLength(1001);
    const page = await t.collection(coll).where({ name: /^n/ }).limit(1000).get();
    expect(page.data).toHaveLength(1000);
    await t.commit();
    expect((await db.collection(coll).count()).total).toBe(1001);
  });

  test('where().update() is not part of the transaction: the SDK sends it without the transaction id', async () => {
    const coll = await accounts(10, 20);
    const t = await db.startTransaction();
    await t.collection(coll).doc('a').get();
    await t.collection(coll).where({ _id: 'b' }).update({ balance: 0 });
    await t.rollback();
    expect(await balances(coll)).toEqual({ a: 10, b: 0 });
  });

  test('a finished transaction cannot be used again, with the cloud message', async () => {
    const coll = await accounts(1, 1);
    const t = await db.startTransaction();
    await t.commit();
    const err = await errorOf(t.collection(coll).doc('a').set({ balance: 2 }));
    expect(err).toEqual({
      code: 'DATABASE_TRANSACTION_FAIL',
      message:
        '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
    });
    expect((await errorOf(t.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await balances(coll)).toEqual({ a: 1, b: 1 });
  });
});

describe('snapshot isolation', () => {
  test('reads see the database as at the first operation, however it changes afterwards', async () => {
    const coll = await accounts(10, 20);
    const t = await db.startTransaction();
    expect(await balanceOf(t, coll, 'a')).toBe(10);
    await db.collection(coll).doc('a').set({ balance: 11 });
    await db.collection(coll).doc('b').remove();
    await db.collection(coll).add({ _id: 'c', balance: 30 });
    expect(await balanceOf(t, coll, 'a')).toBe(10);
    expect(await balanceOf(t, coll, 'b')).toBe(20);
    expect(((await t.collection(coll).doc('c').get()) as TxnGet).data).toBeNull();
    const all = await t.collection(coll).where({}).get();
    expect(all.data.map((d: { _id: string }) => d._id).sort()).toEqual(['a', 'b']);
    await t.commit();
  });

  test('what was committed between startTransaction and the first operation is visible', async () => {
    const coll = await accounts(10, 20);
    const t = await db.startTransaction();
    await db.collection(coll).doc('a').update({ balance: 12 });
    expect(await balanceOf(t, coll, 'a')).toBe(12);
    await t.commit();
  });

  test('updating a document changed since the snapshot fails at once, with the cloud message, and ends the transaction', async () => {
    const coll = await accounts(10, 20);
    const t = await db.startTransaction();
    await t.collection(coll).doc('b').update({ balance: 21 });
    expect(await balanceOf(t, coll, 'a')).toBe(10);
    await db.collection(coll).doc('a').set({ balance: 11 });
    expect(await errorOf(t.collection(coll).doc('a').update({ balance: 9 }))).toEqual({
      code: 'DATABASE_TRANSACTION_CONFLICT',
      message: CONFLICT_MESSAGE,
    });
    expect((await errorOf(t.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await balances(coll)).toEqual({ a: 11, b: 20 });
  });

  test('two transactions writing one document: the second writer loses at once, the first commits', async () => {
    const coll = await accounts(10, 0);
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection(coll).doc('a').get();
    await t2.collection(coll).doc('a').update({ balance: 2 });
    expect((await errorOf(t1.collection(coll).doc('a').update({ balance: 1 }))).code).toBe(
      'DATABASE_TRANSACTION_CONFLICT',
    );
    await t2.commit();
    expect(await balances(coll)).toEqual({ a: 2, b: 0 });
  });

  test('adding an _id another transaction added, or someone committed after the snapshot, conflicts', async () => {
    const coll = fresh();
    await db.collection(coll).add({ _id: 'seed' });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection(coll).add({ _id: 'x', by: 't1' });
    expect((await errorOf(t2.collection(coll).add({ _id: 'x', by: 't2' }))).code).toBe(
      'DATABASE_TRANSACTION_CONFLICT',
    );
    await t1.commit();

    const t3 = await db.startTransaction();
    await t3.collection(coll).doc('seed').get();
    await db.collection(coll).add({ _id: 'y', by: 'outside' });
    expect((await errorOf(t3.collection(coll).add({ _id: 'y', by: 't3' }))).code).toBe(
      'DATABASE_TRANSACTION_CONFLICT',
    );
    const t4 = await db.startTransaction();
    expect((await errorOf(t4.collection(coll).add({ _id: 'y', by: 't4' }))).code).toBe(
      'DATABASE_DUPLICATE_WRITE',
    );
    await t4.rollback();
    const byOf = async (id: string) => (await db.collection(coll).doc(id).get()).data[0].by;
    expect([await byOf('x'), await byOf('y')]).toEqual(['t1', 'outside']);
  });

  test('reads take no locks: write skew commits both sides, as snapshot isolation allows', async () => {
    const coll = await accounts(1, 1);
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const a = await balanceOf(t1, coll, 'a');
    const b = await balanceOf(t2, coll, 'b');
    await t1
      .collection(coll)
      .doc('b')
      .update({ balance: a! - 1 });
    await t2
      .collection(coll)
      .doc('a')
      .update({ balance: b! - 1 });
    await t1.commit();
    await t2.commit();
    expect(await balances(coll)).toEqual({ a: 0, b: 0 });
  });

  test('a write outside any transaction waits for the transaction holding its document', async () => {
    const coll = await accounts(10, 0);
    const t = await db.startTransaction();
    await t
      .collection(coll)
      .doc('a')
      .update({ balance: db.command.inc(5) });
    let done = false;
    const outside = db
      .collection(coll)
      .doc('a')
      .update({ balance: db.command.inc(100) })
      .then((r) => {
        done = true;
        return r;
      });
    // A later request is answered while the write still waits.
    expect(await balances(coll)).toEqual({ a: 10, b: 0 });
    expect(done).toBe(false);
    await t.commit();
    expect((await outside).updated).toBe(1);
    expect(await balances(coll)).toEqual({ a: 115, b: 0 });
  });

  test('a waiting write goes on when the transaction rolls back', async () => {
    const coll = await accounts(10, 0);
    const t = await db.startTransaction();
    await t.collection(coll).doc('b').remove();
    const outside = db.collection(coll).doc('b').update({ balance: 3 });
    await t.rollback();
    expect((await outside).updated).toBe(1);
    expect(await balances(coll)).toEqual({ a: 10, b: 3 });
  });
});

describe('older transaction actions (getInTransaction, updateDocInTransaction, deleteDocInTransaction)', () => {
  type Send = (action: string, params: object) => Promise<Record<string, string>>;
  let send: Send;

  beforeAll(() => {
    // The SDK's own request class, as the older Transaction API uses it.
    const ReqClass = (
      db.constructor as unknown as { reqClass: new (config: unknown) => { send: Send } }
    ).reqClass;
    const req = new ReqClass(db.config);
    send = (action, params) => req.send(action, params);
  });

  test('get, update, set (upsert) and delete by _id, committed together', async () => {
    const coll = await accounts(5, 0);
    const { transactionId } = await send('database.startTransaction', {});
    const got = await send('database.getInTransaction', {
      collectionName: coll,
      transactionId,
      _id: 'a',
    });
    expect(JSON.parse(got.data)).toEqual({ _id: 'a', balance: 5 });
    const upd = await send('database.updateDocInTransaction', {
      collectionName: coll,
      transactionId,
      _id: 'a',
      data: JSON.stringify({ $set: { balance: 6 } }),
    });
    expect(JSON.parse(upd.updated)).toBe(1);
    const set = await send('database.updateDocInTransaction', {
      collectionName: coll,
      transactionId,
      _id: 'c',
      data: JSON.stringify({ balance: 7 }),
      upsert: true,
    });
    expect(JSON.parse(set.upserted)).toEqual([{ _id: 'c' }]);
    const del = await send('database.deleteDocInTransaction', {
      collectionName: coll,
      transactionId,
      _id: 'b',
    });
    expect(JSON.parse(del.deleted)).toBe(1);
    expect(await balances(coll)).toEqual({ a: 5, b: 0 });
    await send('database.commitTransaction', { transactionId });
    expect(await balances(coll)).toEqual({ a: 6, c: 7 });
  });
});
