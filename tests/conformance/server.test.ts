/** The HTTP side: the /fn gateway, per-invocation call counting, stats, CORS, limits and fault injection. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DATABASE_ACTIONS } from '../../local/db';
import type { FunctionHost } from '../../local/server';
import { errorOf, startHarness, type Harness, type Txn } from './harness';

let h: Harness;

/** Cloud functions written as the real ones are: the SDK, attributed to their invocation. */
const functions: FunctionHost = {
  names: () => ['echo', 'boom', 'writer', 'transfer', 'caller'],
  async invoke(name, event, identity, invocationId) {
    const app = h.appFor(invocationId);
    const db = app.database();
    const e = event as { tag?: string };
    switch (name) {
      case 'echo':
        return { event, openid: identity.openid ?? null };
      case 'boom':
        throw new Error('secret internal detail');
      case 'writer': {
        // Three separate writes; reports what each one answered.
        const codes: string[] = [];
        for (let i = 1; i <= 3; i++) {
          try {
            await db.collection('writes').add({ tag: e.tag, i });
            codes.push('ok');
          } catch (err) {
            codes.push((err as { code: string }).code);
          }
        }
        return codes;
      }
      case 'transfer':
        return db.runTransaction(async (t: Txn) => {
          await t
            .collection('accounts')
            .doc('a')
            .update({ balance: db.command.inc(-10) });
          await t
            .collection('accounts')
            .doc('b')
            .update({ balance: db.command.inc(10) });
          return 'done';
        });
      case 'caller':
        return (await app.callFunction({ name: 'echo', data: { from: 'caller' } })).result;
      default:
        throw new Error(`no function ${name}`);
    }
  },
};

beforeAll(async () => {
  h = await startHarness({ functions, collections: ['accounts', 'writes'] });
});

afterAll(() => h.cb.close());

async function call(name: string, event: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.cb.url}/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof event === 'string' ? event : JSON.stringify(event),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    invocation: res.headers.get('x-gongzhi-invocation'),
    dbCalls: Number(res.headers.get('x-gongzhi-db-calls')),
    cors: res.headers.get('access-control-allow-origin'),
  };
}

async function balances(): Promise<Record<string, number>> {
  const res = await h.db.collection('accounts').get();
  return Object.fromEntries(
    res.data.map((d: { _id: string; balance: number }) => [d._id, d.balance]),
  );
}

async function resetAccounts(): Promise<void> {
  await h.db.collection('accounts').doc('a').set({ balance: 100 });
  await h.db.collection('accounts').doc('b').set({ balance: 0 });
}

/** Silences the expected error log of a failing function, and checks it was written. */
function expectErrorLog(): () => void {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  return () => {
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  };
}

describe('gateway POST /fn/:name', () => {
  test('passes the event and the caller openid; answers { result } with the invocation headers', async () => {
    const res = await call('echo', { action: 'home' }, { 'x-dev-openid': 'o-alice' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: { event: { action: 'home' }, openid: 'o-alice' } });
    expect(res.invocation).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.dbCalls).toBe(0);
    expect(res.cors).toBe('*');
  });

  test('no X-Dev-Openid means an anonymous caller', async () => {
    expect((await call('echo', {})).body).toEqual({ result: { event: {}, openid: null } });
  });

  test('counts the database calls of each invocation', async () => {
    const res = await call('writer', { tag: 'count' });
    expect(res.body.result).toEqual(['ok', 'ok', 'ok']);
    expect(res.dbCalls).toBe(3);
    const stats = await (await fetch(`${h.cb.url}/stats?invocation=${res.invocation}`)).json();
    expect(stats).toEqual({
      invocation: res.invocation,
      dbCalls: 3,
      actions: { 'database.insertDocument': 3 },
    });
  });

  test('unknown function: 404 like the cloud', async () => {
    const res = await call('nope', {});
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      errCode: -501000,
      errMsg: 'FunctionName parameter could not be found',
    });
  });

  test('a function that throws: 500 without any stack or message in the body', async () => {
    const logged = expectErrorLog();
    const res = await call('boom', {});
    logged();
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errCode: -504002, errMsg: 'functions execute fail' });
  });

  test('invalid JSON is 400; a body over 1 MB is 413', async () => {
    expect((await call('echo', '{nope')).status).toBe(400);
    expect((await call('echo', { blob: 'x'.repeat(1_100_000) })).status).toBe(413);
  });

  test('CORS preflight', async () => {
    const res = await fetch(`${h.cb.url}/fn/echo`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-headers': 'x-dev-openid',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-dev-openid');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-gongzhi-db-calls');
  });
});

describe('SDK side', () => {
  test('every database action the SDK can send has a handler', async () => {
    const sdkDirs = ['@cloudbase/database/dist/commonjs', '@cloudbase/node-sdk/dist'].map((d) =>
      path.join(__dirname, '../../node_modules', d),
    );
    const sent = new Set<string>();
    for (const dir of sdkDirs) {
      for (const file of await fs.readdir(dir, { recursive: true })) {
        if (!file.endsWith('.js')) continue;
        const source = await fs.readFile(path.join(dir, file), 'utf8');
        for (const m of source.matchAll(/['"](database\.[a-zA-Z]+)['"]/g)) sent.add(m[1]);
      }
    }
    expect(sent.size).toBeGreaterThan(10);
    expect([...DATABASE_ACTIONS].sort()).toEqual([...sent].sort());
  });

  test('callFunction (functions.invokeFunction) runs the function and returns its result', async () => {
    expect((await h.app.callFunction({ name: 'echo', data: { x: 1 } })).result).toEqual({
      event: { x: 1 },
      openid: null,
    });
    expect((await call('caller', {})).body.result).toEqual({
      event: { from: 'caller' },
      openid: null,
    });
  });

  test('callFunction of an unknown or failing function', async () => {
    expect((await errorOf(h.app.callFunction({ name: 'nope', data: {} }))).code).toBe(
      'FUNCTION_NOT_FOUND',
    );
    const logged = expectErrorLog();
    expect((await errorOf(h.app.callFunction({ name: 'boom', data: {} }))).code).toBe(
      'FUNCTIONS_EXECUTE_FAIL',
    );
    logged();
  });

  test('an action the local CloudBase does not know answers LOCAL_UNSUPPORTED_ACTION', async () => {
    const ReqClass = (
      h.db.constructor as unknown as {
        reqClass: new (c: unknown) => { send(a: string, p: object): Promise<unknown> };
      }
    ).reqClass;
    const req = new ReqClass(h.db.config);
    expect((await errorOf(req.send('database.frobnicate', {}))).code).toBe(
      'LOCAL_UNSUPPORTED_ACTION',
    );
    expect((await errorOf(req.send('storage.getUploadMetadata', {}))).code).toBe(
      'LOCAL_UNSUPPORTED_ACTION',
    );
  });
});

describe('health and stats', () => {
  test('GET /health', async () => {
    const health = await (await fetch(`${h.cb.url}/health`)).json();
    expect(health).toEqual({ ok: true, envId: 'gongzhi-local', functions: functions.names() });
  });

  test('GET /stats totals per action; POST /stats/reset', async () => {
    await fetch(`${h.cb.url}/stats/reset`, { method: 'POST' });
    await h.db.collection('accounts').doc('a').set({ balance: 1 });
    await h.db.collection('accounts').doc('a').get();
    await h.db.collection('accounts').doc('a').get();
    const stats = await (await fetch(`${h.cb.url}/stats`)).json();
    expect(stats).toEqual({
      total: 3,
      actions: { 'database.modifyDocument': 1, 'database.getDocument': 2 },
    });
  });
});

describe('fault injection', () => {
  test('failCall fails exactly the N-th database call, which changes nothing', async () => {
    const res = await call(
      'writer',
      { tag: 'fail2' },
      { 'x-fault': JSON.stringify({ failCall: 2 }) },
    );
    expect(res.body.result).toEqual(['ok', 'LOCAL_INJECTED_FAULT', 'ok']);
    const written = await h.db
      .collection('writes')
      .where({ tag: 'fail2' })
      .orderBy('i', 'asc')
      .get();
    expect(written.data.map((d: { i: number }) => d.i)).toEqual([1, 3]);
  });

  test('delayCall delays the N-th call and it still succeeds', async () => {
    const started = Date.now();
    const res = await call(
      'writer',
      { tag: 'slow' },
      { 'x-fault': JSON.stringify({ delayCall: { n: 2, ms: 150 } }) },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(res.body.result).toEqual(['ok', 'ok', 'ok']);
  });

  test('failCommit leaves no partial transaction', async () => {
    await resetAccounts();
    const logged = expectErrorLog();
    const res = await call('transfer', {}, { 'x-fault': JSON.stringify({ failCommit: true }) });
    logged();
    expect(res.status).toBe(500);
    expect(await balances()).toEqual({ a: 100, b: 0 });
  });

  test('dropCommitAck applies the commit but the caller sees a failure', async () => {
    await resetAccounts();
    const logged = expectErrorLog();
    const res = await call('transfer', {}, { 'x-fault': JSON.stringify({ dropCommitAck: true }) });
    logged();
    expect(res.status).toBe(500);
    expect(await balances()).toEqual({ a: 90, b: 10 });
  });

  test('a plan applies to its own invocation only', async () => {
    await resetAccounts();
    const [faulty, clean] = await Promise.all([
      call('writer', { tag: 'mine' }, { 'x-fault': JSON.stringify({ failCall: 1 }) }),
      call('writer', { tag: 'theirs' }),
    ]);
    expect(faulty.body.result).toEqual(['LOCAL_INJECTED_FAULT', 'ok', 'ok']);
    expect(clean.body.result).toEqual(['ok', 'ok', 'ok']);
  });

  test('a global plan applies to calls without an invocation', async () => {
    const post = await fetch(`${h.cb.url}/debug/faults`, {
      method: 'POST',
      body: JSON.stringify({ failCall: 2 }),
    });
    expect(post.status).toBe(200);
    try {
      await h.db.collection('writes').add({ tag: 'global', i: 1 });
      expect((await errorOf(h.db.collection('writes').add({ tag: 'global', i: 2 }))).code).toBe(
        'LOCAL_INJECTED_FAULT',
      );
      await h.db.collection('writes').add({ tag: 'global', i: 3 });
    } finally {
      await fetch(`${h.cb.url}/debug/faults`, { method: 'DELETE' });
    }
    expect((await h.db.collection('writes').where({ tag: 'global' }).count()).total).toBe(2);
  });

  test('invalid plans are refused', async () => {
    expect(
      (await fetch(`${h.cb.url}/debug/faults`, { method: 'POST', body: '{"failCall":0}' })).status,
    ).toBe(400);
    expect((await call('echo', {}, { 'x-fault': '{"explode":true}' })).status).toBe(400);
  });
});
