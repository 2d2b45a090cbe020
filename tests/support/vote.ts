import type { DemoEstate } from '../../local/seed/estate';
import type { Stack } from '../../local/stack';
import type { ActionName, FunctionName, ReqOf, ResOf } from '../../typings/api';
import { client } from './gateway';

/** Calls a function as someone and answers the data, throwing on a refusal. */
export type Caller = (
  openid?: string,
) => <F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  req: ReqOf<F, A>,
) => Promise<ResOf<F, A>>;

/** The gateway, as the mini-program reaches it. */
export function viaGateway(stack: Stack): Caller {
  return (openid) => async (fn, action, req) => {
    const { result } = await client(stack.cloudbase.url, openid).call(fn, action, req);
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    return result.data;
  };
}

/** What openVoteOn needs of an estate: its bound households (the first drafts) and a committee member. */
export type VotingEstate = Pick<DemoEstate, 'estateId' | 'committee'> & {
  units: Array<{ openid?: string }>;
};

/**
 * A proposal taken through co-signing and scheduling to an open vote, as the residents and the
 * committee would. Returns the vote id.
 */
export async function openVoteOn(
  stackOrCaller: Stack | Caller,
  e: VotingEstate,
  opts: {
    title?: string;
    category?: string;
    mode?: 'majority' | 'civilCode';
    options?: string[];
    hours?: number;
    /** When the vote closes; else `hours` from now (48 by default). */
    closesAt?: Date;
  } = {},
): Promise<{ voteId: string; proposalId: string }> {
  const as = typeof stackOrCaller === 'function' ? stackOrCaller : viaGateway(stackOrCaller);
  const author = e.units.find((u) => u.openid)!.openid!;
  const { id: proposalId } = await as(author)('proposal', 'create', {
    estateId: e.estateId,
    title: opts.title ?? '更换6部电梯',
    body: '小区 6 部电梯已使用 20 多年，经常故障，建议使用专项维修资金整体更换。',
    category: (opts.category ?? 'useFund') as never,
    scope: { kind: 'estate' },
    ...(opts.options ? { options: opts.options } : {}),
  });
  const cosignDeadline = new Date(Date.now() + 86_400_000).toISOString();
  await as(author)('proposal', 'publish', { proposalId, cosignDeadline });
  const signers = e.units.filter((u) => u.openid).map((u) => u.openid!);
  for (let i = 0; ; i++) {
    const view = await as(signers[i])('proposal', 'cosign', { proposalId });
    if (view.status === 'admitted') break;
  }
  const chair = as(e.committee[0]);
  const opensAt = new Date(Date.now() + 1000).toISOString();
  const closesAt = (
    opts.closesAt ?? new Date(Date.now() + (opts.hours ?? 48) * 3_600_000)
  ).toISOString();
  await chair('proposal', 'schedule', {
    proposalId,
    opensAt,
    closesAt,
    ...(opts.mode ? { mode: opts.mode } : {}),
  });
  const opened = await chair('vote', 'open', { proposalId });
  return { voteId: opened.voteId, proposalId };
}
