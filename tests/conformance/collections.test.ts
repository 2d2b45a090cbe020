/**
 * Collections exist only once created, as in the cloud: every action on one that was never
 * created answers DATABASE_COLLECTION_NOT_EXIST, inside transactions too, and creates nothing.
 */
import { Database } from '../../local/db';
import { errorOf, startHarness, type Db, type Harness, type Txn } from './harness';

let h: Harness;
let db: Db;

const NOT_EXIST = {
  code: 'DATABASE_COLLECTION_NOT_EXIST',
  message:
    '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.',
};

beforeAll(async () => {
  h = await startHarness({ collections: ['present'] });
  db = h.db;
  await db.collection('present').add({ _id: 'p', n: 1 });
});

afterAll(() => h.cb.close());

describe('a collection that was never created', () => {
  const missing = () => db.collection('missing');
  const actions: Array<[string, () => Promise<unknown>]> = [
    ['get', () => missing().get()],
    ['where().get()', () => missing().where({ n: 1 }).get()],
    ['doc().get()', () => missing().doc('x').get()],
    ['count()', () => missing().count()],
    ['add()', () => missing().add({ n: 1 })],
    ['add([...])', () => missing().add([{ n: 1 }, { n: 2 }])],
    ['doc().set()', () => missing().doc('x').set({ n: 1 })],
    ['doc().update()', () => missing().doc('x').update({ n: 1 })],
    ['where().update()', () => missing().where({ n: 1 }).update({ n: 2 })],
    ['where().updateAndReturn()', () => missing().where({ n: 1 }).updateAndReturn({ n: 2 })],
    ['doc().remove()', () => missing().doc('x').remove()],
    ['where().remove()', () => missing().where({ n: 1 }).remove()],
    ['aggregate()', () => missing().aggregate().match({}).end()],
  ];

  test.each(actions)('%s answers the cloud error', async (_name, action) => {
    expect(await errorOf(action())).toEqual(NOT_EXIST);
  });

  const inTransaction: Array<[string, (t: Txn) => Promise<unknown>]> = [
    ['doc().get()', (t) => t.collection('missing').doc('x').get()],
    ['where().get()', (t) => t.collection('missing').where({ n: 1 }).get()],
    ['add()', (t) => t.collection('missing').add({ _id: 'x' })],
    ['doc().set()', (t) => t.collection('missing').doc('x').set({ n: 1 })],
    ['doc().update()', (t) => t.collection('missing').doc('x').update({ n: 1 })],
    ['doc().remove()', (t) => t.collection('missing').doc('x').remove()],
  ];

  test.each(inTransaction)(
    'in a transaction, %s answers the cloud error',
    async (_name, action) => {
      const t = await db.startTransaction();
      await t.collection('present').doc('p').get();
      expect(await errorOf(action(t))).toEqual(NOT_EXIST);
      await t.rollback();
    },
  );

  test('none of that created it: creating it now succeeds, and it is empty', async () => {
    await db.createCollection('missing');
    expect((await db.collection('missing').count()).total).toBe(0);
  });

  test('$lookup from a collection that does not exist joins nothing, as in MongoDB', async () => {
    const res = await db
      .collection('present')
      .aggregate()
      .lookup({ from: 'never_made', localField: '_id', foreignField: 'p', as: 'joined' })
      .end();
    expect(res.data).toEqual([{ _id: 'p', n: 1, joined: [] }]);
  });
});

describe('creating collections', () => {
  test('createCollection makes an empty collection; a second time answers the cloud error', async () => {
    await db.createCollection('made');
    expect((await db.collection('made').get()).data).toEqual([]);
    await db.collection('made').add({ _id: 'kept' });
    expect(await errorOf(db.createCollection('made'))).toEqual({
      code: 'DATABASE_COLLECTION_ALREADY_EXIST',
      message: '[ResourceUnavailable.ResourceExist] Table exist.',
    });
    expect((await db.collection('made').get()).data).toEqual([{ _id: 'kept' }]);
  });

  test('the engine creates the collections it is opened with, and those of declared unique indexes', async () => {
    const engine = await Database.open({
      collections: ['a', 'b'],
      uniqueIndexes: [{ collection: 'c', fields: ['k'] }],
    });
    try {
      expect(engine.changeCounts()).toEqual({ a: 0, b: 0, c: 0 });
      expect(engine.find('a', {})).toEqual([]);
      await expect(engine.insert('d', [{ k: 1 }])).rejects.toMatchObject({
        code: 'DATABASE_COLLECTION_NOT_EXIST',
      });
      expect(await engine.createCollection('d')).toBe(true);
      expect(await engine.createCollection('d')).toBe(false);
    } finally {
      await engine.close();
    }
  });
});
