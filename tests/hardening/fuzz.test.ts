/**
 * The fuzz suite in CI: every action of every function gets FUZZ_N (default 1,000) generated
 * payloads with a fixed seed, through the gateway, as every kind of caller (fuzz/run.ts says
 * what is checked). The run is split in two shards, each a process with its own stack and world
 * (fuzz/cli.ts), so both cores work. `npm run fuzz -- --seed S --n N` runs more.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Collections } from '../../core/collections';
import { POLICY } from '../../core/permissions';
import type { FuzzReport } from './fuzz/run';

const ROOT = path.resolve(__dirname, '../..');
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const PER_ACTION = Number(process.env.FUZZ_N ?? 1000);
const SHARDS = 2;

let dir: string;
let report: FuzzReport;

function shard(index: number): Promise<FuzzReport> {
  const out = path.join(dir, `shard-${index}.json`);
  const args = ['--seed', SEED, '--n', PER_ACTION, '--shard', `${index}/${SHARDS}`, '--json', out];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/hardening/fuzz/cli.ts', ...args.map(String)],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(readFileSync(out, 'utf8')) as FuzzReport);
      else reject(new Error(`fuzz shard ${index} exited with ${code}:\n${stderr.slice(-4000)}`));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-fuzz-'));
  const shards = await Promise.all(Array.from({ length: SHARDS }, (_, i) => shard(i)));
  report = {
    seed: SEED,
    stats: shards.flatMap((s) => s.stats),
    failures: shards.flatMap((s) => s.failures),
    leaks: shards.flatMap((s) => s.leaks),
    collections: [...new Set(shards.flatMap((s) => s.collections))],
  };
}, 900_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('fuzzes every action of the policy table, and no action the table lacks', () => {
  expect(report.stats.map((s) => s.action).sort()).toEqual(Object.keys(POLICY).sort());
});

it(`sends ${PER_ACTION} payloads to every action, of every kind of mutation`, () => {
  for (const { action, calls, mutations: m, dumpsCompared } of report.stats) {
    expect({ action, calls }).toEqual({ action, calls: PER_ACTION });
    expect({ action, valid: m.valid > 0, extra: m.extra > 0, shape: m.shape > 0 }).toEqual({
      action,
      valid: true,
      extra: true,
      shape: true,
    });
    // A payload without fields (community.me) has none to break or leave out.
    expect({ action, fieldsToo: m.field > 0 === m.missing > 0 }).toEqual({
      action,
      fieldsToo: true,
    });
    // Whole-store comparisons around refused calls, on top of the change counters for every call.
    expect({ action, dumps: dumpsCompared > 0 }).toEqual({ action, dumps: true });
  }
});

it('answers every payload with a typed refusal or a success: no crash, no 5xx, no change after a refusal', () => {
  expect(report.failures).toEqual([]);
});

it('shows no planted name, phone number or openid to anyone who may not see it', () => {
  expect(report.leaks).toEqual([]);
});

it('gets past validation into the rules for a good share of every action’s payloads', () => {
  for (const { action, calls, codes } of report.stats) {
    const shallow = (codes.INVALID_INPUT ?? 0) + (codes.UNKNOWN_ACTION ?? 0);
    expect({ action, deep: (calls - shallow) / calls >= 0.1 }).toEqual({ action, deep: true });
  }
});

it('writes only to the collections of core/collections.ts', () => {
  const known = new Set<string>(Object.values(Collections));
  expect(report.collections.filter((c) => !known.has(c))).toEqual([]);
});
