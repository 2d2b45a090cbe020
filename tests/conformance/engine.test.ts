/** The engine's persistence and transaction bookkeeping, driven directly (no HTTP). */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database } from '../../local/db';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(tmpdir(), 'gongzhi-engine-'));
});

afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const journal = (): string => path.join(dir, 'journal.log');

async function fillAndClose(): Promise<void> {
  const db = await Database.open({ dataDir: dir, collections: ['units', 'votes'] });
  await db.insert('units', [
    { _id: 'u1', floor: 1, at: new Date(5) },
    { _id: 'u2', floor: 2 },
    { _id: 7 },
  ]);
  await db.update('units', { _id: 'u1' }, { $inc: { floor: 10 } });
  await db.remove('units', { _id: 'u2' });
  const t = db.startTransaction();
  await db.insert('votes', [{ _id: 'v1' }], { txn: t });
  await db.update('units', { _id: 'u1' }, { $set: { voted: true } }, { txn: t });
  await db.commitTransaction(t);
  await db.createCollection('empty');
  await db.close();
}

async function expectFilled(db: Database): Promise<void> {
  expect(db.find('units', {}, { sort: { floor: 1 } })).toEqual([
    { _id: 7 },
    { _id: 'u1', floor: 11, at: new Date(5), voted: true },
  ]);
  expect(db.find('votes', {})).toEqual([{ _id: 'v1' }]);
  expect(db.count('empty', {})).toBe(0);
}

describe('journal and snapshot', () => {
  test('every committed write survives a restart; the start compacts the journal into the snapshot', async () => {
    await fillAndClose();
    expect((await fs.stat(journal())).size).toBeGreaterThan(0);
    const db = await Database.open({ dataDir: dir });
    expect((await fs.stat(journal())).size).toBe(0);
    await expectFilled(db);
    await db.close();
    // And again, now from the snapshot alone.
    const again = await Database.open({ dataDir: dir });
    await expectFilled(again);
    await again.close();
  });

  test('a torn last record (a crash mid-write) is ignored', async () => {
    await fillAndClose();
    await fs.appendFile(journal(), '120 1a2b3c4d [{"op":"put","c":"units","doc":{"_id":"torn"');
    const db = await Database.open({ dataDir: dir });
    await expectFilled(db);
    expect(db.get('units', 'torn')).toBeNull();
    await db.close();
  });

  test('a last record with a bad checksum is ignored', async () => {
    await fillAndClose();
    const payload = '[{"op":"put","c":"units","doc":{"_id":"bad"}}]';
    await fs.appendFile(journal(), `${Buffer.byteLength(payload)} deadbeef ${payload}\n`);
    const db = await Database.open({ dataDir: dir });
    expect(db.get('units', 'bad')).toBeNull();
    await db.close();
  });

  test('a damaged record followed by valid ones refuses to start rather than lose acknowledged writes', async () => {
    await fillAndClose();
    const bytes = await fs.readFile(journal());
    bytes[10] ^= 0xff;
    await fs.writeFile(journal(), bytes);
    await expect(Database.open({ dataDir: dir })).rejects.toThrow(/journal.log is corrupt/);
  });

  test('a crash between snapshot and journal truncation replays harmlessly', async () => {
    await fillAndClose();
    const records = await fs.readFile(journal());
    await (await Database.open({ dataDir: dir })).close();
    await fs.writeFile(journal(), records); // as if the truncation never happened
    const db = await Database.open({ dataDir: dir });
    await expectFilled(db);
    await db.close();
  });

  test('group commit: writes arriving during an fsync share the next one', async () => {
    const db = await Database.open({ dataDir: dir, collections: ['bulk'] });
    const probe = await fs.open(path.join(dir, 'probe'), 'w');
    const datasync = jest.spyOn(Object.getPrototypeOf(probe), 'datasync');
    await probe.close();
    await Promise.all(Array.from({ length: 200 }, (_, i) => db.insert('bulk', [{ i }])));
    expect(datasync.mock.calls.length).toBeLessThanOrEqual(2);
    datasync.mockRestore();
    await db.close();
    const reopened = await Database.open({ dataDir: dir });
    expect(reopened.count('bulk', {})).toBe(200);
    await reopened.close();
  });

  test('existing data that violates a declared unique index stops the start', async () => {
    const db = await Database.open({ dataDir: dir, collections: ['members'] });
    await db.insert('members', [{ openid: 'o' }, { openid: 'o' }]);
    await db.close();
    await expect(
      Database.open({
        dataDir: dir,
        uniqueIndexes: [{ collection: 'members', fields: ['openid'] }],
      }),
    ).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    });
  });

  test('memory mode writes no files', async () => {
    const db = await Database.open({ collections: ['x'] });
    await db.insert('x', [{ a: 1 }]);
    await db.close();
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('transactions', () => {
  test('an abandoned transaction expires', async () => {
    const db = await Database.open({ transactionTimeoutMs: 20, collections: ['x'] });
    const t = db.startTransaction();
    await db.insert('x', [{ _id: 'a' }], { txn: t });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(db.commitTransaction(t)).rejects.toMatchObject({
      code: 'DATABASE_TRANSACTION_FAIL',
    });
    expect(db.get('x', 'a')).toBeNull();
    await db.close();
  });

  test('the commit is one journal record: all of a transaction or none of it', async () => {
    const db = await Database.open({ dataDir: dir, collections: ['a', 'b'] });
    const t = db.startTransaction();
    await db.insert('a', [{ _id: 1 }], { txn: t });
    await db.insert('b', [{ _id: 2 }], { txn: t });
    await db.commitTransaction(t);
    await db.close();
    const lines = (await fs.readFile(journal(), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"c":"a"');
    expect(lines[0]).toContain('"c":"b"');
  });
});
