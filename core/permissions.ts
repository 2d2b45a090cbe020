import type { Refusal, Role } from '../typings/api';
import { COMMUNITY_POLICY } from './community/policy';
import { FUND_POLICY } from './fund/policy';
import { PROPOSAL_POLICY } from './proposal/policy';
import { SCHEDULER_POLICY } from './scheduler/policy';
import { VOLUNTEER_POLICY } from './volunteer/policy';
import { VOTE_POLICY } from './vote/policy';

/**
 * Who may do what: one table for every action of every function. The functions ask `decide`
 * before acting, `me` reports it to the UI (so buttons show or hide with a reason), and the
 * authorization matrix test is generated from it: the table is the documentation.
 */
export type Audience =
  /** Only the platform itself (timer triggers, no caller identity). */
  | { who: 'system' }
  | { who: 'signedIn' }
  | { who: 'officeStaff'; what: string }
  | { who: 'member' }
  | { who: readonly Role[]; what: string };

/** The whole table: each area keeps its own rows beside its commands. */
const TABLE = {
  ...COMMUNITY_POLICY,
  ...FUND_POLICY,
  ...PROPOSAL_POLICY,
  ...SCHEDULER_POLICY,
  ...VOLUNTEER_POLICY,
  ...VOTE_POLICY,
};

export type ActionKey = keyof typeof TABLE;
export const POLICY: Record<ActionKey, Audience> = TABLE;

export const ROLE_LABEL: Record<Role, string> = {
  resident: '居民',
  lead: '楼长',
  committee: '业委会成员',
  staff: '社区工作人员',
};

/** What we know about the caller when deciding. */
export interface Caller {
  openid?: string;
  /** Roles in the estate at hand; undefined when not a member of it. */
  roles?: readonly Role[];
  /** On the community office's staff list (only looked up for actions that need it). */
  officeStaff?: boolean;
}

export const REFUSALS = {
  notSignedIn: { code: 'NOT_SIGNED_IN', message: '请在微信中打开' },
  notMember: { code: 'NOT_MEMBER', message: '你还没有绑定本小区的房屋，请先用楼长发的绑定码绑定' },
} as const satisfies Record<string, Refusal>;

export function decide(action: ActionKey, caller: Caller): true | Refusal {
  const rule: Audience = POLICY[action];
  if (rule.who === 'system')
    return caller.openid ? { code: 'FORBIDDEN', message: '该操作只能由系统定时任务执行' } : true;
  if (!caller.openid) return REFUSALS.notSignedIn;
  if (rule.who === 'signedIn') return true;
  if (rule.who === 'officeStaff') {
    return caller.officeStaff
      ? true
      : { code: 'FORBIDDEN', message: `只有社区工作人员可以${rule.what}` };
  }
  if (!caller.roles) return REFUSALS.notMember;
  if (rule.who === 'member') return true;
  if (caller.roles.some((r) => rule.who.includes(r))) return true;
  const who = rule.who.map((r) => ROLE_LABEL[r]).join('或');
  return { code: 'FORBIDDEN', message: `只有${who}可以${rule.what}` };
}

/** Actions decided per estate (everything but the ones any signed-in person may take). */
export const ESTATE_ACTIONS = (Object.keys(POLICY) as ActionKey[]).filter((a) => {
  const who: Audience['who'] = POLICY[a].who;
  return who !== 'signedIn' && who !== 'officeStaff' && who !== 'system';
});
