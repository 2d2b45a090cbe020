/**
 * The authorization matrix of the community function: every action × every kind of caller,
 * through the gateway. The expected table is written out here (the documentation) and also
 * checked against the policy table in core, so the two can never drift apart.
 */
import { Collections, memberId } from '../../core/collections';
import { decide, POLICY, type ActionKey } from '../../core/permissions';
import type { Role } from '../../typings/api';
import { seedEstate, sizedEstate, type DemoEstate } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { client } from '../support/gateway';

type Who = 'none' | 'unbound' | 'resident' | 'lead' | 'committee' | 'staff' | 'otherCommittee';
type Outcome = 'allowed' | 'NOT_SIGNED_IN' | 'NOT_MEMBER' | 'FORBIDDEN';
const WHO: Who[] = ['none', 'unbound', 'resident', 'lead', 'committee', 'staff', 'otherCommittee'];

// prettier-ignore
const EXPECTED: Record<string, Outcome[]> = {
  //                             none             unbound       resident      lead          committee     staff         otherCommittee
  'community.home':              ['NOT_SIGNED_IN', 'NOT_MEMBER', 'allowed',    'allowed',    'allowed',    'allowed',    'NOT_MEMBER'],
  'community.me':                ['NOT_SIGNED_IN', 'allowed',    'allowed',    'allowed',    'allowed',    'allowed',    'allowed'],
  'community.createEstate':      ['NOT_SIGNED_IN', 'FORBIDDEN',  'FORBIDDEN',  'FORBIDDEN',  'FORBIDDEN',  'allowed',    'FORBIDDEN'],
  'community.importRoster':      ['NOT_SIGNED_IN', 'NOT_MEMBER', 'FORBIDDEN',  'FORBIDDEN',  'allowed',    'allowed',    'NOT_MEMBER'],
  'community.issueBindingCodes': ['NOT_SIGNED_IN', 'NOT_MEMBER', 'FORBIDDEN',  'FORBIDDEN',  'allowed',    'allowed',    'NOT_MEMBER'],
  'community.bind':              ['NOT_SIGNED_IN', 'allowed',    'allowed',    'allowed',    'allowed',    'allowed',    'allowed'],
  'community.setRole':           ['NOT_SIGNED_IN', 'NOT_MEMBER', 'FORBIDDEN',  'FORBIDDEN',  'allowed',    'allowed',    'NOT_MEMBER'],
  'community.listMembers':       ['NOT_SIGNED_IN', 'NOT_MEMBER', 'FORBIDDEN',  'FORBIDDEN',  'allowed',    'allowed',    'NOT_MEMBER'],
  'community.leave':             ['NOT_SIGNED_IN', 'NOT_MEMBER', 'allowed',    'allowed',    'allowed',    'allowed',    'NOT_MEMBER'],
};

const ROLES: Record<Who, Role[] | undefined> = {
  none: undefined,
  unbound: undefined,
  resident: ['resident'],
  lead: ['resident', 'lead'],
  committee: ['resident', 'committee'],
  staff: ['staff'],
  otherCommittee: undefined, // a committee member, but of another estate
};

let stack: Stack;
let home: DemoEstate;
let other: DemoEstate;
const callers = {} as Record<Who, string | undefined>;

beforeAll(async () => {
  stack = await startStack();
  home = await seedEstate(stack.db, sizedEstate('authz', 40));
  other = await seedEstate(stack.db, sizedEstate('authz-other', 10));
  callers.none = undefined;
  callers.unbound = 'newcomer';
  callers.resident = home.residents[0];
  callers.lead = home.leads[0];
  callers.committee = home.committee[0];
  callers.staff = home.staff[0];
  callers.otherCommittee = other.committee[0];
});
afterAll(() => stack.close());

/** A valid payload per action, so that only the caller decides the outcome. */
function payload(action: string, who: Who): Record<string, unknown> {
  const estateId = home.estateId;
  switch (action) {
    case 'community.home':
      return { estateId };
    case 'community.me':
      return {};
    case 'community.createEstate':
      return { name: `授权测试 ${who}`, district: '海南洲社区' };
    case 'community.importRoster':
      return { estateId, csv: '楼栋,房号,面积\n9栋,1单元101,88.00\n' };
    case 'community.issueBindingCodes':
      return { estateId, include: 'all', buildingId: 'b_nonexistent' };
    case 'community.bind':
      return { code: 'ABCDEFGH' };
    case 'community.setRole': {
      // A target that is never the caller: the last resident.
      return {
        estateId,
        memberId: memberId(estateId, home.residents[home.residents.length - 1]),
        role: 'lead',
        grant: true,
      };
    }
    case 'community.listMembers':
      return { estateId };
    case 'community.leave':
      return { estateId };
    default:
      throw new Error(`no payload for ${action}`);
  }
}

const REFUSALS = new Set(['NOT_SIGNED_IN', 'NOT_MEMBER', 'FORBIDDEN']);
const communityActions = (Object.keys(POLICY) as ActionKey[]).filter((a) =>
  a.startsWith('community.'),
);

it('the written matrix covers exactly the actions of the policy table', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual([...communityActions].sort());
});

it.each(communityActions)('the policy table agrees with the written matrix for %s', (action) => {
  WHO.forEach((who, i) => {
    const verdict = decide(action, {
      openid: who === 'none' ? undefined : 'x',
      roles: ROLES[who],
      officeStaff: who === 'staff',
    });
    expect(verdict === true ? 'allowed' : verdict.code).toBe(EXPECTED[action][i]);
  });
});

// 'leave' goes last: it ends the caller's membership.
const ORDER = [...communityActions.filter((a) => a !== 'community.leave'), 'community.leave'];

describe.each(WHO)('as %s', (who) => {
  it.each(ORDER)('%s gives the expected outcome through the gateway', async (action) => {
    const openid = callers[who];
    const before = await stack.db.collection(Collections.auditLog).count();
    const answer = await client(stack.cloudbase.url, openid).call(
      'community',
      action.slice('community.'.length) as never,
      payload(action, who) as never,
    );
    const result = answer.result;
    const expected = EXPECTED[action][WHO.indexOf(who)];
    if (expected === 'allowed') {
      expect(result.ok || !REFUSALS.has(result.code)).toBe(true);
    } else {
      expect(result).toMatchObject({ ok: false, code: expected });
      // A refusal changes nothing: not even an audit entry.
      expect((await stack.db.collection(Collections.auditLog).count()).total).toBe(before.total);
    }
  });
});
