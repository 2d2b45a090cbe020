import { Collections } from '../collections';
import type { Job } from '../scheduler/jobs';
import { closeCampaignDoc } from './campaigns';
import { appendCredits, CREDITED } from './credits';
import type { CampaignDoc, DonationDoc } from './model';
import type { IndexDecl } from '../indexes';

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.fundCampaigns,
    keys: { status: 1, deadline: 1 },
    why: 'scheduler: open campaigns past their deadline',
  },
  {
    collection: Collections.fundDonations,
    keys: { inLedger: 1, status: 1 },
    why: 'scheduler: settled gifts still waiting for the ledger',
  },
];

/**
 * Closes campaigns whose deadline has passed, so they leave the home feed even if nobody acts.
 * Idempotent: closing is conditional on `status: 'open'`, so an overlapping run does nothing.
 */
export const closeDueCampaigns: Job = {
  name: 'fund.closeDueCampaigns',
  async run(ctx) {
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.fundCampaigns)
      .where({ status: 'open', deadline: _.lt(ctx.now) })
      .limit(100)
      .get();
    for (const campaign of data as CampaignDoc[]) await closeCampaignDoc(ctx, campaign, 'system');
    return data.length;
  },
};

/**
 * Appends settled gifts still waiting for the ledger (their function crashed or timed out
 * between settling and appending). Idempotent: appending takes only gifts without an entry.
 */
export const appendWaitingCredits: Job = {
  name: 'fund.appendWaitingCredits',
  async run(ctx) {
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.fundDonations)
      .where({ inLedger: false, status: _.in(CREDITED) })
      .limit(100)
      .get();
    let appended = 0;
    for (const fundId of new Set((data as DonationDoc[]).map((d) => d.fundId)))
      appended += await appendCredits(ctx, fundId);
    return appended;
  },
};
