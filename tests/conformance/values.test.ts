/** Value types through the real SDK: ObjectIds, geo values, dates and server dates, nulls, empties. */
import { ObjectId } from 'bson';
import { startHarness, type Db, type Harness } from './harness';

let h: Harness;
let db: Db;

beforeAll(async () => {
  h = await startHarness({ collections: ['oids', 'oid_refs', 'geo', 'dates', 'plain'] });
  db = h.db;
});

afterAll(() => h.cb.close());

describe('ObjectId', () => {
  test('an ObjectId _id is answered as its hex string, in add and in reads', async () => {
    const hex = new ObjectId().toHexString();
    const { id } = await db.collection('oids').add({ _id: db.ObjectId({ id: hex }), n: 1 });
    expect(id).toBe(hex);
    const found = await db
      .collection('oids')
      .where({ _id: db.ObjectId({ id: hex }) })
      .get();
    expect(found.data).toEqual([{ _id: hex, n: 1 }]);
  });

  test('an ObjectId field is found by the ObjectId and read back as its hex string', async () => {
    const hex = new ObjectId().toHexString();
    await db.collection('oids').add({ _id: 'with-ref', ref: db.ObjectId({ id: hex }) });
    const found = await db
      .collection('oids')
      .where({ ref: db.ObjectId({ id: hex }) })
      .get();
    expect(found.data).toEqual([{ _id: 'with-ref', ref: hex }]);
  });

  test('$lookup joins ObjectId fields to ObjectId ids', async () => {
    const [a, b] = [new ObjectId().toHexString(), new ObjectId().toHexString()];
    await db.collection('oids').add({ _id: db.ObjectId({ id: a }), name: 'inviter' });
    await db
      .collection('oid_refs')
      .add({ _id: db.ObjectId({ id: b }), inviter: db.ObjectId({ id: a }) });
    const res = await db
      .collection('oid_refs')
      .aggregate()
      .lookup({ from: 'oids', localField: 'inviter', foreignField: '_id', as: 'by' })
      .end();
    expect(res.data).toEqual([{ _id: b, inviter: a, by: [{ _id: a, name: 'inviter' }] }]);
  });

  test('a 24-hex-digit string _id stays a string', async () => {
    const id = '5e7b474a5e54c773b58d7b39';
    await db.collection('plain').add({ _id: id, a: 'test' });
    expect((await db.collection('plain').where({ _id: id }).get()).data).toEqual([
      { _id: id, a: 'test' },
    ]);
  });
});

describe('geo values (stored and read back; geo queries are not supported)', () => {
  test('every geometry type round-trips as the SDK class; setting it again counts as updated', async () => {
    // The SDK's typings declare only Point.
    type Geometry = new (...args: unknown[]) => object;
    const { Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon } =
      db.Geo as unknown as Record<string, Geometry>;
    const ring = (d: number) =>
      new LineString([
        new Point(-d, -d),
        new Point(d, -d),
        new Point(d, d),
        new Point(-d, d),
        new Point(-d, -d),
      ]);
    const value = {
      point: new Point(121.47, 31.23),
      line: new LineString([new Point(0, 0), new Point(1, 1)]),
      polygon: new Polygon([ring(2), ring(1)]),
      multiPoint: new MultiPoint([new Point(1, 2), new Point(3, 4)]),
      multiLine: new MultiLineString([new LineString([new Point(0, 0), new Point(2, 2)])]),
      multiPolygon: new MultiPolygon([new Polygon([ring(2)]), new Polygon([ring(1)])]),
      points: [new Point(1, 1), new Point(2, 2)],
    };
    const { id } = await db.collection('geo').add(value);
    const doc = (
      await db
        .collection('geo')
        .doc(id as string)
        .get()
    ).data[0];
    expect(doc.point).toBeInstanceOf(Point);
    expect(doc.multiPolygon).toBeInstanceOf(MultiPolygon);
    expect(doc).toEqual({ _id: id, ...value });
    expect(
      (
        await db
          .collection('geo')
          .doc(id as string)
          .set(value)
      ).updated,
    ).toBe(1);
  });
});

describe('dates, server dates, nulls and empty values', () => {
  test('serverDate inside objects and arrays, with offsets of any size, on add and update', async () => {
    const year = 365 * 24 * 3600 * 1000;
    const before = Date.now();
    const { id } = await db.collection('dates').add({
      at: db.serverDate(),
      nextYear: db.serverDate({ offset: year }),
      nested: { at: db.serverDate({ offset: 60_000 }) },
      list: [db.serverDate()],
      empty: [],
      nothing: {},
      none: null,
    });
    const ref = db.collection('dates').doc(id as string);
    const doc = (await ref.get()).data[0];
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(doc.nextYear.getTime() - doc.at.getTime()).toBe(year);
    expect(doc.nested.at.getTime() - doc.at.getTime()).toBe(60_000);
    expect(doc.list).toEqual([doc.at]);
    expect(doc).toMatchObject({ empty: [], nothing: {}, none: null });

    const hour = 3600_000;
    await ref.update({
      nextYear: db.serverDate({ offset: hour }),
      list: db.command.push(db.serverDate({ offset: hour })),
    });
    const updated = (await ref.get()).data[0];
    expect(updated.nextYear.getTime() - updated.at.getTime()).toBeGreaterThanOrEqual(hour);
    expect(updated.list).toHaveLength(2);
    expect(updated.list[1]).toBeInstanceOf(Date);
    expect(updated.list[1].getTime()).toBe(updated.nextYear.getTime());
  });
});
