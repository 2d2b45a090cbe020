/**
 * The fuzz run, shared by the jest suite (a fixed seed, 1,000 payloads per action) and
 * `npm run fuzz -- --seed S --n N` for longer runs. Every payload goes through the gateway as
 * one of the world's callers, one at a time, and every answer is checked:
 * - it is a proper answer (support/answers.ts), and never INTERNAL (that is an exception
 *   nobody expected: a crash);
 * - a refusal changed nothing: the store's change counters are equal before and after (only
 *   the attempt counters of rate limits may move: counting failed attempts is their point),
 *   and for a sample, the whole store dumped before and after is the same string;
 * - no planted personal data or foreign openid reaches a caller who may not see it;
 * - nothing was added to Object.prototype or Array.prototype (the functions run in-process).
 * Each action starts from the world as built, so what one action's successes change (a member
 * who left, a closed campaign) never narrows the next one's run, and a run can be replayed
 * for one action alone.
 */
import { Collections } from '../../../core/collections';
import { answerProblem, isRefusal } from '../../support/answers';
import { allActions, type ActionEntry } from '../../support/commands';
import { postRaw } from '../../support/gateway';
import { privacyScanner, type Leak } from '../../support/privacy';
import { idPools, WHO, type World } from '../../support/world';
import { hash, payload, prng, Rng, toBody, type Mutation } from './generate';

export interface FuzzOptions {
  seed: number;
  /** Payloads per action. */
  perAction: number;
  /** Only these actions (`fn.action`); default all. */
  only?: (key: string) => boolean;
  /** This process's share of the actions (every `count`-th from `index`), to run shards side by side. */
  shard?: { index: number; count: number };
  /** Compare whole-store dumps around every n-th refused call. */
  dumpEvery?: number;
}

export interface ActionStats {
  action: string;
  calls: number;
  ok: number;
  codes: Record<string, number>;
  mutations: Record<Mutation, number>;
  dumpsCompared: number;
  ms: number;
}

export interface Failure {
  action: string;
  index: number;
  who: string;
  problem: string;
  body: string;
  answer: string;
  /** What the function logged (the stack of an unexpected error goes there, not to the caller). */
  log?: string;
}

export interface FuzzReport {
  seed: number;
  stats: ActionStats[];
  failures: Failure[];
  leaks: Leak[];
  /** The collections the store holds afterwards: all must be in core/collections.ts. */
  collections: string[];
}

/** Pools a field means something else in: a volunteer's check-in code is not a binding code. */
const POOLS_BY_ACTION: Record<string, Record<string, string[]>> = {
  'volunteer.checkin': { code: ['000000', '123456'] },
  'volunteer.checkout': { code: ['000000', '123456'] },
};

const shorten = (text: string, max = 600) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

const protoKeys = () =>
  `${Object.getOwnPropertyNames(Object.prototype)}|${Object.getOwnPropertyNames(Array.prototype)}`;

/** The collections whose counters moved, but rate-limit counters. */
function changedBesidesRateLimits(
  before: Record<string, number>,
  after: Record<string, number>,
): string[] {
  return Object.keys(after).filter(
    (c) => c !== Collections.rateLimits && after[c] !== (before[c] ?? 0),
  );
}

export async function fuzz(world: World, opts: FuzzOptions): Promise<FuzzReport> {
  const db = world.stack.cloudbase.db;
  const url = world.stack.cloudbase.url;
  const scanner = privacyScanner(world.sentinels, world.people, world.rolesIn);
  const pools = idPools([world.home, world.other]);
  const dumpEvery = opts.dumpEvery ?? 25;
  const report: FuzzReport = {
    seed: opts.seed,
    stats: [],
    failures: [],
    leaks: [],
    collections: [],
  };
  const { index, count } = opts.shard ?? { index: 0, count: 1 };
  const actions = (await allActions())
    .filter((a) => !opts.only || opts.only(a.key))
    .filter((_, i) => i % count === index);
  const proto = protoKeys();

  for (const entry of actions) {
    await world.reset();
    report.stats.push(await fuzzAction(entry));
  }
  report.collections = Object.keys(db.changeCounts());
  return report;

  async function fuzzAction({ fn, name, key, command }: ActionEntry): Promise<ActionStats> {
    const started = Date.now();
    const rng = new Rng(prng(hash(`${opts.seed}:${key}`)));
    const c = { rng, pools: { ...pools, ...POOLS_BY_ACTION[key] }, now: Date.now() };
    const stats: ActionStats = {
      action: key,
      calls: 0,
      ok: 0,
      codes: {},
      mutations: { valid: 0, field: 0, missing: 0, extra: 0, shape: 0 },
      dumpsCompared: 0,
      ms: 0,
    };
    let refusals = 0;
    for (let index = 0; index < opts.perAction; index++) {
      const who = rng.pick(WHO);
      const openid = world.openid[who];
      const { mutation, body } = payload(command.input.shape, c);
      // A payload that is not an object is sent as the whole event (no action at all).
      const event =
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? Object.assign(body, 'action' in body ? {} : { action: name })
          : body;
      const sent = toBody(event);
      const counts = db.changeCounts();
      const dumpBefore = refusals % dumpEvery === 0 ? db.dump() : null;
      const log: string[] = [];
      const consoleError = console.error;
      console.error = (...args: unknown[]) => log.push(args.map(String).join(' '));
      let answer;
      try {
        answer = await postRaw(url, fn, sent, { openid });
      } finally {
        console.error = consoleError;
      }
      stats.calls++;
      stats.mutations[mutation]++;
      const fail = (problem: string) =>
        report.failures.push({
          action: key,
          index,
          who,
          problem,
          body: shorten(sent),
          answer: shorten(JSON.stringify(answer.body)),
          ...(log.length ? { log: shorten(log.join('\n'), 2000) } : {}),
        });

      const problem = answerProblem(answer);
      if (problem) fail(problem);
      if (isRefusal(answer)) {
        const code = answer.result.code;
        stats.codes[code] = (stats.codes[code] ?? 0) + 1;
        if (code === 'INTERNAL') fail('INTERNAL: an unexpected exception');
        const changed = changedBesidesRateLimits(counts, db.changeCounts());
        if (changed.length > 0) fail(`refused with ${code}, yet changed ${changed.join(', ')}`);
        if (dumpBefore !== null) {
          stats.dumpsCompared++;
          const untouched = JSON.stringify(counts) === JSON.stringify(db.changeCounts());
          if (untouched && db.dump() !== dumpBefore)
            fail('the store changed though no change was counted');
        }
        refusals++;
      } else if (!problem) {
        stats.ok++;
      }
      for (const leak of scanner.scan(openid, answer.body, `${key} #${index} as ${who}`))
        report.leaks.push(leak);
      if (protoKeys() !== proto) fail('a prototype was polluted');
    }
    stats.ms = Date.now() - started;
    return stats;
  }
}

/** One line per action: calls, successes, refusals by code. */
export function summary(report: FuzzReport): string {
  const lines = report.stats.map((s) => {
    const codes = Object.entries(s.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    return `${s.action.padEnd(28)} ${String(s.calls).padStart(6)} calls  ok ${String(s.ok).padStart(5)}  ${codes}  (${s.ms} ms)`;
  });
  const calls = report.stats.reduce((n, s) => n + s.calls, 0);
  const ms = report.stats.reduce((n, s) => n + s.ms, 0);
  lines.push(
    `${report.stats.length} actions, ${calls} calls in ${(ms / 1000).toFixed(1)} s (seed ${report.seed}); ` +
      `${report.failures.length} failures, ${report.leaks.length} leaks`,
  );
  return lines.join('\n');
}
