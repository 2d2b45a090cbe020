/** Transactions through the real SDK: commit, rollback, isolation, conflicts and the SDK's retry. */
import { errorOf, startHarness, type Db, type Harness, type Txn } from './harness';

let h: Harness;
let db: Db;

beforeAll(async () => {
  h = await startHarness();
  db = h.db;
});

afterAll(() => h.cb.close());

/** What Transaction#collection(...).doc(id).get() answers inside a transaction. */
interface TxnGet {
  data: Record<string, number> | null;
}

async function balances(coll: string): Promise<Record<string, number>> {
  const res = await db.collection(coll).get();
  return Object.fromEntries(
    res.data.map((d: { _id: string; balance: number }) => [d._id, d.balance]),
  );
}

async function accounts(coll: string, a: number, b: number): Promise<void> {
  await db.collection(coll).add([
    { _id: 'a', balance: a },
    { _id: 'b', balance: b },
  ]);
}

describe('runTransaction', () => {
  test('commits all writes together', async () => {
    await accounts('t1', 100, 0);
    const result = await db.runTransaction(async (t: Txn) => {
      const a = ((await t.collection('t1').doc('a').get()) as TxnGet).data!;
      await t
        .collection('t1')
        .doc('a')
        .update({ balance: db.command.inc(-30) });
      await t
        .collection('t1')
        .doc('b')
        .update({ balance: db.command.inc(30) });
      await t.collection('t1').add({ _id: 'log1', amount: 30 });
      await t.collection('t1').doc('log2').set({ amount: 0 });
      await t.collection('t1').doc('log2').remove();
      return a.balance;
    });
    expect(result).toBe(100);
    expect(await balances('t1')).toMatchObject({ a: 70, b: 30 });
    expect((await db.collection('t1').doc('log1').get()).data).toEqual([
      { _id: 'log1', amount: 30 },
    ]);
    expect((await db.collection('t1').doc('log2').get()).data).toEqual([]);
  });

  test('a throw in the callback rolls everything back and rethrows', async () => {
    await accounts('t2', 100, 0);
    const failing = db.runTransaction(async (t: Txn) => {
      await t
        .collection('t2')
        .doc('a')
        .update({ balance: db.command.inc(-30) });
      await t
        .collection('t2')
        .doc('b')
        .update({ balance: db.command.inc(30) });
      throw new Error('insufficient quorum');
    });
    await expect(failing).rejects.toThrow('insufficient quorum');
    expect(await balances('t2')).toEqual({ a: 100, b: 0 });
  });

  test('transaction.rollback(reason) rejects with the reason and applies nothing', async () => {
    await accounts('t3', 100, 0);
    const failing = db.runTransaction(async (t: Txn) => {
      await t.collection('t3').doc('a').update({ balance: 0 });
      await t.rollback('not allowed');
    });
    await expect(failing).rejects.toBe('not allowed');
    expect(await balances('t3')).toEqual({ a: 100, b: 0 });
  });

  test('a conflict makes the SDK retry, and the retry succeeds', async () => {
    await accounts('t4', 100, 0);
    let attempts = 0;
    await db.runTransaction(async (t: Txn) => {
      attempts++;
      const a = ((await t.collection('t4').doc('a').get()) as TxnGet).data!;
      if (attempts === 1)
        await db
          .collection('t4')
          .doc('a')
          .update({ balance: db.command.inc(1) }); // someone else writes
      await t
        .collection('t4')
        .doc('a')
        .update({ balance: a.balance - 10 });
    });
    expect(attempts).toBe(2);
    expect(await balances('t4')).toEqual({ a: 91, b: 0 });
  });

  test('concurrent increments lose nothing: the counter equals the successful transactions', async () => {
    await db.collection('t5').add({ _id: 'counter', n: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (t: Txn) => {
          const c = ((await t.collection('t5').doc('counter').get()) as TxnGet).data!;
          await t
            .collection('t5')
            .doc('counter')
            .update({ n: c.n + 1 });
        }),
      ),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
    for (const o of outcomes)
      if (o.status === 'rejected') expect(o.reason.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(ok).toBeGreaterThan(0);
    expect((await db.collection('t5').doc('counter').get()).data[0].n).toBe(ok);
  });

  test('where() inside a transaction is refused, as in the cloud', async () => {
    await accounts('t6', 1, 1);
    const err = await errorOf(
      db.runTransaction(async (t: Txn) => t.collection('t6').where({ balance: 1 }).get()),
    );
    expect(err.code).toBe('INVALID_PARAM');
  });
});

describe('startTransaction (manual API)', () => {
  test('writes are invisible outside until commit; reads see own writes', async () => {
    await accounts('m1', 10, 0);
    const t = await db.startTransaction();
    await t.collection('m1').doc('a').update({ balance: 99 });
    expect(((await t.collection('m1').doc('a').get()) as TxnGet).data!.balance).toBe(99);
    expect((await balances('m1')).a).toBe(10);
    await t.commit();
    expect((await balances('m1')).a).toBe(99);
  });

  test('rollback discards the writes', async () => {
    await accounts('m2', 10, 0);
    const t = await db.startTransaction();
    await t.collection('m2').doc('a').update({ balance: 0 });
    await t.rollback();
    expect(await balances('m2')).toEqual({ a: 10, b: 0 });
  });

  test('two transactions writing the same document: the later committer loses', async () => {
    await accounts('m3', 10, 0);
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('m3').doc('a').update({ balance: 1 });
    await t2.collection('m3').doc('a').update({ balance: 2 });
    await t2.collection('m3').doc('b').update({ balance: 2 });
    await t1.commit();
    expect((await errorOf(t2.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await balances('m3')).toEqual({ a: 1, b: 0 });
  });

  test('a document read by the transaction and changed outside is a conflict', async () => {
    await accounts('m4', 10, 0);
    const t = await db.startTransaction();
    await t.collection('m4').doc('a').get();
    await db.collection('m4').doc('a').update({ balance: 11 });
    await t.collection('m4').doc('b').update({ balance: 5 });
    expect((await errorOf(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await balances('m4')).toEqual({ a: 11, b: 0 });
  });

  test('inserting an id someone else inserted meanwhile is a conflict', async () => {
    await db.createCollection('m5');
    const t = await db.startTransaction();
    await t.collection('m5').add({ _id: 'x', by: 't' });
    await db.collection('m5').add({ _id: 'x', by: 'outside' });
    expect((await errorOf(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await db.collection('m5').doc('x').get()).data[0].by).toBe('outside');
  });

  test('a finished transaction cannot be used again', async () => {
    const t = await db.startTransaction();
    await t.commit();
    expect((await errorOf(t.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
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
    await accounts('old', 5, 0);
    const { transactionId } = await send('database.startTransaction', {});
    const got = await send('database.getInTransaction', {
      collectionName: 'old',
      transactionId,
      _id: 'a',
    });
    expect(JSON.parse(got.data)).toEqual({ _id: 'a', balance: 5 });
    const upd = await send('database.updateDocInTransaction', {
      collectionName: 'old',
      transactionId,
      _id: 'a',
      data: JSON.stringify({ $set: { balance: 6 } }),
    });
    expect(JSON.parse(upd.updated)).toBe(1);
    const set = await send('database.updateDocInTransaction', {
      collectionName: 'old',
      transactionId,
      _id: 'c',
      data: JSON.stringify({ balance: 7 }),
      upsert: true,
    });
    expect(JSON.parse(set.upserted)).toEqual([{ _id: 'c' }]);
    const del = await send('database.deleteDocInTransaction', {
      collectionName: 'old',
      transactionId,
      _id: 'b',
    });
    expect(JSON.parse(del.deleted)).toBe(1);
    expect(await balances('old')).toEqual({ a: 5, b: 0 });
    await send('database.commitTransaction', { transactionId });
    expect(await balances('old')).toEqual({ a: 6, c: 7 });
  });
});
