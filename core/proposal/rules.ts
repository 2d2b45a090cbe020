import type { Refusal, Role } from '../../typings/api';
import type { CosignProgress, ProposalStatus, ProposalView } from '../../typings/proposal';
import { formatChina } from '../../miniprogram/shared/china-time';
import { percentText } from '../format';
import { decide, type ActionKey } from '../permissions';
import type { CosignTally, ProposalDoc } from './model';
import { cosignsNeeded, cosignsRemaining, reachesTemporaryMeeting } from './threshold';

export const STATUS_LABEL: Record<ProposalStatus, string> = {
  draft: '草稿',
  cosigning: '联署中',
  qualified: '已达门槛，待业委会审核',
  admitted: '已准入，待排期表决',
  rejected: '未予准入',
  expired: '联署期满未达门槛',
  withdrawn: '已撤回',
  scheduled: '已排期表决',
  voting: '表决中',
  decided: '表决已结束',
};

/** Statuses in which households may still add their co-sign (support keeps counting after admission). */
export const COSIGNABLE: ProposalStatus[] = ['cosigning', 'qualified', 'admitted'];
/** Statuses listed under "进行中". */
export const OPEN_STATUSES: ProposalStatus[] = [
  'cosigning',
  'qualified',
  'admitted',
  'scheduled',
  'voting',
];

export type Ability = keyof ProposalView['can'];

/** Everything the rules need to know about the caller and the proposal right now. */
export interface Situation {
  proposal: ProposalDoc;
  tally: CosignTally | null;
  openid: string;
  memberId: string;
  roles: readonly Role[];
  /** The caller's households inside the proposal's scope. */
  unitsInScope: string[];
  /** Whether the caller's household has co-signed (any member of it). */
  cosigned: boolean;
  now: Date;
}

const state = (message: string): Refusal => ({ code: 'INVALID_STATE', message });
const forbidden = (message: string): Refusal => ({ code: 'FORBIDDEN', message });

/**
 * What the caller may do with the proposal, and why not. The page shows it, and every command
 * enforces it by calling `assertAbility` — one rule for both.
 */
export function abilities(s: Situation): ProposalView['can'] {
  const { proposal: p, now } = s;
  const isAuthor = p.authorMemberId === s.memberId;
  const role = (action: ActionKey) => decide(action, { openid: s.openid, roles: s.roles });
  const authorOnly = (what: string) => (isAuthor ? true : forbidden(`只有发起人可以${what}`));
  const inStatus = (allowed: ProposalStatus[], what: string) =>
    allowed.includes(p.status) ? true : state(`议题${STATUS_LABEL[p.status]}，不能${what}`);
  const all = (...checks: Array<true | Refusal>) => checks.find((c) => c !== true) ?? true;
  const beforeDeadline = p.cosignDeadline && now < p.cosignDeadline ? true : state('联署已截止');

  return {
    update: all(authorOnly('修改'), inStatus(['draft'], '修改')),
    publish: all(authorOnly('发布'), inStatus(['draft'], '发布')),
    cosign: all(
      inStatus(COSIGNABLE, '联署'),
      beforeDeadline,
      s.unitsInScope.length > 0 ? true : forbidden('你家不在这个议题的范围内'),
      s.cosigned ? { code: 'CONFLICT', message: '你家已经联署过了（每户一次）' } : true,
    ),
    withdrawCosign: all(
      inStatus(['cosigning'], '撤回联署'),
      beforeDeadline,
      s.cosigned ? true : state('你家还没有联署'),
    ),
    withdraw: all(
      authorOnly('撤回'),
      inStatus(['draft', 'cosigning', 'qualified', 'admitted', 'scheduled'], '撤回'),
    ),
    admit: all(role('proposal.admit'), inStatus(['qualified'], '准入')),
    reject: all(role('proposal.reject'), inStatus(['qualified', 'admitted'], '不予准入')),
    addHearing: all(
      role('proposal.addHearing'),
      inStatus(['cosigning', 'qualified', 'admitted', 'scheduled', 'voting'], '记录听证'),
    ),
    schedule: all(role('proposal.schedule'), inStatus(['admitted'], '排期表决')),
    addMilestone: all(role('proposal.addMilestone'), inStatus(['decided'], '记录进展')),
  };
}

export function progressOf(p: ProposalDoc, tally: CosignTally): CosignProgress | null {
  if (!p.scopeStats || p.sharePercent === null) return null;
  const needed = cosignsNeeded(p.scopeStats.households, p.sharePercent);
  const remaining = cosignsRemaining(tally.households, needed);
  const reached = reachesTemporaryMeeting(
    { part: tally.areaCenti, total: p.scopeStats.areaCenti },
    { part: tally.heads, total: p.scopeStats.heads },
  );
  return {
    cosigned: tally.households,
    needed,
    remaining,
    households: p.scopeStats.households,
    sharePercent: p.sharePercent,
    temporaryMeeting: {
      reached,
      areaPercentText: percentText(tally.areaCenti, p.scopeStats.areaCenti),
      headsPercentText: percentText(tally.heads, p.scopeStats.heads),
    },
    summary: remaining > 0 ? `还需 ${remaining} 户联署` : '已达到联署门槛',
  };
}

/** The one-line status for lists and the home feed. */
export function summaryOf(p: ProposalDoc, tally: CosignTally | null): string {
  const progress = tally ? progressOf(p, tally) : null;
  if (p.status === 'cosigning' && progress)
    return `${STATUS_LABEL.cosigning} · ${progress.summary}`;
  if ((p.status === 'scheduled' || p.status === 'voting') && p.vote) {
    return `${STATUS_LABEL[p.status]} · ${formatChina(p.vote.closesAt, 'M月D日')}截止`;
  }
  return STATUS_LABEL[p.status];
}
