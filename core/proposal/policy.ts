import type { Audience } from '../permissions';

/** Who may take each `proposal` action (see core/permissions.ts); state rules are in rules.ts. */
export const PROPOSAL_POLICY = {
  'proposal.meta': { who: 'member' },
  'proposal.create': { who: 'member' },
  'proposal.update': { who: 'member' },
  'proposal.publish': { who: 'member' },
  'proposal.cosign': { who: 'member' },
  'proposal.withdrawCosign': { who: 'member' },
  'proposal.withdraw': { who: 'member' },
  'proposal.get': { who: 'member' },
  'proposal.photos': { who: 'member' },
  'proposal.list': { who: 'member' },
  'proposal.admit': { who: ['committee'], what: '准入议题' },
  'proposal.reject': { who: ['committee'], what: '不予准入议题' },
  'proposal.addHearing': { who: ['committee', 'staff'], what: '记录听证会' },
  'proposal.schedule': { who: ['committee'], what: '安排表决' },
  'proposal.addMilestone': { who: ['committee', 'staff'], what: '记录议题进展' },
} as const satisfies Record<string, Audience>;
