import { writeAudit } from '../audit';
import { Collections } from '../collections';
import type { Job } from '../scheduler/jobs';
import { admitIfReached, refreshFeed } from './cosign';
import type { ProposalDoc } from './model';
import { tallyCosigns } from './situation';
import type { IndexDecl } from '../indexes';

const BATCH = 100;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.proposals,
    keys: { status: 1, cosignDeadline: 1 },
    why: 'scheduler: co-signing past its deadline',
  },
];

/**
 * Proposals whose co-sign deadline passed: admitted if the co-signs reached the threshold in
 * time (a last co-sign may race the deadline), else expired. Each change is conditional on the
 * status, so overlapping runs act once.
 */
export const expireProposals: Job = {
  name: 'expireProposals',
  async run(ctx) {
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.proposals)
      .where({ status: 'cosigning', cosignDeadline: _.lte(ctx.now) })
      .limit(BATCH)
      .get();
    let acted = 0;
    for (const p of data as ProposalDoc[]) {
      const tally = await tallyCosigns(ctx, p._id);
      const admitted = await admitIfReached(ctx, p, tally, 'system');
      if (admitted !== p) {
        await refreshFeed(ctx, admitted, tally);
        acted++;
        continue;
      }
      const { updated } = await ctx.db
        .collection(Collections.proposals)
        .where({ _id: p._id, status: 'cosigning' })
        .update({ status: 'expired', updatedAt: ctx.now });
      if (updated === 0) continue;
      acted++;
      await refreshFeed(ctx, { ...p, status: 'expired' }, tally);
      await writeAudit(ctx.db, ctx, {
        estateId: p.estateId,
        actor: 'system',
        action: 'proposal.expire',
        target: p._id,
        summary: `议题「${p.title}」联署期满未达门槛`,
      });
    }
    return acted;
  },
};
