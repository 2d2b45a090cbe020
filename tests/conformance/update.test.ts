/** Writes through the real SDK: add/set/update/remove, every update operator, uniqueness. */
import { errorOf, startHarness, type Db, type Harness } from './harness';

let h: Harness;
let db: Db;
let n = 0;

beforeAll(async () => {
  h = await startHarness({
    collections: ['things', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'u', 'u2', 'u3', 'members'],
  });
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
    [
      'push with each, sort and slice',
      { l: [1, 2, 3] },
      () => ({ l: _().push({ each: [4, 5, 6], sort: -1, slice: 3 }) }),
      { l: [6, 5, 4] },
    ],
    [
      'pull by in',
      { l: ['a', 'b', 'c'] },
      () => ({ l: _().pull(_().in(['a', 'b'])) }),
      { l: ['c'] },
    ],
    ['inc by a fraction', { x: 0.2 }, () => ({ x: _().inc(-0.05) }), { x: 0.2 - 0.05 }],
    [
      'remove inside array elements: a field of one, another whole (left null)',
      { l: [{ n: 'A', sub: {} }, { n: 'B' }, { n: 'C' }] },
      () => ({ l: { 0: { sub: _().remove() }, 1: _().remove() } }),
      { l: [{ n: 'A' }, null, { n: 'C' }] },
    ],
    [
      'plain values: an empty array, nulls in a nested object',
      { a: [1], o: { x: 1 } },
      () => ({ a: [], o: { x: null, y: null } }),
      { a: [], o: { x: null, y: null } },
    ],
  ];

  test.each(cases)('%s', async (_name, initial, update, expected) => {
    expect(await updated(initial, update)).toEqual(expected);
  });
});

describe('update operators on a field of the wrong kind', () => {
  const _ = () => db.command;
  const refused: Array<[string, object, () => object]> = [
    ['inc on a string', { a: 'x' }, () => ({ a: _().inc(1) })],
    ['mul on null', { a: null }, () => ({ a: _().mul(2) })],
    ['push on a number', { l: 1 }, () => ({ l: _().push(2) })],
    ['addToSet on an object', { l: { x: 1 } }, () => ({ l: _().addToSet(2) })],
    ['pull on a string', { l: 'abc' }, () => ({ l: _().pull('a') })],
    ['pop on a number', { l: 1 }, () => ({ l: _().pop() })],
  ];

  test.each(refused)(
    '%s is refused, as MongoDB refuses it, and changes nothing',
    async (name, initial, update) => {
      const id = `kind-${name.replace(/ /g, '-')}`;
      await db.collection('things').doc(id).set(initial);
      expect((await errorOf(db.collection('things').doc(id).update(update()))).code).toBe(
        'DATABASE_REQUEST_FAILED',
      );
      expect((await db.collection('things').doc(id).get()).data).toEqual([{ _id: id, ...initial }]);
    },
  );
});

describe('add / set / update / remove', () => {
  test('add returns a 32-character id; add of an array returns all ids', async () => {
    const { id } = await db.collection('c1').add({ a: 1 });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const { ids } = await db.collection('c1').add([{ a: 2 }, { a: 3 }]);
    expect(ids).toHaveLength(2);
    expect((await db.collection('c1').count()).total).toBe(3);
  });

  test('set replaces the whole document, or creates it', async () => {
    const created = await db.collection('c2').doc('s').set({ a: 1, b: 2 });
    expect(created).toMatchObject({ updated: 0, upsertedId: 's' });
    const replaced = await db.collection('c2').doc('s').set({ c: 3 });
    expect(replaced.updated).toBe(1);
    expect((await db.collection('c2').doc('s').get()).data).toEqual([{ _id: 's', c: 3 }]);
  });

  test('set with the content the document already has answers updated 1, as the cloud does', async () => {
    const at = new Date('2026-05-01T00:00:00Z');
    await db.collection('c2').doc('again').set({ a: 1, at });
    expect((await db.collection('c2').doc('again').set({ a: 1, at })).updated).toBe(1);
    expect((await db.collection('c2').doc('again').get()).data).toEqual([
      { _id: 'again', a: 1, at },
    ]);
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

  test('updateAndReturn of values already there answers updated 1 and the document; no match answers 0 and null', async () => {
    await db.collection('c4').add([{ _id: 'same', n: 5, m: 1 }]);
    const same = await db.collection('c4').where({ n: 5 }).updateAndReturn({ m: 1 });
    expect(same).toMatchObject({ updated: 1, doc: { _id: 'same', n: 5, m: 1 } });
    const none = await db.collection('c4').where({ n: -1 }).updateAndReturn({ m: 2 });
    expect(none).toMatchObject({ updated: 0, doc: null });
  });

  test('options({ multiple }) limits where().update() and where().remove() to one document', async () => {
    await db.collection('c6').add([{ t: 1 }, { t: 1 }, { t: 1 }]);
    const one = await db
      .collection('c6')
      .where({ t: 1 })
      .options({ multiple: false })
      .update({ t: db.command.inc(1) });
    expect(one.updated).toBe(1);
    const all = await db
      .collection('c6')
      .where({ t: db.command.gt(0) })
      .options({})
      .update({ t: db.command.inc(1) });
    expect(all.updated).toBe(3);
    expect(
      (
        await db
          .collection('c6')
          .where({ t: db.command.gt(0) })
          .options({ multiple: false })
          .remove()
      ).deleted,
    ).toBe(1);
    expect(
      (
        await db
          .collection('c6')
          .where({ t: db.command.gt(0) })
          .remove()
      ).deleted,
    ).toBe(2);
  });

  test('raw MongoDB updates (options({ raw: true }))', async () => {
    await db.collection('c6').add({ _id: 'raw', key: 'a', v: 1 });
    const res = await db
      .collection('c6')
      .options({ raw: true })
      .where({ key: { $eq: 'a' } })
      .update({ $set: { v: 2 } });
    expect(res.updated).toBe(1);
    expect((await db.collection('c6').doc('raw').get()).data[0].v).toBe(2);
  });

  test('an update without where() is refused and changes nothing', async () => {
    await db.collection('c7').add({ _id: 'kept', a: 0 });
    const update = (db.collection('c7') as unknown as { update(d: object): Promise<unknown> })
      .update;
    expect((await errorOf(update.call(db.collection('c7'), { a: 1 }))).code).toBe('INVALID_PARAM');
    expect((await db.collection('c7').doc('kept').get()).data).toEqual([{ _id: 'kept', a: 0 }]);
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

describe('field names', () => {
  test('a field name starting with $ is refused, as MongoDB refuses to store it; nothing is written', async () => {
    const coll = db.collection('c7');
    await coll.add({ _id: 'd', a: 1 });
    for (const write of [
      () => coll.add({ _id: 'e', $bad: 1 }),
      () => coll.add({ _id: 'f', nested: { $bad: 1 } }),
      () => coll.doc('d').set({ list: [{ $bad: 1 }] }),
      () => coll.doc('d').update({ o: db.command.set({ $bad: 1 }) }),
    ]) {
      expect((await errorOf(write())).code).toBe('DATABASE_REQUEST_FAILED');
    }
    expect((await coll.orderBy('_id', 'asc').get()).data).toEqual([
      { _id: 'd', a: 1 },
      { _id: 'kept', a: 0 },
    ]);
  });

  test('a dot at the end of a field name is stored as given', async () => {
    const { id } = await db.collection('c7').add({ 'key.': '1' });
    expect(
      (
        await db
          .collection('c7')
          .doc(id as string)
          .get()
      ).data[0]['key.'],
    ).toBe('1');
    await db
      .collection('c7')
      .doc(id as string)
      .remove();
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
