import type { Audience } from '../permissions';

/** Who may take each `vote` action (see core/permissions.ts); time and state rules are in the commands. */
export const VOTE_POLICY = {
  'vote.open': { who: ['committee'], what: '开启表决' },
  'vote.cast': { who: 'member' },
  'vote.recordPaper': { who: ['committee'], what: '录入纸质选票' },
  'vote.results': { who: 'member' },
  'vote.myBallot': { who: 'member' },
  'vote.verifyReceipt': { who: 'member' },
  'vote.roll': { who: ['committee'], what: '查看各楼投票名单' },
  'vote.close': { who: ['committee'], what: '提前结束表决' },
  'vote.recount': { who: ['committee', 'staff'], what: '重新计票' },
} as const satisfies Record<string, Audience>;
