import type { ProposalView } from '../../typings/proposal';
import { voteIdOf } from '../vote/model';
import { categoryOf } from './categories';
import { abilities, progressOf, STATUS_LABEL } from './rules';
import type { Loaded } from './situation';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** What the proposal page shows: everything computed here, the page only renders. */
export function toView(s: Loaded): ProposalView {
  const p = s.proposal;
  return {
    id: p._id,
    estateId: p.estateId,
    title: p.title,
    body: p.body,
    category: categoryOf(p.category),
    scope: { kind: p.scope.kind, label: p.scope.label, buildingIds: p.scope.buildingIds },
    options: p.options,
    attachments: p.attachments,
    status: p.status,
    statusLabel: STATUS_LABEL[p.status],
    authorLabel: p.authorLabel,
    isMine: p.authorMemberId === s.memberId,
    createdAt: new Date(p.createdAt).toISOString(),
    publishedAt: iso(p.publishedAt),
    cosignDeadline: iso(p.cosignDeadline),
    progress: s.tally ? progressOf(p, s.tally) : null,
    myCosign: s.myCosign ? { unitId: s.myCosign.unitId, label: s.myCosign.unitLabel } : null,
    hearings: p.hearings.map((h) => ({ ...h, date: new Date(h.date).toISOString() })),
    milestones: p.milestones.map((m) => ({ ...m, date: new Date(m.date).toISOString() })),
    rejection: p.rejection
      ? { reason: p.rejection.reason, at: new Date(p.rejection.at).toISOString() }
      : null,
    vote: p.vote
      ? {
          opensAt: new Date(p.vote.opensAt).toISOString(),
          closesAt: new Date(p.vote.closesAt).toISOString(),
          // The vote document exists from opening on; its id derives from the proposal.
          voteId: p.status === 'voting' || p.status === 'decided' ? voteIdOf(p._id) : null,
        }
      : null,
    can: abilities(s),
  };
}
