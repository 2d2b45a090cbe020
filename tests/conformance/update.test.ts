/** Writes through the real SDK: add/set/update/remove, every update operator, uniqueness. */
import { errorOf, startHarness, type Db, type Harness } from './harness';

let h: Harness;
let db: Db;
let n = 0;

beforeAll(async () => {
  h = await startHarness();
  db = h.db;
});

afterAll(() => h.cb.close());

/** Creates a fresh document, applies `update` to it with doc().update, returns it without _id. */
async function updated(initial: object, update: () => object): Promise<Record<string, unknown>> {
  const id = `u${++n}`;
  await db.collection('things').doc(id).set(initial);
  const res = await db.collection('things').doc(id).update(update());
  expect(res.updated).toBe(1);
  const { _id, ...doc } = (await db.collection('things').doc(id).get()).data[0];
  expect(_id).toBe(id);
  return doc;
}

describe('update operators', () => {
  const _ = () => db.command;
  const cases: Array<[string, object, () => object, object]> = [
    ['set (plain value = $set)', { a: 1 }, () => ({ a: 2, b: 'x' }), { a: 2, b: 'x' }],
    [
      'set replaces a nested object',
      { o: { x: 1, y: 2 } },
      () => ({ o: _().set({ z: 3 }) }),
      { o: { z: 3 } },
    ],
    [
      'nested object merges by path',
      { o: { x: 1, y: 2 } },
      () => ({ o: { y: 5 } }),
      { o: { x: 1, y: 5 } },
    ],
    [
      'dotted path',
      { o: { p: { q: 1 } } },
      () => ({ 'o.p.q': _().inc(2) }),
      { o: { p: { q: 3 } } },
    ],
    ['remove', { a: 1, b: 2 }, () => ({ b: _().remove() }), { a: 1 }],
    ['inc', { a: 1 }, () => ({ a: _().inc(5), fresh: _().inc(1) }), { a: 6, fresh: 1 }],
    ['mul', { a: 3 }, () => ({ a: _().mul(4) }), { a: 12 }],
    ['min', { a: 5, b: 5 }, () => ({ a: _().min(3), b: _().min(9) }), { a: 3, b: 5 }],
    ['max', { a: 5, b: 5 }, () => ({ a: _().max(3), b: _().max(9) }), { a: 5, b: 9 }],
    ['rename', { a: 1 }, () => ({ a: _().rename('b') }), { b: 1 }],
    ['push', { l: [1] }, () => ({ l: _().push(2, 3) }), { l: [1, 2, 3] }],
    [
      'push with position',
      { l: [1, 4] },
      () => ({ l: _().push({ each: [2, 3], position: 1 }) }),
      { l: [1, 2, 3, 4] },
    ],
    ['pop', { l: [1, 2, 3] }, () => ({ l: _().pop() }), { l: [1, 2] }],
    ['shift', { l: [1, 2, 3] }, () => ({ l: _().shift() }), { l: [2, 3] }],
    ['unshift', { l: [3] }, () => ({ l: _().unshift(1, 2) }), { l: [1, 2, 3] }],
    [
      'addToSet',
      { l: [1, 2] },
      () => ({ l: _().addToSet(2), m: _().addToSet(7) }),
      { l: [1, 2], m: [7] },
    ],
    [
      'addToSet each',
      { l: [1] },
      () => ({ l: _().addToSet({ $each: [1, 2, 3] }) }),
      { l: [1, 2, 3] },
    ],
    ['pull a value', { l: [1, 2, 1, 3] }, () => ({ l: _().pull(1) }), { l: [2, 3] }],
    ['pull by condition', { l: [1, 5, 2, 8] }, () => ({ l: _().pull(_().gt(4)) }), { l: [1, 2] }],
    ['pullAll', { l: [1, 2, 3, 2] }, () => ({ l: _().pullAll([2, 3]) }), { l: [1] }],
    [
      'operators on nested paths',
      { o: { l: [1], n: 1 } },
      () => ({ o: { l: _().push(2), n: _().inc(1) } }),
      { o: { l: [1, 2], n: 2 } },
    ],
  ];

  test.each(cases)('%s', async (_name, initial, update, expected) => {
    expect(await updated(initial, update)).toEqual(expected);
  });
});

describe('add / set / update / remove', () => {
  test('add returns a 32-character id; add of an array returns all ids', async () => {
    const { id } = await db.collection('c1').add({ a: 1 });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const { ids } = await db.collection('c1').add([{ a: 2 }, { a: 3 }]);
    expect(ids).toHaveLength(2);
    expect((await db.collection('c1').count()).total).toBe(3);
  });

  test('add to a collection that does not exist creates it', async () => {
    await db.collection('brand_new').add({ _id: 'x' });
    expect((await db.collection('brand_new').doc('x').get()).data).toEqual([{ _id: 'x' }]);
  });

  test('createCollection, and creating it twice fails', async () => {
    await db.createCollection('made');
    expect((await db.collection('made').count()).total).toBe(0);
    expect((await errorOf(db.createCollection('made'))).code).toBe(
      'DATABASE_COLLECTION_ALREADY_EXIST',
    );
  });

  test('set replaces the whole document, or creates it', async () => {
    const created = await db.collection('c2').doc('s').set({ a: 1, b: 2 });
    expect(created).toMatchObject({ updated: 0, upsertedId: 's' });
    const replaced = await db.collection('c2').doc('s').set({ c: 3 });
    expect(replaced.updated).toBe(1);
    expect((await db.collection('c2').doc('s').get()).data).toEqual([{ _id: 's', c: 3 }]);
  });

  test('update of a missing document changes nothing', async () => {
    expect((await db.collection('c2').doc('missing').update({ a: 1 })).updated).toBe(0);
    expect((await db.collection('c2').doc('missing').get()).data).toEqual([]);
  });

  test('update that changes nothing counts 0, as MongoDB does', async () => {
    await db.collection('c2').doc('same').set({ a: 1 });
    expect((await db.collection('c2').doc('same').update({ a: 1 })).updated).toBe(0);
  });

  test('where().update() updates every match', async () => {
    await db.collection('c3').add([
      { g: 1, v: 0 },
      { g: 1, v: 0 },
      { g: 2, v: 0 },
    ]);
    const res = await db
      .collection('c3')
      .where({ g: 1 })
      .update({ v: db.command.inc(1) });
    expect(res.updated).toBe(2);
    const vs = (await db.collection('c3').orderBy('g', 'asc').get()).data.map(
      (d: { v: number }) => d.v,
    );
    expect(vs).toEqual([1, 1, 0]);
  });

  test('updateAndReturn updates one match and returns it', async () => {
    await db.collection('c4').add([{ _id: 'k', n: 1 }]);
    const res = await db
      .collection('c4')
      .where({ _id: 'k' })
      .updateAndReturn({ n: db.command.inc(1) });
    expect(res.updated).toBe(1);
    expect(res.doc).toEqual({ _id: 'k', n: 2 });
  });

  test('remove by doc and by where', async () => {
    await db.collection('c5').add([
      { _id: 'a', g: 1 },
      { _id: 'b', g: 1 },
      { _id: 'c', g: 2 },
    ]);
    expect((await db.collection('c5').doc('a').remove()).deleted).toBe(1);
    expect((await db.collection('c5').doc('a').remove()).deleted).toBe(0);
    expect(
      (
        await db
          .collection('c5')
          .where({ g: db.command.gte(1) })
          .remove()
      ).deleted,
    ).toBe(2);
    expect((await db.collection('c5').count()).total).toBe(0);
  });
});

describe('uniqueness', () => {
  test('duplicate _id is DATABASE_DUPLICATE_WRITE', async () => {
    await db.collection('u').add({ _id: 'same' });
    expect((await errorOf(db.collection('u').add({ _id: 'same' }))).code).toBe(
      'DATABASE_DUPLICATE_WRITE',
    );
  });

  test('a batch add with one duplicate inserts nothing', async () => {
    await db.collection('u2').add({ _id: 'taken' });
    expect(
      (await errorOf(db.collection('u2').add([{ _id: 'fresh' }, { _id: 'taken' }]))).code,
    ).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await db.collection('u2').count()).total).toBe(1);
  });

  test('numeric and string ids are different documents', async () => {
    await db.collection('u3').add([{ _id: 1 }, { _id: '1' }]);
    expect((await db.collection('u3').count()).total).toBe(2);
  });

  test('a unique index rejects inserts and updates that collide, atomically', async () => {
    h.cb.db.ensureUniqueIndex('members', ['estate', 'openid']);
    const members = db.collection('members');
    await members.add([
      { _id: 'm1', estate: 'e1', openid: 'o1' },
      { _id: 'm2', estate: 'e1', openid: 'o2' },
    ]);
    expect((await errorOf(members.add({ estate: 'e1', openid: 'o1' }))).code).toBe(
      'DATABASE_DUPLICATE_WRITE',
    );
    expect((await errorOf(members.doc('m2').update({ openid: 'o1' }))).code).toBe(
      'DATABASE_DUPLICATE_WRITE',
    );
    // A multi-document update that would collide changes no document at all.
    expect((await errorOf(members.where({ estate: 'e1' }).update({ openid: 'same' }))).code).toBe(
      'DATABASE_DUPLICATE_WRITE',
    );
    expect(
      (await members.orderBy('_id', 'asc').get()).data.map((m: { openid: string }) => m.openid),
    ).toEqual(['o1', 'o2']);
    // Re-setting a document to its own key is not a collision.
    await members.doc('m1').set({ estate: 'e1', openid: 'o1', name: 'x' });
    await members.add({ estate: 'e2', openid: 'o1' });
    expect((await members.count()).total).toBe(3);
  });

  test('unique indexes declared at start', async () => {
    const other = await startHarness({
      uniqueIndexes: [{ collection: 'ballots', fields: ['proposal', 'household'] }],
    });
    try {
      await other.db.collection('ballots').add({ proposal: 'p', household: 'h' });
      expect(
        (await errorOf(other.db.collection('ballots').add({ proposal: 'p', household: 'h' }))).code,
      ).toBe('DATABASE_DUPLICATE_WRITE');
    } finally {
      await other.cb.close();
      Object.assign(process.env, { TCB_CONTEXT_CNFG: JSON.stringify({ URL: h.cb.adminUrl }) });
    }
  });
});
