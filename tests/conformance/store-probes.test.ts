/**
 * The engine's test probes (changeCounts, dump, restore): the hardening suites trust them to say
 * whether a call changed anything, so they are held here to what they promise.
 */
import { Database } from '../../local/db';

let db: Database;
beforeEach(async () => {
  db = await Database.open({ collections: ['units', 'votes'] });
  await db.insert('units', [
    { _id: 'u1', floor: 1, at: new Date(5) },
    { _id: 'u2', floor: 2 },
  ]);
});
afterEach(() => db.close());

describe('changeCounts', () => {
  test('counts committed document changes per collection', async () => {
    const before = db.changeCounts();
    await db.update('units', { _id: 'u1' }, { $inc: { floor: 1 } });
    await db.remove('units', { _id: 'u2' });
    await db.insert('votes', [{ _id: 'v1' }]);
    expect(db.changeCounts()).toEqual({
      ...before,
      units: before.units + 2,
      votes: before.votes + 1,
    });
  });

  test('does not move for reads, refused writes, no-op updates and aborted or failed transactions', async () => {
    const before = db.changeCounts();
    db.find('units', {});
    await db.update('units', { _id: 'u1' }, { $set: { floor: 1 } }); // the value it has
    await expect(db.insert('units', [{ _id: 'u1' }])).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    });
    const aborted = db.startTransaction();
    await db.update('units', { _id: 'u1' }, { $set: { floor: 9 } }, { txn: aborted });
    db.abortTransaction(aborted);
    const holder = db.startTransaction();
    await db.update('units', { _id: 'u2' }, { $set: { floor: 9 } }, { txn: holder });
    const loser = db.startTransaction();
    await db.insert('votes', [{ _id: 'v-loser' }], { txn: loser });
    await expect(
      db.update('units', { _id: 'u2' }, { $set: { floor: 8 } }, { txn: loser }),
    ).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    await db.commitTransaction(holder);
    expect(db.changeCounts()).toEqual({ ...before, units: before.units + 1 });
  });

  test('counts a created collection', async () => {
    const before = db.changeCounts();
    await db.createCollection('fresh');
    expect(db.changeCounts()).toEqual({ ...before, fresh: 1 });
  });
});

describe('dump and restore', () => {
  test('a dump is the same string exactly when the documents are the same', async () => {
    const first = db.dump();
    expect(db.dump()).toBe(first);
    await db.update('units', { _id: 'u1' }, { $set: { floor: 1 } }); // no change
    expect(db.dump()).toBe(first);
    await db.update('units', { _id: 'u1' }, { $set: { at: new Date(6) } });
    expect(db.dump()).not.toBe(first);
  });

  test('does not depend on the order documents were written in', async () => {
    const other = await Database.open({ collections: ['units', 'votes'] });
    await other.insert('units', [{ _id: 'u2', floor: 2 }]);
    await other.insert('units', [{ _id: 'u1', floor: 1, at: new Date(5) }]);
    expect(other.dump()).toBe(db.dump());
    await other.close();
  });

  test('restore puts back every document, removes new ones and keeps Dates and indexes working', async () => {
    db.ensureUniqueIndex('units', ['floor']);
    const saved = db.dump();
    await db.update('units', { _id: 'u1' }, { $set: { floor: 5 } });
    await db.remove('units', { _id: 'u2' });
    await db.insert('units', [{ _id: 'u3', floor: 2 }]);
    await db.createCollection('extra');
    await db.insert('extra', [{ _id: 'x' }]);
    await db.restore(saved);
    expect(db.find('units', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 'u1', floor: 1, at: new Date(5) },
      { _id: 'u2', floor: 2 },
    ]);
    expect(db.count('extra', {})).toBe(0);
    // The unique index follows the restored documents: floor 2 is u2's again, floor 5 is free.
    await expect(db.insert('units', [{ _id: 'u4', floor: 2 }])).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    });
    await db.insert('units', [{ _id: 'u5', floor: 5 }]);
  });

  test('a transaction holding a document a restore changed conflicts at commit', async () => {
    const saved = db.dump();
    await db.update('units', { _id: 'u1' }, { $set: { floor: 3 } });
    const t = db.startTransaction();
    db.get('units', 'u1', { txn: t });
    await db.update('units', { _id: 'u1' }, { $set: { floor: 4 } }, { txn: t });
    await db.restore(saved);
    await expect(db.commitTransaction(t)).rejects.toMatchObject({
      code: 'DATABASE_TRANSACTION_CONFLICT',
    });
  });
});
