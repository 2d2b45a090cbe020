import { randomInt } from 'node:crypto';
import type { Refusal } from '../../typings/api';
import type { MyBallot } from '../../typings/vote';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import type { MemberDoc } from '../community/model';
import { AppError } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { inTransaction, single } from '../runtime/tx';
import { fileId, id, int, object, optional } from '../validate';
import { loadVote } from './lifecycle';
import { SHARDS, shardId, type BallotDoc, type SlotDoc, type VoteDoc } from './model';
import { shardIncrements } from './tally';
import type { IndexDecl } from '../indexes';

/** Receipts are read aloud and typed: no 0/O or 1/I. */
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newReceipt = () =>
  Array.from({ length: 10 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('');

/** Why a ballot cannot be cast now, or true. */
export function castRefusal(vote: VoteDoc, now: Date): true | Refusal {
  if (vote.status !== 'open')
    return {
      code: 'INVALID_STATE',
      message: vote.status === 'closed' ? '表决已经结束' : '表决还没有开始',
    };
  if (now < vote.opensAt) return { code: 'INVALID_STATE', message: '表决还没有开始' };
  if (now >= vote.closesAt) return { code: 'INVALID_STATE', message: '表决已经截止' };
  return true;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.voteSlots,
    keys: { voteId: 1, unitIds: 1 },
    why: "cast, myBallot: the caller's ballot slots (multikey on unitIds)",
  },
];

/** The caller's ballot slots: the households (or owners) of their units in the frozen electorate. */
async function slotsOfMember(
  ctx: CommandContext,
  voteId: string,
  member: MemberDoc,
): Promise<SlotDoc[]> {
  if (member.unitIds.length === 0) return [];
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection(Collections.voteSlots)
    .where({ voteId, unitIds: _.in(member.unitIds) })
    .limit(20)
    .get();
  return data as SlotDoc[];
}

function pickSlot(slots: SlotDoc[], unitId?: string): SlotDoc {
  const slot = unitId ? slots.find((s) => s.unitIds.includes(unitId)) : slots[0];
  if (!slot) {
    throw new AppError(
      'FORBIDDEN',
      slots.length === 0
        ? '你家不在这次表决的范围内（以开始表决时的名册为准）'
        : '这户不是你绑定的房屋',
    );
  }
  return slot;
}

function optionOf(vote: VoteDoc, option: number): number {
  if (option >= vote.options.length) throw new AppError('INVALID_INPUT', '没有这个选项', 'option');
  return option;
}

interface Ballot {
  vote: VoteDoc;
  slot: SlotDoc;
  option: number;
  channel: BallotDoc['channel'];
  castBy: string | null;
  recordedBy: string | null;
  evidence: string | null;
  actor: string;
}

/**
 * Stores a ballot and adds it to one random tally shard, in one transaction: a household
 * whose ballot exists (by either channel) cannot get a second one, the tally moves exactly
 * with the ballots, and concurrent voters rarely touch the same shard. A retry of a cast whose
 * answer was lost returns the stored ballot; a revote (where the estate allows it) moves the
 * ballot and the tally together.
 */
async function store(ctx: CommandContext, b: Ballot): Promise<BallotDoc> {
  const ballotId = `${b.vote._id}_${b.slot.slotKey}`;
  const inc = (n: number) => ctx.db.command.inc(n);
  return inTransaction(ctx.db, async (tx) => {
    const ref = tx.collection(Collections.ballots).doc(ballotId);
    const existing = single<BallotDoc>((await ref.get()).data);
    const shard = tx
      .collection(Collections.voteTallies)
      .doc(shardId(b.vote._id, randomInt(SHARDS)));
    if (existing) {
      if (
        existing.option === b.option &&
        existing.channel === b.channel &&
        existing.castBy === b.castBy
      )
        return existing;
      const sameVoterOnline =
        b.channel === 'online' && existing.channel === 'online' && existing.castBy === b.castBy;
      if (!b.vote.allowRevote || !sameVoterOnline) {
        const how = existing.channel === 'paper' ? '已有纸质选票' : '已经投过票了';
        throw new AppError('CONFLICT', `这户${how}（每户一票）`);
      }
      const moved = { ...existing, option: b.option, castAt: ctx.now };
      await ref.update({ option: b.option, castAt: ctx.now });
      const update = { ...shardIncrements(existing, -1, inc), ...shardIncrements(moved, 1, inc) };
      await shard.update(update);
      await writeAudit(tx, ctx, {
        estateId: b.vote.estateId,
        actor: b.actor,
        action: 'vote.revote',
        target: b.vote._id,
        summary: `修改了表决「${b.vote.title}」的选择`,
      });
      return moved;
    }
    const ballot: BallotDoc = {
      _id: ballotId,
      voteId: b.vote._id,
      estateId: b.vote.estateId,
      slotKey: b.slot.slotKey,
      option: b.option,
      units: b.slot.units,
      areaCenti: b.slot.areaCenti,
      receipt: newReceipt(),
      channel: b.channel,
      castBy: b.castBy,
      recordedBy: b.recordedBy,
      evidence: b.evidence,
      castAt: ctx.now,
    };
    const { _id, ...fields } = ballot;
    await ref.set(fields);
    await shard.update(shardIncrements(ballot, 1, inc));
    // The audit says that the household voted, never how.
    const labels = b.slot.units.map((u) => u.label).join('、');
    await writeAudit(tx, ctx, {
      estateId: b.vote.estateId,
      actor: b.actor,
      action: b.channel === 'paper' ? 'vote.recordPaper' : 'vote.cast',
      target: b.vote._id,
      summary:
        b.channel === 'paper'
          ? `录入了 ${labels} 的纸质选票`
          : `以 ${labels} 参加了表决「${b.vote.title}」`,
    });
    return ballot;
  });
}

/** `slots`: all the caller's ballot slots in this vote, so the page can offer to switch. */
export function myBallotView(
  vote: VoteDoc,
  slots: SlotDoc[],
  slot: SlotDoc,
  ballot: BallotDoc | null,
  now: Date,
): MyBallot {
  let cast: true | Refusal = castRefusal(vote, now);
  if (cast === true && ballot && (!vote.allowRevote || ballot.channel === 'paper')) {
    cast = { code: 'CONFLICT', message: '这户已经投过票了（每户一票）' };
  }
  return {
    voteId: vote._id,
    units: slot.units.map((u) => u.label),
    unitId: slot.unitIds[0],
    households: slots.map((s) => ({
      unitId: s.unitIds[0],
      label: s.units.map((u) => u.label).join('、'),
    })),
    allowRevote: vote.allowRevote,
    cast: ballot
      ? {
          option: ballot.option,
          choice: vote.options[ballot.option],
          receipt: ballot.receipt,
          channel: ballot.channel,
          at: new Date(ballot.castAt).toISOString(),
        }
      : null,
    options: vote.options,
    can: { cast },
  };
}

/**
 * A member votes for their household. Round trips: membership, vote, slot, then the
 * transaction (start, ballot, shard, audit, commit) — nine, whatever the size of the estate.
 */
export const cast = command(
  object({
    voteId: id('表决'),
    option: int('选项', { min: 0, max: 9 }),
    unitId: optional(id('房屋')),
  }),
  async (ctx, req): Promise<MyBallot> => {
    const vote = await loadVote(ctx, req.voteId);
    const { openid, member } = await authorize(ctx, 'vote.cast', vote.estateId);
    const refusal = castRefusal(vote, ctx.now);
    if (refusal !== true) throw new AppError(refusal.code, refusal.message);
    const slots = await slotsOfMember(ctx, vote._id, member!);
    const slot = pickSlot(slots, req.unitId);
    const ballot = await store(ctx, {
      vote,
      slot,
      option: optionOf(vote, req.option),
      channel: 'online',
      castBy: member!._id,
      recordedBy: null,
      evidence: null,
      actor: openid,
    });
    return myBallotView(vote, slots, slot, ballot, ctx.now);
  },
);

/** The committee records a paper ballot with a photo of it; the household may not also vote online. */
export const recordPaper = command(
  object({
    voteId: id('表决'),
    unitId: id('房屋'),
    option: int('选项', { min: 0, max: 9 }),
    evidence: fileId('纸质选票照片'),
  }),
  async (ctx, req) => {
    const vote = await loadVote(ctx, req.voteId);
    const { openid, member } = await authorize(ctx, 'vote.recordPaper', vote.estateId);
    const refusal = castRefusal(vote, ctx.now);
    if (refusal !== true) throw new AppError(refusal.code, refusal.message);
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.voteSlots)
      .where({ voteId: vote._id, unitIds: _.in([req.unitId]) })
      .limit(1)
      .get();
    const slot = (data as SlotDoc[])[0];
    if (!slot) throw new AppError('NOT_FOUND', '这户不在这次表决的范围内');
    const ballot = await store(ctx, {
      vote,
      slot,
      option: optionOf(vote, req.option),
      channel: 'paper',
      castBy: null,
      recordedBy: member!._id,
      evidence: req.evidence,
      actor: openid,
    });
    return { receipt: ballot.receipt };
  },
);

/** The caller's ballot for their household: choice and receipt, or what they may do. */
export const myBallot = command(
  object({ voteId: id('表决'), unitId: optional(id('房屋')) }),
  async (ctx, req) => {
    const vote = await loadVote(ctx, req.voteId);
    const { member } = await authorize(ctx, 'vote.myBallot', vote.estateId);
    const slots = await slotsOfMember(ctx, vote._id, member!);
    const slot = pickSlot(slots, req.unitId);
    const { data } = await ctx.db
      .collection(Collections.ballots)
      .doc(`${vote._id}_${slot.slotKey}`)
      .get();
    return myBallotView(vote, slots, slot, (data as BallotDoc[])[0] ?? null, ctx.now);
  },
);
