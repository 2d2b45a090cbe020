import type { DemoEstate } from '../local/seed/estate';
import { seedEstate, sizedEstate } from '../local/seed/estate';
import { postFn } from '../tests/support/gateway';
import { openVoteOn, viaGateway } from '../tests/support/vote';
import type { Result } from '../typings/api';
import type { BenchStack } from './lib';
import { benchStack, burst } from './lib';

export interface VoteFigures {
  households: number;
  concurrency: number;
  perSec: number;
  p50Ms: number;
  p95Ms: number;
  errors: number;
  tallyEqualsRecount: boolean;
  roundTripsPerCast: number;
  roundTripsPerResults: number;
  /** The same two counts in an estate of 100 households: they must not grow with the estate. */
  roundTripsAt100: { cast: number; results: number };
}

async function openVote(
  stack: BenchStack,
  id: string,
  households: number,
): Promise<{ e: DemoEstate; voteId: string }> {
  const e = await seedEstate(stack.db, sizedEstate(id, households));
  const { voteId } = await openVoteOn(viaGateway(stack), e, {
    title: '更换6部电梯',
    category: 'community',
  });
  return { e, voteId };
}

async function roundTrips(stack: BenchStack, e: DemoEstate, voteId: string, voter: string) {
  const url = stack.cloudbase.url;
  const cast = await postFn(url, 'vote', { action: 'cast', voteId, option: 0 }, { openid: voter });
  const results = await postFn(
    url,
    'vote',
    { action: 'results', voteId },
    { openid: e.residents[0] },
  );
  if (!(cast.result as Result<unknown>).ok)
    throw new Error(`cast refused: ${JSON.stringify(cast.result)}`);
  return { cast: cast.dbCalls, results: results.dbCalls };
}

/**
 * Every household of a fresh estate votes through the gateway with `concurrency` in flight;
 * then the running tally is compared with the recount from the ballots.
 */
export async function voteBurst(households = 1000, concurrency = 64): Promise<VoteFigures> {
  const stack = await benchStack();
  try {
    const small = await openVote(stack, 'bench-vote-100', 100);
    const at100 = await roundTrips(stack, small.e, small.voteId, small.e.units[99].openid!);

    const { e, voteId } = await openVote(stack, 'bench-vote', households);
    const voters = e.units.map((u) => u.openid!);
    // The last voter is measured alone, outside the burst.
    const measured = voters.pop()!;
    const url = stack.cloudbase.url;
    const result = await burst(voters.length, concurrency, async (i) => {
      const answer = await postFn(
        url,
        'vote',
        { action: 'cast', voteId, option: i % 3 },
        { openid: voters[i] },
      );
      if (!(answer.result as Result<unknown>).ok) throw new Error(JSON.stringify(answer.result));
    });
    const at1000 = await roundTrips(stack, e, voteId, measured);
    const recount = await postFn(
      url,
      'vote',
      { action: 'recount', voteId },
      { openid: e.committee[0] },
    );
    const r = recount.result as Result<{ matches: boolean; ballots: number }>;
    return {
      households,
      concurrency,
      ...result,
      tallyEqualsRecount: r.ok && r.data.matches && r.data.ballots === households,
      roundTripsPerCast: at1000.cast,
      roundTripsPerResults: at1000.results,
      roundTripsAt100: at100,
    };
  } finally {
    await stack.dispose();
  }
}
