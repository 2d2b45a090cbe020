import { Collections } from '../collections';
import type { ProposalDoc } from '../proposal/model';
import type { Job } from '../scheduler/jobs';
import { closeVote, freezeElectorate, loadVote, openVote, STALE_MS } from './lifecycle';
import type { VoteDoc } from './model';
import { loadEstate } from '../community/estates';
import type { IndexDecl } from '../indexes';

const BATCH = 20;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.proposals,
    keys: { status: 1, 'vote.opensAt': 1 },
    why: 'scheduler: scheduled votes due to open',
  },
  {
    collection: Collections.votes,
    keys: { status: 1, closesAt: 1 },
    why: 'scheduler: open votes due to close',
  },
  {
    collection: Collections.votes,
    keys: { status: 1, transitionAt: 1 },
    why: 'scheduler: opening or closing stuck past the lease',
  },
];

/** Opens the votes whose time has come. The vote id is derived from the proposal, so overlapping runs open each once. */
export const openDueVotes: Job = {
  name: 'openDueVotes',
  async run(ctx) {
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.proposals)
      .where({ status: 'scheduled', 'vote.opensAt': _.lte(ctx.now) })
      .limit(BATCH)
      .get();
    let opened = 0;
    for (const p of data as ProposalDoc[]) {
      try {
        await openVote(ctx, p, 'system');
        opened++;
      } catch (err) {
        if ((err as { code?: string }).code !== 'CONFLICT') throw err;
      }
    }
    return opened;
  },
};

/** Closes the votes whose time is up, and resumes any opening or closing that died midway. */
export const closeDueVotes: Job = {
  name: 'closeDueVotes',
  async run(ctx) {
    const _ = ctx.db.command;
    const stale = new Date(ctx.now.getTime() - STALE_MS);
    const votes = ctx.db.collection(Collections.votes);
    const [due, stuck] = await Promise.all([
      votes
        .where({ status: 'open', closesAt: _.lte(ctx.now) })
        .limit(BATCH)
        .get(),
      votes
        .where({ status: _.in(['opening', 'closing']), transitionAt: _.lte(stale) })
        .limit(BATCH)
        .get(),
    ]);
    let acted = 0;
    for (const vote of due.data as VoteDoc[]) {
      try {
        await closeVote(ctx, vote, 'system');
        acted++;
      } catch (err) {
        if ((err as { code?: string }).code !== 'CONFLICT') throw err;
      }
    }
    for (const vote of stuck.data as VoteDoc[]) {
      const fresh = await loadVote(ctx, vote._id);
      if (fresh.status === 'closing') await closeVote(ctx, fresh, 'system');
      if (fresh.status === 'opening') {
        const { data } = await ctx.db.collection(Collections.proposals).doc(fresh.proposalId).get();
        const proposal = (data as ProposalDoc[])[0];
        const estate = await loadEstate(ctx, fresh.estateId);
        await freezeElectorate(ctx, fresh, proposal, estate.buildings, 'system');
      }
      acted++;
    }
    return acted;
  },
};
