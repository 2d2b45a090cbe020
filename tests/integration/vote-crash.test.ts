/**
 * Crash safety of voting: the local CloudBase (database only, in a child process) is SIGKILLed
 * in the middle of a burst of ballots; after a restart on the same data directory every
 * acknowledged ballot is there exactly once and the running tally equals the recount.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import tcb from '@cloudbase/node-sdk';
import { Collections } from '../../core/collections';
import { actAs } from '../../local/seed/invoke';
import { inBatches, seedEstate, sizedEstate } from '../../local/seed/estate';
import { FunctionRunner } from '../../local/runner';
import { sdkEnv } from '../../local/server';
import { LOCAL_ENV_ID } from '../../local/stack';
import type { Caller } from '../support/vote';
import { openVoteOn } from '../support/vote';

const ROOT = path.resolve(__dirname, '../..');
const HOUSEHOLDS = 160;
const KILL_AFTER_ACKS = 60;

async function startDatabase(
  dataDir: string,
): Promise<{ proc: ChildProcess; exited: Promise<unknown> }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/main.ts', '--port', '0', '--data', dataDir, '--env', LOCAL_ENV_ID],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = once(proc, 'exit');
  for await (const line of readline.createInterface({ input: proc.stdout! })) {
    if (line.startsWith('READY ')) {
      Object.assign(
        process.env,
        sdkEnv({ adminUrl: `${line.slice('READY '.length)}/admin` }, LOCAL_ENV_ID),
      );
      return { proc, exited };
    }
  }
  throw new Error('the local CloudBase exited before READY');
}

let dataDir: string;
let child: { proc: ChildProcess; exited: Promise<unknown> };
beforeAll(() => {
  process.env.SILENCE = 'true'; // the SDK's slow-request warning for the calls we kill on purpose
  dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-vote-crash-'));
});
afterAll(() => {
  child?.proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('every acknowledged ballot is counted exactly once after a SIGKILL and a restart', async () => {
  child = await startDatabase(dataDir);
  const db = tcb.init({ env: LOCAL_ENV_ID }).database();
  for (const name of Object.values(Collections)) await db.createCollection(name);
  const runner = new FunctionRunner({ envId: LOCAL_ENV_ID });
  const as: Caller = (openid) => actAs(runner, openid);

  const e = await seedEstate(db, sizedEstate('crash', HOUSEHOLDS));
  const { voteId } = await openVoteOn(as, e, { category: 'community' });

  const acknowledged: Array<{ openid: string; receipt: string }> = [];
  const voters = e.units.map((u) => u.openid!);
  await inBatches(voters, 8, async (openid) => {
    try {
      const ballot = await as(openid)('vote', 'cast', { voteId, option: 0 });
      acknowledged.push({ openid, receipt: ballot.cast!.receipt });
      if (acknowledged.length === KILL_AFTER_ACKS) child.proc.kill('SIGKILL');
    } catch {
      // Refused or cut off by the crash: not acknowledged, so nothing is promised.
    }
  });
  await child.exited;
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  expect(acknowledged.length).toBeLessThan(HOUSEHOLDS);

  child = await startDatabase(dataDir);
  const ballots = (await db.collection(Collections.ballots).where({ voteId }).limit(1000).get())
    .data as Array<{ receipt: string }>;
  const receipts = ballots.map((b) => b.receipt);
  for (const { receipt } of acknowledged)
    expect(receipts.filter((r) => r === receipt)).toHaveLength(1);
  const recount = await as(e.committee[0])('vote', 'recount', { voteId });
  expect(recount).toEqual({ matches: true, ballots: ballots.length, differences: [] });

  // Voting goes on after the restart: a household that was cut off votes now, once.
  const voted = new Set(acknowledged.map((a) => a.openid));
  const cutOff = voters.filter((v) => !voted.has(v));
  const retried = await Promise.allSettled(
    cutOff.slice(0, 20).map((v) => as(v)('vote', 'cast', { voteId, option: 1 })),
  );
  expect(retried.every((r) => r.status === 'fulfilled' || /CONFLICT/.test(String(r.reason)))).toBe(
    true,
  );
  expect((await as(e.committee[0])('vote', 'recount', { voteId })).matches).toBe(true);
}, 120_000);
