/** Aggregation through the real SDK, and the operators the local CloudBase refuses. */
import { errorOf, startHarness, type Db, type Harness } from './harness';

let h: Harness;
let db: Db;

beforeAll(async () => {
  h = await startHarness();
  db = h.db;
  await db.collection('votes').add([
    { _id: 'v1', proposal: 'p1', choice: 'yes', weight: 2 },
    { _id: 'v2', proposal: 'p1', choice: 'no', weight: 1 },
    { _id: 'v3', proposal: 'p1', choice: 'yes', weight: 3 },
    { _id: 'v4', proposal: 'p2', choice: 'yes', weight: 1 },
  ]);
  await db.collection('proposals').add([
    { _id: 'p1', title: 'Lift repair' },
    { _id: 'p2', title: 'Garden' },
  ]);
});

afterAll(() => h.cb.close());

describe('aggregate', () => {
  test('$match + $group + $sort', async () => {
    const res = await db
      .collection('votes')
      .aggregate()
      .match({ proposal: 'p1' })
      .group({ _id: '$choice', total: { $sum: '$weight' }, n: { $sum: 1 } })
      .sort({ total: -1 })
      .end();
    expect(res.data).toEqual([
      { _id: 'yes', total: 5, n: 2 },
      { _id: 'no', total: 1, n: 1 },
    ]);
  });

  test('$match with db.command operators', async () => {
    const res = await db
      .collection('votes')
      .aggregate()
      .match({ weight: db.command.gte(2) })
      .count('n')
      .end();
    expect(res.data).toEqual([{ n: 2 }]);
  });

  test('$lookup + $project', async () => {
    const res = await db
      .collection('proposals')
      .aggregate()
      .lookup({ from: 'votes', localField: '_id', foreignField: 'proposal', as: 'votes' })
      .project({ _id: 0, title: 1, votes: { $size: '$votes' } })
      .sort({ title: 1 })
      .end();
    expect(res.data).toEqual([
      { title: 'Garden', votes: 1 },
      { title: 'Lift repair', votes: 3 },
    ]);
  });

  test('$sort + $skip + $limit', async () => {
    const res = await db
      .collection('votes')
      .aggregate()
      .sort({ _id: 1 })
      .skip(1)
      .limit(2)
      .project({ _id: 1 })
      .end();
    expect(res.data).toEqual([{ _id: 'v2' }, { _id: 'v3' }]);
  });

  test('$count', async () => {
    expect((await db.collection('votes').aggregate().count('all').end()).data).toEqual([
      { all: 4 },
    ]);
  });

  test('aggregation does not modify stored documents', async () => {
    await db.collection('proposals').aggregate().addFields({ title: 'changed' }).end();
    expect((await db.collection('proposals').doc('p1').get()).data[0].title).toBe('Lift repair');
  });
});

describe('unsupported operators answer a clear error', () => {
  test('geoNear query', async () => {
    const point = new db.Geo.Point(121.4, 31.2);
    const err = await errorOf(
      db
        .collection('votes')
        .where({ at: db.command.geoNear({ geometry: point, maxDistance: 100 }) })
        .get(),
    );
    expect(err.code).toBe('DATABASE_UNSUPPORTED_OPERATOR');
    expect(err.message).toContain('$nearSphere');
  });

  test('geoWithin query', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .where({ at: db.command.geoWithin({ centerSphere: [[121.4, 31.2], 0.01] }) })
        .count(),
    );
    expect(err.code).toBe('DATABASE_UNSUPPORTED_OPERATOR');
    expect(err.message).toContain('$geoWithin');
  });

  test('$geoNear aggregation stage', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .aggregate()
        .geoNear({ near: new db.Geo.Point(121.4, 31.2), distanceField: 'd' })
        .end(),
    );
    expect(err.code).toBe('DATABASE_UNSUPPORTED_OPERATOR');
    expect(err.message).toContain('$geoNear');
  });

  test('$text search', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .aggregate()
        .match({ $text: { $search: 'lift' } })
        .end(),
    );
    expect(err.code).toBe('DATABASE_UNSUPPORTED_OPERATOR');
    expect(err.message).toContain('$text');
  });

  test('an operator nobody knows', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .aggregate()
        .match({ weight: { $frobnicate: 1 } })
        .end(),
    );
    expect(err.code).toBe('DATABASE_UNSUPPORTED_OPERATOR');
    expect(err.message).toContain('$frobnicate');
  });
});
