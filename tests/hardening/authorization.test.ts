/**
 * The authorization matrix: every action of every function × every kind of caller, through
 * the gateway. What each caller should get is not written here: it is asked of the policy
 * table (core/permissions.ts `decide`) with the caller's roles as the store has them — the
 * table is the documentation, and this proves the functions do what it says:
 * - a caller the table refuses gets exactly the table's refusal (code and message), and
 *   nothing changes, not even a rate-limit counter;
 * - a caller the table admits succeeds on a valid payload (matrix-fixtures.ts), unless the
 *   action's own rules refuse them for another reason the fixture names (someone else's draft);
 * - every answer passes the personal-data scan.
 * Supersedes the per-area matrices of community, fund and volunteer.
 */
import { Collections } from '../../core/collections';
import { decide, POLICY, type ActionKey, type Caller } from '../../core/permissions';
import { answerProblem } from '../support/answers';
import { allActions, type ActionEntry } from '../support/commands';
import { postFn } from '../support/gateway';
import { privacyScanner, type Leak } from '../support/privacy';
import { buildWorld, idPools, WHO, type Who, type World } from '../support/world';
import { prng, Rng, validValue } from './fuzz/generate';
import { FIXTURES, type FixtureContext } from './matrix-fixtures';

let w: World;
let f: FixtureContext;
let actions: ActionEntry[];
const leaks: Leak[] = [];

beforeAll(async () => {
  w = await buildWorld();
  actions = await allActions();
  const home = w.home;
  const members = new Set(['resident', 'lead', 'committee', 'staff']);
  f = {
    w,
    h: home,
    as: (openid) => w.as(openid),
    owner: (who) =>
      members.has(who)
        ? w.openid[who]!
        : who === 'otherHousehold'
          ? home.resident
          : home.estate.residents[4],
    me: (who) => w.openid[who],
  };
}, 180_000);
afterAll(() => w.stack.close());

const db = () => w.stack.cloudbase.db;

/** What the table knows of a caller in the home estate, read from the store as it is now. */
function callerOf(who: Who): Caller {
  const openid = w.openid[who];
  if (!openid) return {};
  return {
    openid,
    roles: w.rolesIn(openid, w.home.estate.estateId),
    officeStaff: db().get(Collections.staff, openid) !== null,
  };
}

/** A payload from the action's schema, with the home estate's ids: for actions with no fixture yet. */
function generated(entry: ActionEntry): Record<string, unknown> {
  const c = { rng: new Rng(prng(1)), pools: idPools([w.home]), now: Date.now() };
  return validValue(entry.command.input.shape, '', c) as Record<string, unknown>;
}

it('has a row in the policy table for every action of every function, and the reverse', () => {
  expect(actions.map((a) => a.key).sort()).toEqual(Object.keys(POLICY).sort());
});

it('has a fixture for nothing the table lacks', () => {
  expect(Object.keys(FIXTURES).filter((k) => !(k in POLICY))).toEqual([]);
});

/** Every refusal the table can give for an action, as `CODE message`. */
function tableRefusals(action: ActionKey): Set<string> {
  const callers: Caller[] = [{}, { openid: 'x' }, { openid: 'x', roles: [] }];
  return new Set(
    callers.flatMap((c) => {
      const verdict = decide(action, c);
      return verdict === true ? [] : [`${verdict.code} ${verdict.message}`];
    }),
  );
}

/** The collections a call changed; rate-limit counters only count when `strict`. */
function changed(before: Record<string, number>, strict: boolean): string {
  const after = db().changeCounts();
  const moved = Object.keys(after).filter(
    (c) => after[c] !== (before[c] ?? 0) && (strict || c !== Collections.rateLimits),
  );
  return moved.length ? `wrote ${moved.join(', ')}` : 'wrote nothing';
}

describe('every caller gets what the policy table says', () => {
  it.each(Object.keys(POLICY).sort())('%s', async (action) => {
    const entry = actions.find((a) => a.key === action)!;
    const fixture = FIXTURES[action];
    await w.reset();
    const state = await fixture?.prepare?.(f);
    const scanner = privacyScanner(w.sentinels, w.people, w.rolesIn);
    const expected: Array<{ who: Who; outcome: string }> = [];
    const actual: Array<{ who: Who; outcome: string }> = [];
    for (const who of WHO) {
      const payload = fixture ? await fixture.payload(f, who, state) : generated(entry);
      const verdict = decide(action as ActionKey, callerOf(who));
      const before = db().changeCounts();
      const answer = await postFn(
        w.stack.cloudbase.url,
        entry.fn,
        { ...payload, action: entry.name },
        { openid: w.openid[who] },
      );
      leaks.push(...scanner.scan(w.openid[who], answer.body, `${action} as ${who}`));
      const r = answer.result as { ok: boolean; code?: string; message?: string };
      const refusal = `${r.code} ${r.message}`;
      let want: string;
      let got: string;
      if (verdict !== true) {
        // Exactly the table's refusal, and not a trace of the attempt.
        want = `${verdict.code} ${verdict.message}, wrote nothing`;
        got = r.ok ? 'ok' : `${refusal}, ${changed(before, true)}`;
      } else if (!fixture) {
        // A generated payload: whatever the rules make of it, the table let the caller through.
        want = 'past the table';
        got = !r.ok && tableRefusals(action as ActionKey).has(refusal) ? refusal : want;
      } else if (fixture.beyond?.[who]) {
        want = `${fixture.beyond[who]}, wrote nothing`;
        got = r.ok ? 'ok' : `${r.code}, ${changed(before, false)}`;
      } else {
        want = 'ok';
        got = r.ok ? 'ok' : refusal;
      }
      expected.push({ who, outcome: want });
      actual.push({ who, outcome: answerProblem(answer) ?? got });
    }
    expect(actual).toEqual(expected);
  });
});

it('has a scan that sees planted data: the ledger names a donor to members, not to strangers', async () => {
  const scanner = privacyScanner(w.sentinels, w.people, w.rolesIn);
  const donor = w.sentinels.find(
    (s) => s.estateId === w.home.estate.estateId && s.seenBy === 'members',
  )!;
  const ledger = await postFn(
    w.stack.cloudbase.url,
    'fund',
    { action: 'ledger', fundId: w.home.fundId },
    { openid: w.home.neighbour },
  );
  expect(JSON.stringify(ledger.body)).toContain(donor.text);
  expect(scanner.scan(w.home.neighbour, ledger.body, 'ledger')).toEqual([]);
  expect(scanner.scan(w.openid.otherCommittee, ledger.body, 'ledger')).toContainEqual(
    expect.objectContaining({ text: donor.text }),
  );
});

it('shows no planted name, phone number or openid to a caller who may not see it', () => {
  expect(leaks).toEqual([]);
});
