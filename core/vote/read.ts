import { authorize } from '../access';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { loadProposal } from '../proposal/situation';
import { command } from '../runtime/handler';
import { id, int, object, optional, string } from '../validate';
import { ballotsOf, closeVote, loadVote, openVote, shardsOf } from './lifecycle';
import type { BallotDoc, VoteDoc } from './model';
import { countBallots, differences, sumShards, type Counts } from './tally';
import { publishedRow, resultsView } from './view';
import type { IndexDecl } from '../indexes';

const PAGE = 50;

function finalCounts(vote: VoteDoc): Counts {
  const f = vote.final!;
  return { participated: f.participated, options: f.options, buildings: f.buildings };
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.ballots,
    keys: { voteId: 1, receipt: 1 },
    unique: true,
    why: 'results: the published list by receipt; verifyReceipt: one receipt, which must name one ballot',
  },
];

/**
 * Live while open (the running tally: one query for the shards), final after close (the
 * recount stored at close) with the published list, 50 ballots a page ordered by receipt.
 * Round trips: vote, membership, and one more — whatever the number of households.
 */
export const results = command(
  object({ voteId: id('表决'), page: optional(int('页码', { min: 0, max: 10_000 })) }),
  async (ctx, req) => {
    const vote = await loadVote(ctx, req.voteId);
    const { openid, member } = await authorize(ctx, 'vote.results', vote.estateId);
    const caller = { openid, roles: member!.roles };
    if (vote.status !== 'closed' || !vote.final) {
      const counts = sumShards(vote, vote.status === 'open' ? await shardsOf(ctx, vote._id) : []);
      return resultsView(vote, counts, caller, ctx.now, null);
    }
    const page = req.page ?? 0;
    const { data } = await ctx.db
      .collection(Collections.ballots)
      .where({ voteId: vote._id })
      .orderBy('receipt', 'asc')
      .skip(page * PAGE)
      .limit(PAGE + 1)
      .get();
    const rows = (data as BallotDoc[]).slice(0, PAGE).map((b) => publishedRow(vote, b));
    return resultsView(vote, finalCounts(vote), caller, ctx.now, {
      rows,
      page,
      hasMore: (data as unknown[]).length > PAGE,
    });
  },
);

/** After close, anyone in the estate can look a receipt up in the published list. */
export const verifyReceipt = command(
  object({ voteId: id('表决'), receipt: string('回执码', { max: 20 }) }),
  async (ctx, req) => {
    const vote = await loadVote(ctx, req.voteId);
    await authorize(ctx, 'vote.verifyReceipt', vote.estateId);
    if (vote.status !== 'closed')
      throw new AppError('INVALID_STATE', '表决结束并公示后才能核验回执');
    const receipt = req.receipt.toUpperCase().replace(/[\s-]/g, '');
    const { data } = await ctx.db
      .collection(Collections.ballots)
      .where({ voteId: vote._id, receipt })
      .limit(1)
      .get();
    const ballot = (data as BallotDoc[])[0];
    return { found: Boolean(ballot), ballot: ballot ? publishedRow(vote, ballot) : null };
  },
);

/** The committee opens a scheduled vote now (the scheduler does it at the scheduled time). */
export const open = command(object({ proposalId: id('议题') }), async (ctx, req) => {
  const proposal = await loadProposal(ctx, req.proposalId);
  const { openid, member } = await authorize(ctx, 'vote.open', proposal.estateId);
  const vote = await openVote(ctx, proposal, openid);
  return resultsView(vote, sumShards(vote, []), { openid, roles: member!.roles }, ctx.now, null);
});

/** The committee closes early only when every eligible household has voted; else the scheduler closes at the time. */
export const close = command(object({ voteId: id('表决') }), async (ctx, req) => {
  const vote = await loadVote(ctx, req.voteId);
  const { openid, member } = await authorize(ctx, 'vote.close', vote.estateId);
  const running = sumShards(vote, await shardsOf(ctx, vote._id));
  const view = resultsView(vote, running, { openid, roles: member!.roles }, ctx.now, null);
  if (view.can.close !== true) throw new AppError(view.can.close.code, view.can.close.message);
  const closed = await closeVote(ctx, vote, openid);
  return resultsView(closed, finalCounts(closed), { openid, roles: member!.roles }, ctx.now, null);
});

/** Recomputes from the ballots and compares with the running tally. */
export const recount = command(object({ voteId: id('表决') }), async (ctx, req) => {
  const vote = await loadVote(ctx, req.voteId);
  await authorize(ctx, 'vote.recount', vote.estateId);
  const [ballots, shards] = await Promise.all([ballotsOf(ctx, vote._id), shardsOf(ctx, vote._id)]);
  const recounted = countBallots(vote, ballots);
  const running =
    vote.status === 'closed' && vote.final ? finalCounts(vote) : sumShards(vote, shards);
  const diffs = differences(vote, running, recounted);
  return {
    matches: diffs.length === 0 && JSON.stringify(running) === JSON.stringify(recounted),
    ballots: ballots.length,
    differences: diffs,
  };
});
