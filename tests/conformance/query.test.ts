/** Queries through the real SDK: every db.command query operator, paging, projection, count. */
import { errorOf, startHarness, type Db, type Harness } from './harness';

let h: Harness;
let db: Db;

const PEOPLE = [
  {
    _id: 'p1',
    name: 'Ann',
    age: 30,
    tags: ['a', 'b'],
    addr: { city: 'SH', zip: 200000 },
    items: [{ k: 1 }, { k: 5 }],
  },
  { _id: 'p2', name: 'bob', age: 25, tags: ['b'], addr: { city: 'BJ' }, items: [{ k: 2 }] },
  { _id: 'p3', name: 'Cid', age: 35, tags: ['a', 'c', 'd'], items: [] },
  { _id: 'p4', name: 'dora', age: 40, tags: [], addr: { city: 'SH', zip: 200001 } },
];

/** Arrays of plain values, of documents, and of both. */
const ARRAYS = [
  { _id: 'numbers', tags: [1, 5, 9] },
  { _id: 'strings', tags: ['x', 'y'] },
  { _id: 'docs', tags: [{ v: 1 }, { v: 8 }] },
  { _id: 'mixed', tags: [3, { v: 2 }] },
];

beforeAll(async () => {
  h = await startHarness({ collections: ['people', 'arrays', 'many', 'events', 'labels'] });
  db = h.db;
  await db.collection('people').add(PEOPLE);
  await db.collection('arrays').add(ARRAYS);
});

afterAll(() => h.cb.close());

async function ids(query: object): Promise<string[]> {
  const res = await db.collection('people').where(query).orderBy('_id', 'asc').get();
  return res.data.map((d: { _id: string }) => d._id);
}

describe('query operators', () => {
  const cases: Array<[string, () => object, string[]]> = [
    ['eq', () => ({ age: db.command.eq(30) }), ['p1']],
    ['neq', () => ({ age: db.command.neq(30) }), ['p2', 'p3', 'p4']],
    ['lt', () => ({ age: db.command.lt(30) }), ['p2']],
    ['lte', () => ({ age: db.command.lte(30) }), ['p1', 'p2']],
    ['gt', () => ({ age: db.command.gt(35) }), ['p4']],
    ['gte', () => ({ age: db.command.gte(35) }), ['p3', 'p4']],
    ['in', () => ({ name: db.command.in(['Ann', 'bob']) }), ['p1', 'p2']],
    ['nin', () => ({ name: db.command.nin(['Ann', 'bob']) }), ['p3', 'p4']],
    [
      'and (top level)',
      () => db.command.and([{ age: db.command.gt(20) }, { age: db.command.lt(31) }]),
      ['p1', 'p2'],
    ],
    ['and (field chain)', () => ({ age: db.command.gt(20).and(db.command.lt(31)) }), ['p1', 'p2']],
    ['or (top level)', () => db.command.or([{ age: 25 }, { name: 'Cid' }]), ['p2', 'p3']],
    ['or (field chain)', () => ({ age: db.command.lt(26).or(db.command.gt(39)) }), ['p2', 'p4']],
    ['nor', () => db.command.nor([{ age: 25 }, { age: 30 }]), ['p3', 'p4']],
    [
      'nor (field chain)',
      () => ({ name: db.command.nor(db.command.eq('Ann'), db.command.eq('bob')) }),
      ['p3', 'p4'],
    ],
    ['expr', () => db.command.expr(db.command.aggregate.gte(['$age', 35])), ['p3', 'p4']],
    [
      'jsonSchema: required',
      () => db.command.jsonSchema({ required: ['addr'] }),
      ['p1', 'p2', 'p4'],
    ],
    [
      'jsonSchema: properties with bsonType and bounds',
      () => db.command.jsonSchema({ properties: { age: { bsonType: 'int', minimum: 31 } } }),
      ['p3', 'p4'],
    ],
    [
      'jsonSchema under nor',
      () => db.command.nor([db.command.jsonSchema({ required: ['items'] })]),
      ['p4'],
    ],
    ['not', () => ({ age: db.command.not(db.command.gt(30)) }), ['p1', 'p2']],
    ['exists true', () => ({ addr: db.command.exists(true) }), ['p1', 'p2', 'p4']],
    ['exists false', () => ({ addr: db.command.exists(false) }), ['p3']],
    // Typed without parameters, though it takes (divisor, remainder).
    [
      'mod',
      () => ({ age: (db.command.mod as (d: number, r: number) => object)(10, 5) }),
      ['p2', 'p3'],
    ],
    ['all', () => ({ tags: db.command.all(['a', 'b']) }), ['p1']],
    ['elemMatch', () => ({ items: db.command.elemMatch({ k: db.command.gt(4) }) }), ['p1']],
    ['size', () => ({ tags: db.command.size(1) }), ['p2']],
    [
      'db.RegExp',
      () => ({ name: db.RegExp({ regexp: '^[a-c]', options: 'i' }) }),
      ['p1', 'p2', 'p3'],
    ],
    ['JS RegExp', () => ({ name: /^d/ }), ['p4']],
    ['array contains a value', () => ({ tags: 'c' }), ['p3']],
    ['dotted path', () => ({ 'addr.city': 'SH' }), ['p1', 'p4']],
    [
      'nested object (flattened by the SDK)',
      () => ({ addr: { city: 'SH', zip: db.command.gt(200000) } }),
      ['p4'],
    ],
  ];

  test.each(cases)('%s', async (_name, query, expected) => {
    expect(await ids(query())).toEqual(expected);
  });

  test('raw MongoDB queries (options({ raw: true })) give the same answers', async () => {
    const raw = await db
      .collection('people')
      .options({ raw: true })
      .where({ age: { $gte: 35 } })
      .orderBy('_id', 'asc')
      .get();
    expect(raw.data.map((d: { _id: string }) => d._id)).toEqual(['p3', 'p4']);
  });

  test('a $jsonSchema keyword MongoDB does not support answers the unsupported-operator error', async () => {
    const err = await errorOf(
      db
        .collection('people')
        .where(db.command.jsonSchema({ properties: { name: { format: 'email' } } }))
        .get(),
    );
    expect(err.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(err.message).toContain('format');
  });
});

describe('elemMatch', () => {
  async function matching(criteria: object): Promise<string[]> {
    const res = await db
      .collection('arrays')
      .where({ tags: db.command.elemMatch(criteria) })
      .orderBy('_id', 'asc')
      .get();
    return res.data.map((d: { _id: string }) => d._id);
  }

  test('criteria on fields match elements that are documents, never plain values', async () => {
    expect(await matching({ v: db.command.gt(0) })).toEqual(['docs', 'mixed']);
    expect(await matching({ v: db.command.exists(true) })).toEqual(['docs', 'mixed']);
    const mod = db.command.mod as (divisor: number, remainder: number) => object;
    expect(await matching({ v: mod(7, 1) })).toEqual(['docs']);
  });

  test('operator criteria test each element as a value', async () => {
    expect(await matching(db.command.gt(4))).toEqual(['numbers']);
    expect(await matching(db.command.eq('y'))).toEqual(['strings']);
  });
});

describe('orderBy / skip / limit / field / count', () => {
  test('orderBy desc with skip and limit', async () => {
    const res = await db.collection('people').orderBy('age', 'desc').skip(1).limit(2).get();
    expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['p3', 'p1']);
  });

  test('several orderBy keys, on a dotted path', async () => {
    const res = await db
      .collection('people')
      .where({ addr: db.command.exists(true) })
      .orderBy('addr.city', 'desc')
      .orderBy('age', 'desc')
      .get();
    expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['p4', 'p1', 'p2']);
  });

  test('field() keeps only the chosen fields and _id', async () => {
    const res = await db.collection('people').where({ _id: 'p1' }).field({ name: true }).get();
    expect(res.data).toEqual([{ _id: 'p1', name: 'Ann' }]);
  });

  test('field() on a document reference', async () => {
    const res = await db.collection('people').doc('p2').field({ age: true, addr: true }).get();
    expect(res.data).toEqual([{ _id: 'p2', age: 25, addr: { city: 'BJ' } }]);
  });

  test('count', async () => {
    expect(
      (
        await db
          .collection('people')
          .where({ age: db.command.gt(26) })
          .count()
      ).total,
    ).toBe(3);
    expect((await db.collection('people').count()).total).toBe(4);
  });

  test('a get without limit returns 100 documents; a page holds at most 1000, as in the cloud', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ i }));
    await db.collection('many').add(many);
    expect((await db.collection('many').get()).data).toHaveLength(100);
    expect((await db.collection('many').limit(101).get()).data).toHaveLength(101);
    expect((await db.collection('many').limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection('many').limit(1001).get()).data).toHaveLength(1000);
    const page = await db.collection('many').orderBy('i', 'asc').skip(995).limit(1000).get();
    expect(page.data.map((d: { i: number }) => d.i)).toEqual([995, 996, 997, 998, 999, 1000]);
  });

  test('field() with a slice of an array, or excluding a field', async () => {
    const sliced = await db
      .collection('people')
      .where({ _id: 'p3' })
      .field({ tags: db.command.project.slice(2) })
      .get();
    expect(sliced.data[0].tags).toEqual(['a', 'c']);
    const without = await db.collection('people').doc('p2').field({ addr: false, items: 0 }).get();
    expect(without.data).toEqual([{ _id: 'p2', name: 'bob', age: 25, tags: ['b'] }]);
  });

  test('strings sort by code point; regular expressions select for reads, updates and removals', async () => {
    await db
      .collection('labels')
      .add([{ label: '类别B' }, { label: '类别C' }, { label: '其他' }, { label: '类别A' }]);
    const sorted = await db
      .collection('labels')
      .where({ label: /^类别/ })
      .orderBy('label', 'asc')
      .get();
    expect(sorted.data.map((d: { label: string }) => d.label)).toEqual(['类别A', '类别B', '类别C']);
    const either = db.command.or(
      db.RegExp({ regexp: '^类别a$', options: 'i' }),
      db.RegExp({ regexp: 'B$' }),
    );
    expect(
      (await db.collection('labels').where({ label: either }).update({ hit: true })).updated,
    ).toBe(2);
    expect((await db.collection('labels').where({ hit: true }).count()).total).toBe(2);
    expect(
      (
        await db
          .collection('labels')
          .where({ label: db.RegExp({ regexp: '^类别' }) })
          .remove()
      ).deleted,
    ).toBe(3);
    expect((await db.collection('labels').count()).total).toBe(1);
  });
});

describe('documents', () => {
  test('get of a missing document gives an empty list', async () => {
    expect((await db.collection('people').doc('nobody').get()).data).toEqual([]);
  });

  test('field names that are also Object.prototype members are plain fields', async () => {
    await db.collection('events').add({ _id: 'proto', constructor: 'x', toString: 1 });
    const res = await db.collection('events').where({ constructor: 'x', toString: 1 }).get();
    expect(res.data).toEqual([{ _id: 'proto', constructor: 'x', toString: 1 }]);
  });

  test('dates round-trip and compare', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.collection('events').add({ _id: 'e1', at });
    const doc = (await db.collection('events').doc('e1').get()).data[0];
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.at.toISOString()).toBe(at.toISOString());
    expect(
      (
        await db
          .collection('events')
          .where({ at: db.command.lt(new Date('2027-01-01')) })
          .count()
      ).total,
    ).toBe(1);
    const count = async (query: object) =>
      (await db.collection('events').where(query).count()).total;
    expect(await count({ at: new Date(at.getTime()) })).toBe(1);
    expect(await count({ at: db.command.eq(at) })).toBe(1);
    expect(await count({ at: db.command.lte(at).and(db.command.gte(at)) })).toBe(1);
    expect(await count({ at: db.command.or(new Date(0), at) })).toBe(1);
    expect(await count({ at: db.command.gt(at) })).toBe(0);
  });

  test('serverDate resolves to the server time at write, plus its offset', async () => {
    const before = Date.now();
    const { id } = await db
      .collection('events')
      .add({ at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) });
    const after = Date.now();
    const doc = (
      await db
        .collection('events')
        .doc(id as string)
        .get()
    ).data[0];
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(doc.at.getTime()).toBeLessThanOrEqual(after);
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);

    await db
      .collection('events')
      .doc(id as string)
      .update({ touched: db.serverDate() });
    const touched = (
      await db
        .collection('events')
        .doc(id as string)
        .get()
    ).data[0].touched;
    expect(touched.getTime()).toBeGreaterThanOrEqual(after);
  });
});
