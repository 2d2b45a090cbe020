/**
 * The authorization matrix of the volunteer function: every action × every kind of caller,
 * through the gateway, checked against the policy table. A refusal writes nothing.
 */
import { decide, POLICY, type ActionKey } from '../../core/permissions';
import { startStack, type Stack } from '../../local/stack';
import type { Role } from '../../typings/api';
import { memberId } from '../../core/collections';
import { createTask, snapshot, taskInput, world, type World } from './volunteer.fixtures';

type Who = 'none' | 'unbound' | 'resident' | 'lead' | 'committee' | 'staff' | 'otherCommittee';
type Outcome = 'allowed' | 'NOT_SIGNED_IN' | 'NOT_MEMBER' | 'FORBIDDEN';
const WHO: Who[] = ['none', 'unbound', 'resident', 'lead', 'committee', 'staff', 'otherCommittee'];

const M = 'allowed';
const ANYONE: Outcome[] = ['NOT_SIGNED_IN', M, M, M, M, M, M];
const MEMBERS: Outcome[] = ['NOT_SIGNED_IN', 'NOT_MEMBER', M, M, M, M, 'NOT_MEMBER'];
const ORGANISERS: Outcome[] = ['NOT_SIGNED_IN', 'NOT_MEMBER', 'FORBIDDEN', M, M, M, 'NOT_MEMBER'];
const COMMITTEE: Outcome[] = [
  'NOT_SIGNED_IN',
  'NOT_MEMBER',
  'FORBIDDEN',
  'FORBIDDEN',
  M,
  M,
  'NOT_MEMBER',
];

// "lead" is the lead who posted the task: another lead is refused by the task rules
// (volunteer-signup.test.ts), not by this table.
const EXPECTED: Record<string, Outcome[]> = {
  'volunteer.createTeam': COMMITTEE,
  'volunteer.createTask': ORGANISERS,
  'volunteer.updateTask': ORGANISERS,
  'volunteer.cancelTask': ORGANISERS,
  'volunteer.signup': MEMBERS,
  'volunteer.cancelSignup': MEMBERS,
  'volunteer.get': MEMBERS,
  'volunteer.list': MEMBERS,
  'volunteer.roster': ORGANISERS,
  'volunteer.checkinCode': ORGANISERS,
  'volunteer.checkin': MEMBERS,
  'volunteer.checkout': MEMBERS,
  'volunteer.confirmHours': ORGANISERS,
  'volunteer.myHours': MEMBERS,
  'volunteer.teamHours': MEMBERS,
  'volunteer.exportRecord': MEMBERS,
  'volunteer.messages': ANYONE,
};

const ROLES: Record<Who, Role[] | undefined> = {
  none: undefined,
  unbound: undefined,
  resident: ['resident'],
  lead: ['resident', 'lead'],
  committee: ['resident', 'committee'],
  staff: ['staff'],
  otherCommittee: undefined,
};

let stack: Stack;
let w: World;
let taskId: string;
const cancelTasks = {} as Record<Who, string>;
const callers = {} as Record<Who, string | undefined>;

beforeAll(async () => {
  stack = await startStack();
  w = await world(stack, 'vol-authz', 80);
  const other = await world(stack, 'vol-authz-other', 10);
  callers.none = undefined;
  callers.unbound = 'newcomer';
  callers.resident = w.estate.residents[0];
  callers.lead = w.estate.leads[0];
  callers.committee = w.estate.committee[0];
  callers.staff = w.estate.staff[0];
  callers.otherCommittee = other.estate.committee[0];
  taskId = (await createTask(w)).id;
  for (const who of WHO) cancelTasks[who] = (await createTask(w)).id;
});
afterAll(() => stack.close());

/** A valid payload per action, so that only the caller decides the outcome. */
function payload(action: string, who: Who): Record<string, unknown> {
  const estateId = w.estate.estateId;
  switch (action) {
    case 'volunteer.createTeam':
      return { estateId, name: `环境清洁队${WHO.indexOf(who)}` };
    case 'volunteer.createTask':
      return { ...taskInput(w) };
    case 'volunteer.updateTask':
      return { taskId, description: `集合后分组，注意安全（${who}）` };
    case 'volunteer.cancelTask':
      return { taskId: cancelTasks[who], reason: '改期' };
    case 'volunteer.confirmHours':
      return { taskId, entries: [{ memberId: memberId(estateId, w.members[9]), minutes: 30 }] };
    case 'volunteer.checkin':
    case 'volunteer.checkout':
      return { taskId, code: '123456' };
    case 'volunteer.list':
    case 'volunteer.myHours':
    case 'volunteer.teamHours':
    case 'volunteer.exportRecord':
      return { estateId };
    case 'volunteer.messages':
      return {};
    default:
      return { taskId };
  }
}

const REFUSALS = new Set(['NOT_SIGNED_IN', 'NOT_MEMBER', 'FORBIDDEN']);
const actions = (Object.keys(POLICY) as ActionKey[]).filter((a) => a.startsWith('volunteer.'));

it('the written matrix covers exactly the actions of the policy table', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual([...actions].sort());
});

it.each(actions)('the policy table agrees with the written matrix for %s', (action) => {
  WHO.forEach((who, i) => {
    const verdict = decide(action, { openid: who === 'none' ? undefined : 'x', roles: ROLES[who] });
    expect(verdict === true ? 'allowed' : verdict.code).toBe(EXPECTED[action][i]);
  });
});

// Signing up before leaving.
const ORDER = [
  ...actions.filter((a) => a !== 'volunteer.cancelSignup'),
  'volunteer.cancelSignup',
] as ActionKey[];

describe.each(WHO)('as %s', (who) => {
  it.each(ORDER)('%s gives the expected outcome through the gateway', async (action) => {
    const expected = EXPECTED[action][WHO.indexOf(who)];
    const before = expected === 'allowed' ? '' : await snapshot(w);
    const answer = await w
      .as(callers[who])
      .call('volunteer', action.slice('volunteer.'.length) as never, payload(action, who) as never);
    const result = answer.result;
    if (expected === 'allowed') {
      expect(result.ok || !REFUSALS.has(result.code)).toBe(true);
    } else {
      expect(result).toMatchObject({ ok: false, code: expected });
      expect(await snapshot(w)).toBe(before);
    }
  });
});
