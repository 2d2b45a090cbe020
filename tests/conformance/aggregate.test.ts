/** Aggregation through the real SDK, and the operators the local CloudBase refuses. */
import { errorOf, startHarness, type Db, type Harness } from './harness';

let h: Harness;
let db: Db;

beforeAll(async () => {
  h = await startHarness({
    collections: ['votes', 'proposals', 'one', 'scores', 'sizes', 'weeks'],
  });
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

/** One document, for expression operators evaluated in $project. */
const ONE = {
  _id: 'o',
  first: 'Yuanxin',
  last: 'Dong',
  birthday: '1999/12/12',
  nick: '心谭',
  price: 100,
  discount: 0.95,
  cost: -10,
  amount: 200,
  desc: null,
  A: [1, 2],
  B: [2, 3, 3],
  flags: [true, 1],
  some: [0, false, 'x'],
  foo: { a: 1 },
  bar: { b: 2 },
  at: new Date(Date.UTC(2019, 4, 14, 9, 38, 51, 686)), // a Tuesday
};

describe('expression operators', () => {
  beforeAll(() => db.collection('one').add(ONE));

  async function evaluated(expression: object): Promise<unknown> {
    const res = await db.collection('one').aggregate().project({ _id: 0, v: expression }).end();
    return res.data[0].v;
  }

  const $ = () => db.command.aggregate;
  const cases: Array<[string, () => object, unknown]> = [
    ['concat', () => $().concat(['$first', ' ', '$last']), 'Yuanxin Dong'],
    ['split', () => $().split(['$birthday', '/']), ['1999', '12', '12']],
    ['strcasecmp', () => $().strcasecmp(['$first', '$last']), 1],
    ['toLower', () => $().toLower('$first'), 'yuanxin'],
    ['toUpper', () => $().toUpper('$last'), 'DONG'],
    ['indexOfBytes (UTF-8 bytes)', () => $().indexOfBytes(['$nick', '谭']), 3],
    ['indexOfBytes, absent', () => $().indexOfBytes(['$first', 'z']), -1],
    ['indexOfCP (code points)', () => $().indexOfCP(['$nick', '谭']), 1],
    ['indexOfCP from a start', () => $().indexOfCP(['$first', 'x', 2]), 4],
    ['substr', () => $().substr(['$birthday', 5, 2]), '12'],
    ['substr, negative length: the rest', () => $().substr(['$birthday', 8, -1]), '12'],
    ['substrBytes on whole characters', () => $().substrBytes(['$nick', 3, 3]), '谭'],
    ['substrBytes past the end', () => $().substrBytes(['$first', 4, 10]), 'xin'],
    ['sum of a list', () => $().sum(['$price', '$cost']), 90],
    [
      'let',
      () =>
        $().let({
          vars: { total: $().multiply(['$price', '$discount']) },
          in: $().sum(['$$total', '$cost']),
        }),
      85,
    ],
    ['cond', () => $().cond({ if: $().gte(['$amount', 200]), then: 0.7, else: 0.9 }), 0.7],
    ['ifNull', () => $().ifNull(['$desc', 'Not defined']), 'Not defined'],
    [
      'switch',
      () =>
        $().switch({
          branches: [
            { case: $().gt(['$amount', 250]), then: 0.8 },
            { case: $().gt(['$amount', 150]), then: 0.9 },
          ],
          default: 1,
        }),
      0.9,
    ],
    ['literal', () => $().eq(['$first', $().literal('$first')]), false],
    ['mergeObjects', () => $().mergeObjects(['$foo', '$bar']), { a: 1, b: 2 }],
    ['allElementsTrue', () => $().allElementsTrue(['$flags']), true],
    ['anyElementTrue', () => $().anyElementTrue(['$some']), true],
    ['setDifference', () => $().setDifference(['$B', '$A']), [3]],
    ['setEquals', () => $().setEquals(['$A', [2, 1, 1]]), true],
    ['setIntersection', () => $().setIntersection(['$A', '$B']), [2]],
    ['setIsSubset', () => $().setIsSubset(['$A', '$B']), false],
    ['setUnion', () => $().setUnion(['$A', '$B']).valueOf(), [1, 2, 3]],
    ['an array of fields', () => ['$price', '$cost'], [100, -10]],
    ['year', () => $().year('$at'), 2019],
    ['month', () => $().month('$at'), 5],
    ['dayOfMonth', () => $().dayOfMonth('$at'), 14],
    ['hour', () => $().hour('$at'), 9],
    ['minute', () => $().minute('$at'), 38],
    ['second', () => $().second('$at'), 51],
    ['millisecond', () => $().millisecond('$at'), 686],
    ['dayOfYear', () => $().dayOfYear('$at'), 134],
    ['dayOfWeek (Sunday = 1)', () => $().dayOfWeek('$at'), 3],
    ['week (weeks start on Sunday)', () => $().week('$at'), 19],
    ['isoWeek', () => $().isoWeek('$at'), 20],
    ['isoDayOfWeek', () => $().isoDayOfWeek('$at'), 2],
    ['isoWeekYear', () => $().isoWeekYear('$at'), 2019],
    [
      'dateToString in a time zone',
      () => $().dateToString({ date: '$at', format: '%Y-%m-%d %H:%M', timezone: 'Asia/Shanghai' }),
      '2019-05-14 17:38',
    ],
    ['dateToString onNull', () => $().dateToString({ date: '$missing', onNull: 'none' }), 'none'],
    [
      'dateFromParts in a time zone',
      () =>
        $().dateFromParts({ year: 2017, month: 2, day: 8, hour: 12, timezone: 'America/New_York' }),
      new Date('2017-02-08T17:00:00.000Z'),
    ],
    [
      'dateFromString',
      () => $().dateFromString({ dateString: '2019-05-14T09:38:51.686Z' }),
      ONE.at,
    ],
  ];

  test.each(cases)('%s', async (_name, expression, expected) => {
    expect(await evaluated(expression())).toEqual(expected);
  });

  test('$week counts days before the first Sunday as week 0, as MongoDB does', async () => {
    await db.collection('weeks').add([
      { _id: 'tue-jan-1', at: new Date('2019-01-01T12:00:00Z') },
      { _id: 'sun-jan-6', at: new Date('2019-01-06T12:00:00Z') },
      { _id: 'sun-dec-31', at: new Date('2017-12-31T12:00:00Z') },
    ]);
    const res = await db
      .collection('weeks')
      .aggregate()
      .sort({ _id: 1 })
      .project({ week: db.command.aggregate.week('$at') })
      .end();
    expect(res.data).toEqual([
      { _id: 'sun-dec-31', week: 53 },
      { _id: 'sun-jan-6', week: 1 },
      { _id: 'tue-jan-1', week: 0 },
    ]);
  });

  test('substrBytes refuses to cut a character in two, as MongoDB refuses it', async () => {
    const err = await errorOf(
      db
        .collection('one')
        .aggregate()
        .project({ v: db.command.aggregate.substrBytes(['$nick', 1, 2]) })
        .end(),
    );
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
  });
});

describe('accumulators and stages', () => {
  beforeAll(async () => {
    await db.collection('scores').add([
      {
        _id: 's1',
        group: 'a',
        name: 'stu1',
        score: 84,
        tags: ['x', 'y'],
        foo: { a: 1 },
        nick: 's1',
      },
      { _id: 's2', group: 'a', name: 'stu2', score: 96, tags: ['y'], foo: { c: 1 } },
      { _id: 's3', group: 'b', name: 'stu3', score: 80, tags: [], foo: { e: 1 }, nick: null },
      { _id: 's4', group: 'b', name: 'stu4', score: 100, foo: { a: 2 } },
    ]);
    await db.collection('sizes').add([
      { _id: 1, size: ['S', 'M'] },
      { _id: 2, size: [] },
      { _id: 3, size: null },
    ]);
  });

  test('group accumulators', async () => {
    const $ = db.command.aggregate;
    const res = await db
      .collection('scores')
      .aggregate()
      .sort({ score: 1 })
      .group({
        _id: '$group',
        stdDevPop: $.stdDevPop('$score'),
        stdDevSamp: $.stdDevSamp('$score'),
        max: $.max('$score'),
        min: $.min('$score'),
        avg: $.avg('$score'),
        first: $.first('$name'),
        last: $.last('$name'),
        n: $.sum(1),
        names: $.push('$name'),
        nicks: $.push('$nick'),
        tagSets: $.addToSet('$tags'),
        merged: $.mergeObjects('$foo'),
      })
      .sort({ _id: 1 })
      .end();
    expect(res.data).toEqual([
      {
        _id: 'a',
        stdDevPop: 6,
        stdDevSamp: Math.sqrt(72),
        max: 96,
        min: 84,
        avg: 90,
        first: 'stu1',
        last: 'stu2',
        n: 2,
        names: ['stu1', 'stu2'],
        nicks: ['s1'],
        tagSets: expect.arrayContaining([['x', 'y'], ['y']]),
        merged: { a: 1, c: 1 },
      },
      {
        _id: 'b',
        stdDevPop: 10,
        stdDevSamp: Math.sqrt(200),
        max: 100,
        min: 80,
        avg: 90,
        first: 'stu3',
        last: 'stu4',
        n: 2,
        names: ['stu3', 'stu4'],
        nicks: [null],
        tagSets: [[]], // a missing value is left out, as MongoDB does
        merged: { e: 1, a: 2 },
      },
    ]);
  });

  test('sample, sortByCount, replaceRoot', async () => {
    const sample = await db.collection('scores').aggregate().sample({ size: 1 }).end();
    expect(sample.data).toHaveLength(1);
    const byGroup = await db.collection('scores').aggregate().sortByCount('$group').end();
    expect(byGroup.data).toHaveLength(2);
    const byTag = await db
      .collection('scores')
      .aggregate()
      .unwind('$tags')
      .sortByCount('$tags')
      .end();
    expect(byTag.data[0]).toEqual({ _id: 'y', count: 2 });
    const roots = await db
      .collection('scores')
      .aggregate()
      .sort({ _id: 1 })
      .replaceRoot({ newRoot: '$foo' })
      .end();
    expect(roots.data[0]).toEqual({ a: 1 });
    const computed = await db
      .collection('scores')
      .aggregate()
      .sort({ _id: 1 })
      .limit(1)
      .replaceRoot({ newRoot: { who: db.command.aggregate.concat(['$group', '-', '$name']) } })
      .end();
    expect(computed.data).toEqual([{ who: 'a-stu1' }]);
  });

  test('unwind: plain, with the array index, keeping empty and null', async () => {
    const unwind = (spec: string | object) =>
      db.collection('sizes').aggregate().sort({ _id: 1 }).unwind(spec).end();
    expect((await unwind('$size')).data).toEqual([
      { _id: 1, size: 'S' },
      { _id: 1, size: 'M' },
    ]);
    expect((await unwind({ path: '$size', includeArrayIndex: 'i' })).data).toEqual([
      { _id: 1, size: 'S', i: 0 },
      { _id: 1, size: 'M', i: 1 },
    ]);
    expect((await unwind({ path: '$size', preserveNullAndEmptyArrays: true })).data).toEqual([
      { _id: 1, size: 'S' },
      { _id: 1, size: 'M' },
      { _id: 2 },
      { _id: 3, size: null },
    ]);
  });

  test('$lookup with a pipeline', async () => {
    const res = await db
      .collection('proposals')
      .aggregate()
      .sort({ _id: 1 })
      .lookup({
        from: 'votes',
        pipeline: db.command.aggregate.pipeline().match({ choice: 'no' }).done(),
        as: 'noes',
      })
      .end();
    expect(res.data.map((p: { noes: unknown[] }) => p.noes.length)).toEqual([1, 1]);
  });

  test('a raw pipeline (options({ raw: true }).aggregate([...]))', async () => {
    const res = await db
      .collection('votes')
      .options({ raw: true })
      .aggregate([{ $match: { weight: { $gte: 2 } } }, { $count: 'heavy' }])
      .end();
    expect(res.data).toEqual([{ heavy: 2 }]);
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
    expect(err.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(err.message).toContain('$nearSphere');
  });

  test('geoWithin query', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .where({ at: db.command.geoWithin({ centerSphere: [[121.4, 31.2], 0.01] }) })
        .count(),
    );
    expect(err.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(err.message).toContain('$geoWithin');
  });

  test('geoIntersects query', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .where({ at: db.command.geoIntersects({ geometry: new db.Geo.Point(121.4, 31.2) }) })
        .get(),
    );
    expect(err.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(err.message).toContain('$geoIntersects');
  });

  test('$geoNear aggregation stage', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .aggregate()
        .geoNear({ near: new db.Geo.Point(121.4, 31.2), distanceField: 'd' })
        .end(),
    );
    expect(err.code).toBe('DATABASE_INVALID_OPERRATOR');
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
    expect(err.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(err.message).toContain('$text');
  });

  test('server-side JavaScript and stages writing elsewhere', async () => {
    const where = await errorOf(
      db.collection('votes').options({ raw: true }).where({ $where: 'this.weight > 1' }).get(),
    );
    expect(where.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(where.message).toContain('$where');
    const out = await errorOf(
      db
        .collection('votes')
        .options({ raw: true })
        .aggregate([{ $match: {} }, { $out: 'copy' }])
        .end(),
    );
    expect(out.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(out.message).toContain('$out');
  });

  test('an operator nobody knows', async () => {
    const err = await errorOf(
      db
        .collection('votes')
        .aggregate()
        .match({ weight: { $frobnicate: 1 } })
        .end(),
    );
    expect(err.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(err.message).toContain('$frobnicate');
  });
});
