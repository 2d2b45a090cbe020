import { Collections } from '../../core/collections';
import type { ProposalDoc } from '../../core/proposal/model';
import type { Stack } from '../stack';
import type { DemoEstate } from './estate';
import { actAs } from './invoke';
import { demoPhoto } from './photos';
import { fireTimer } from '../timers';

const DAY = 86_400_000;

async function proposalId(stack: Stack, estateId: string, title: string): Promise<string> {
  const { data } = await stack.db
    .collection(Collections.proposals)
    .where({ estateId, title })
    .limit(1)
    .get();
  return (data as ProposalDoc[])[0]._id;
}

/**
 * Votes of 糖果悦园: the elevator replacement open (Civil Code mode, as a use of the maintenance
 * fund), and the park opening hours closed with its results published — 87% of households took
 * part and 83% approved, the figures of the 美领居 elevator vote (context/002).
 */
export async function seedVotes(stack: Stack, demo: DemoEstate): Promise<void> {
  const chair = actAs(stack.runner, demo.committee[0]);
  const bound = demo.units.filter((u) => u.openid);
  const unbound = demo.units.filter((u) => !u.openid);

  // The park hours: opened now (it was scheduled), 104 of 120 households vote, then it closes.
  const park = await proposalId(stack, demo.estateId, '后山公园开放时间调整');
  const { voteId: parkVote } = await chair('vote', 'open', { proposalId: park });
  for (const [i, u] of bound.entries()) {
    const option = i < 80 ? 0 : i < 83 ? 1 : 2;
    await actAs(stack.runner, u.openid)('vote', 'cast', { voteId: parkVote, option });
  }
  for (const u of unbound.slice(0, 20)) {
    await chair('vote', 'recordPaper', {
      voteId: parkVote,
      unitId: u.unitId,
      option: 0,
      evidence: demoPhoto(stack, demo.committee[0], `paper/${u.unitId}`, [`纸质选票 ${u.label}`]),
    });
  }
  await stack.db
    .collection(Collections.votes)
    .doc(parkVote)
    .update({ closesAt: new Date(Date.now() - 1000) });
  await fireTimer(stack.runner, 'scheduler');

  // The elevators: scheduled and opened now, for a week; 60 households have voted so far.
  const lifts = await proposalId(stack, demo.estateId, '更换6部电梯');
  const opensAt = new Date(Date.now() + 1000).toISOString();
  const closesAt = new Date(Date.now() + 7 * DAY).toISOString();
  await chair('proposal', 'schedule', { proposalId: lifts, opensAt, closesAt });
  const { voteId: liftVote } = await chair('vote', 'open', { proposalId: lifts });
  for (const [i, u] of bound.slice(0, 60).entries()) {
    await actAs(stack.runner, u.openid)('vote', 'cast', {
      voteId: liftVote,
      option: i % 12 === 0 ? 1 : 0,
    });
  }
}
