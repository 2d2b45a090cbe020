/**
 * Killing the store mid-burst: for each action of the fault suite (fault-scenarios.ts), a burst
 * of attempts runs through the functions against a local CloudBase in a child process, which is
 * SIGKILLed after a number of them were acknowledged and then started again on the same data
 * directory. Afterwards every acknowledged attempt is in the store exactly once and the
 * invariants hold; then the clients retry every attempt, acknowledged or cut off, with the same
 * request, and each completes exactly once. (Supersedes the vote-only crash test.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import tcb from '@cloudbase/node-sdk';
import { Collections } from '../../core/collections';
import { FunctionRunner } from '../../local/runner';
import { inBatches, seedEstate, sizedEstate } from '../../local/seed/estate';
import { LOCAL_SETTINGS } from '../../local/settings';
import { LOCAL_ENV_ID } from '../../local/stack';
import { startStoreProcess, type StoreProcess } from '../support/store-process';
import { SCENARIOS, type Attempt, type Env } from './fault-scenarios';

const ATTEMPTS = 30;
const KILL_AFTER_ACKS = 10;
const IN_FLIGHT = 8;

let dataDir: string;
let store: StoreProcess | undefined;
let runner: FunctionRunner;
beforeAll(() => {
  // The SDK never clears its slow-request timer when a request fails, and here requests fail
  // on purpose: SILENCE=true is the SDK's switch for that warning.
  process.env.SILENCE = 'true';
});
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-crash-'));
  // The functions run here, in this process; the store in a child process that gets killed.
  runner = new FunctionRunner({ envId: LOCAL_ENV_ID, settings: LOCAL_SETTINGS });
});
afterEach(async () => {
  await runner.close();
  store?.proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(SCENARIOS.map((make) => [make.name, make] as const))('%s', (name, make) => {
  it('keeps every acknowledged attempt exactly once across a SIGKILL, and retries complete', async () => {
    store = await startStoreProcess(dataDir);
    const db = tcb.init({ env: LOCAL_ENV_ID }).database();
    for (const c of Object.values(Collections)) await db.createCollection(c);
    const estate = await seedEstate(db, sizedEstate(`crash-${name}`, 80));
    const env: Env = {
      db,
      estate,
      get url() {
        return store!.url;
      },
      async call(openid, fn, event) {
        try {
          const result = await runner.invoke(fn, event, { openid }, randomUUID());
          return { status: 200, result, dbCalls: 0 };
        } catch {
          return { status: 500, result: null, dbCalls: 0 }; // cut off by the crash
        }
      },
    };
    const s = await make(env);
    const attempts: Attempt[] = [];
    for (let i = 0; i < ATTEMPTS; i++) attempts.push(await s.attempt(i));

    const acked = new Set<Attempt>();
    const victim = store;
    // Calls cut off by the crash are logged by the functions as unexpected: expected here.
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await inBatches(attempts, IN_FLIGHT, async (a) => {
      const outcome = await env.call(a.openid, a.fn, a.event);
      if (!a.succeeded(outcome)) return; // refused or cut off: nothing was promised
      acked.add(a);
      if (acked.size === KILL_AFTER_ACKS) victim.proc.kill('SIGKILL');
    });
    await victim.exited;
    await runner.settled();
    log.mockRestore();
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.size).toBeLessThan(ATTEMPTS);

    store = await startStoreProcess(dataDir);
    // The store came back on another port: function instances start again and find it.
    await runner.reload();
    // Acknowledged is durable: each is there once (a paid gift may wait for the ledger: `later`).
    const notDone: string[] = [];
    for (const a of acked) {
      const effects = await a.effects();
      if (effects !== a.complete && effects !== a.deferred) notDone.push(effects);
    }
    expect(notDone).toEqual([]);
    expect(await s.invariants()).toEqual([]);

    await inBatches(attempts, IN_FLIGHT, async (a) => {
      const outcome = await env.call(a.openid, a.fn, a.event);
      expect({ retried: a.succeeded(outcome) }).toEqual({ retried: true });
    });
    await s.later?.();
    for (const a of attempts) expect(await a.effects()).toBe(a.complete);
    expect(await s.invariants()).toEqual([]);
  }, 120_000);
});
