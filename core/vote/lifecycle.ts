import { createHash } from 'node:crypto';
import { formatChina } from '../../miniprogram/shared/china-time';
import { upsertActivity } from '../activity';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { loadEstate } from '../community/estates';
import type { UnitDoc } from '../community/model';
import { byLabel } from '../community/roster';
import { AppError } from '../errors';
import { categoryOf, isSpecialMajority } from '../proposal/categories';
import type { ProposalDoc } from '../proposal/model';
import type { CommandContext } from '../runtime/handler';
import { readAll } from '../runtime/paging';
import {
  SHARDS,
  shardId,
  voteIdOf,
  type BallotDoc,
  type SlotDoc,
  type TallyShardDoc,
  type VoteDoc,
} from './model';
import { outcomeOf, type Measure } from './rules';
import { countBallots, sumShards } from './tally';
import type { IndexDecl } from '../indexes';

const BATCH = 200;
/** An opening or closing still unfinished after this long died midway and is resumed. */
export const STALE_MS = 2 * 60_000;

export async function loadVote(ctx: CommandContext, voteId: string): Promise<VoteDoc> {
  const { data } = await ctx.db.collection(Collections.votes).doc(voteId).get();
  const vote = (data as VoteDoc[])[0];
  if (!vote) throw new AppError('NOT_FOUND', '找不到这次表决');
  return vote;
}

/**
 * Opens a scheduled proposal's vote and freezes the electorate: the units in scope with their
 * areas, grouped into ballot slots — one per household (majority mode) or one per owner with
 * all their units (Civil Code mode, so a multi-unit owner is one head). Creating the vote
 * document with an id derived from the proposal is the claim: two openers cannot both pass it.
 */
export async function openVote(
  ctx: CommandContext,
  proposal: ProposalDoc,
  actor: string,
): Promise<VoteDoc> {
  if (proposal.status !== 'scheduled' || !proposal.vote) {
    throw new AppError('INVALID_STATE', '议题还没有安排表决');
  }
  const estate = await loadEstate(ctx, proposal.estateId);
  const category = categoryOf(proposal.category);
  const voteId = voteIdOf(proposal._id);
  const abstain = proposal.options.indexOf('弃权');
  const vote: VoteDoc = {
    _id: voteId,
    estateId: proposal.estateId,
    proposalId: proposal._id,
    title: proposal.title,
    category: proposal.category,
    options: proposal.options,
    abstainOption: abstain >= 0 ? abstain : null,
    mode: proposal.vote.mode ?? (category.article278 ? 'civilCode' : 'majority'),
    specialMajority: isSpecialMajority(proposal.category),
    allowRevote: estate.settings.allowRevote,
    status: 'opening',
    opensAt: ctx.now < proposal.vote.opensAt ? ctx.now : proposal.vote.opensAt,
    closesAt: proposal.vote.closesAt,
    transitionAt: ctx.now,
    openedAt: null,
    closedAt: null,
    eligible: { households: 0, areaCenti: 0, heads: 0 },
    slots: 0,
    buildings: [],
    final: null,
  };
  try {
    const { _id, ...fields } = vote;
    await ctx.db.collection(Collections.votes).add({ _id, ...fields });
  } catch (err) {
    if ((err as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE')
      throw new AppError('CONFLICT', '表决已经开启');
    throw err;
  }
  return freezeElectorate(ctx, vote, proposal, estate.buildings, actor);
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.units,
    keys: { estateId: 1, _id: 1 },
    why: 'freezeElectorate: the units in scope by id',
  },
  {
    collection: Collections.voteSlots,
    keys: { voteId: 1, unitIds: 1 },
    why: 'freezeElectorate: clearing a half-frozen electorate',
  },
  { collection: Collections.voteTallies, keys: { voteId: 1 }, why: "a vote's tally shards" },
  {
    collection: Collections.ballots,
    keys: { voteId: 1, _id: 1 },
    why: "close, recount: a vote's ballots by id",
  },
];

/** Writes the slots and the empty tally, then marks the vote open. Safe to re-run. */
export async function freezeElectorate(
  ctx: CommandContext,
  vote: VoteDoc,
  proposal: ProposalDoc,
  buildingNames: Array<{ id: string; name: string }>,
  actor: string,
): Promise<VoteDoc> {
  const _ = ctx.db.command;
  const where: Record<string, unknown> = { estateId: proposal.estateId };
  if (proposal.scope.kind === 'buildings') where.buildingId = _.in(proposal.scope.buildingIds);
  const units = await readAll<UnitDoc>(
    ctx.db.collection(Collections.units).where(where).orderBy('_id', 'asc'),
  );
  const slots = slotsOf(vote, units);

  // A re-run after a crash starts from a clean slate.
  await ctx.db.collection(Collections.voteSlots).where({ voteId: vote._id }).remove();
  await ctx.db.collection(Collections.voteTallies).where({ voteId: vote._id }).remove();
  for (let i = 0; i < slots.length; i += BATCH)
    await ctx.db.collection(Collections.voteSlots).add(slots.slice(i, i + BATCH));
  const shards: TallyShardDoc[] = Array.from({ length: SHARDS }, (_, k) => ({
    _id: shardId(vote._id, k),
    voteId: vote._id,
    options: {},
    buildings: {},
  }));
  await ctx.db.collection(Collections.voteTallies).add(shards);

  const eligible: Measure = {
    households: units.length,
    areaCenti: units.reduce((sum, u) => sum + u.areaCenti, 0),
    heads: new Set(units.map((u) => u.ownerKey)).size,
  };
  const buildings = buildingNames
    .filter((b) => units.some((u) => u.buildingId === b.id))
    .map((b) => {
      const mine = units.filter((u) => u.buildingId === b.id);
      return {
        buildingId: b.id,
        name: b.name,
        eligible: {
          households: mine.length,
          areaCenti: mine.reduce((sum, u) => sum + u.areaCenti, 0),
          heads: new Set(mine.map((u) => u.ownerKey)).size,
        },
      };
    });
  const opened: Partial<VoteDoc> = {
    status: 'open',
    eligible,
    buildings,
    slots: slots.length,
    openedAt: ctx.now,
  };
  await ctx.db.collection(Collections.votes).doc(vote._id).update(opened);
  await ctx.db
    .collection(Collections.proposals)
    .where({ _id: proposal._id, status: 'scheduled' })
    .update({ status: 'voting', updatedAt: ctx.now });
  const result = { ...vote, ...opened } as VoteDoc;
  await refreshVoteFeed(ctx, result, 0);
  await writeAudit(ctx.db, ctx, {
    estateId: vote.estateId,
    actor,
    action: 'vote.open',
    target: vote._id,
    summary: `表决「${vote.title}」开始，共 ${slots.length} 张选票`,
  });
  return result;
}

function slotsOf(vote: VoteDoc, units: UnitDoc[]): SlotDoc[] {
  const groups = new Map<string, UnitDoc[]>();
  for (const u of units) {
    const key =
      vote.mode === 'civilCode'
        ? `o_${createHash('sha256').update(u.ownerKey).digest('hex').slice(0, 20)}`
        : u._id;
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups.entries()].map(([slotKey, group]) => {
    const us = [...group].sort((a, b) => byLabel(a.label, b.label));
    return {
      _id: `${vote._id}_${slotKey}`,
      voteId: vote._id,
      slotKey,
      unitIds: us.map((u) => u._id),
      units: us.map((u) => ({
        unitId: u._id,
        label: u.label,
        buildingId: u.buildingId,
        areaCenti: u.areaCenti,
      })),
      areaCenti: us.reduce((sum, u) => sum + u.areaCenti, 0),
    };
  });
}

export async function shardsOf(ctx: CommandContext, voteId: string): Promise<TallyShardDoc[]> {
  const { data } = await ctx.db
    .collection(Collections.voteTallies)
    .where({ voteId })
    .limit(SHARDS)
    .get();
  return data as TallyShardDoc[];
}

export async function ballotsOf(ctx: CommandContext, voteId: string): Promise<BallotDoc[]> {
  return readAll<BallotDoc>(
    ctx.db.collection(Collections.ballots).where({ voteId }).orderBy('_id', 'asc'),
  );
}

/**
 * Closes a vote: the recount from the ballots becomes the published result, compared with the
 * running tally on the way. Claimed by a conditional status change, so overlapping scheduler
 * runs close it once; a close that died midway is resumed when stale.
 */
export async function closeVote(
  ctx: CommandContext,
  vote: VoteDoc,
  actor: string,
): Promise<VoteDoc> {
  if (vote.status === 'open') {
    const { updated } = await ctx.db
      .collection(Collections.votes)
      .where({ _id: vote._id, status: 'open' })
      .update({ status: 'closing', transitionAt: ctx.now });
    if (updated === 0) throw new AppError('CONFLICT', '表决正在结束');
  }
  const [ballots, shards] = await Promise.all([ballotsOf(ctx, vote._id), shardsOf(ctx, vote._id)]);
  const recount = countBallots(vote, ballots);
  const running = sumShards(vote, shards);
  const outcome = outcomeOf({
    mode: vote.mode,
    specialMajority: vote.specialMajority,
    eligible: vote.eligible,
    participated: recount.participated,
    options: recount.options,
    abstainOption: vote.abstainOption,
  });
  const final = {
    participated: recount.participated,
    options: recount.options,
    buildings: recount.buildings,
    winner: outcome.winner,
    // Both are built by the same code in the same key order, so equal figures serialise equally.
    tallyMatched: JSON.stringify(running) === JSON.stringify(recount),
  };
  const closed: Partial<VoteDoc> = { status: 'closed', closedAt: ctx.now, final };
  await ctx.db.collection(Collections.votes).doc(vote._id).update(closed);
  await ctx.db
    .collection(Collections.proposals)
    .where({ _id: vote.proposalId, status: 'voting' })
    .update({ status: 'decided', updatedAt: ctx.now });
  const result = { ...vote, ...closed } as VoteDoc;
  await refreshVoteFeed(ctx, result, recount.participated.households);
  await writeAudit(ctx.db, ctx, {
    estateId: vote.estateId,
    actor,
    action: 'vote.close',
    target: vote._id,
    summary: `表决「${vote.title}」结束：${outcomeText(result, outcome.quorum.met)}`,
  });
  return result;
}

export function outcomeText(vote: VoteDoc, quorumMet: boolean): string {
  if (!vote.final) return '表决进行中';
  if (!quorumMet) return '参与表决的业主不足，表决无效';
  const w = vote.final.winner;
  if (w === null) return '没有选项获得规定的多数，未通过';
  return vote.options[w] === '赞成' ? '表决通过' : `「${vote.options[w]}」获得通过`;
}

export function refreshVoteFeed(
  ctx: CommandContext,
  vote: VoteDoc,
  households: number,
): Promise<unknown> {
  const open = vote.status === 'open';
  return upsertActivity(ctx.db, ctx, {
    estateId: vote.estateId,
    kind: 'vote',
    refId: vote._id,
    title: vote.title,
    status: open
      ? `表决中 · ${formatChina(vote.closesAt, 'M月D日')}截止`
      : `表决已结束 · ${households} 户参与`,
    open,
  });
}
