import type { ProposalView } from '../../typings/proposal';
import { upsertActivity } from '../activity';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { countAttempt } from '../ratelimit';
import { command, type CommandContext } from '../runtime/handler';
import { id, object, optional } from '../validate';
import { cosignId, type CosignDoc, type CosignTally, type ProposalDoc } from './model';
import { summaryOf } from './rules';
import { assertAbility, situate, tallyCosigns } from './situation';
import { cosignsNeeded } from './threshold';
import { toView } from './view';

/** Co-signing and withdrawing share one budget: flapping is not a way to spam the feed. */
const COSIGN_LIMIT = {
  bucket: 'cosign',
  max: 30,
  windowMs: 3_600_000,
  message: '操作太频繁，请一小时后再试',
};

/**
 * A household co-signs. The co-sign document's id is proposal + unit, so two members of one
 * family (or one member tapping twice) can never store two: the second insert is refused by
 * the database itself. Counts come from the documents, so a burst of co-signs is exact.
 * The member whose co-sign is already stored gets it back, with what follows it done: the
 * count, the admission, the feed and the audit, which an attempt that failed after storing the
 * co-sign may have left undone (the client retries; a lost admission would leave a proposal
 * that reached the threshold waiting for the next co-sign or its deadline).
 * Round trips: 4 to load, rate limit, insert, tally, feed, audit (+1 on the admitting one).
 */
export const cosign = command(
  object({ proposalId: id('议题'), unitId: optional(id('房屋')) }),
  async (ctx, req): Promise<ProposalView> => {
    const s = await situate(ctx, 'proposal.cosign', req.proposalId, { tally: false });
    const p = s.proposal;
    let mine = s.myCosign?.memberId === s.memberId ? s.myCosign : null;
    if (!mine) {
      assertAbility(s, 'cosign');
      const unit = req.unitId ? s.units.find((u) => u._id === req.unitId) : s.units[0];
      if (!unit) throw new AppError('FORBIDDEN', '这户不在议题范围内，或不是你绑定的房屋');
      await countAttempt(ctx, s.openid, COSIGN_LIMIT);
      mine = {
        _id: cosignId(p._id, unit._id),
        proposalId: p._id,
        estateId: p.estateId,
        unitId: unit._id,
        unitLabel: unit.label,
        buildingId: unit.buildingId,
        areaCenti: unit.areaCenti,
        ownerKey: unit.ownerKey,
        memberId: s.memberId,
        at: ctx.now,
      };
      mine = await store(ctx, mine);
    }
    const tally = await tallyCosigns(ctx, p._id);
    const proposal = await admitIfReached(ctx, p, tally, s.openid);
    await refreshFeed(ctx, proposal, tally);
    await writeAudit(
      ctx.db,
      ctx,
      {
        estateId: p.estateId,
        actor: s.openid,
        action: 'proposal.cosign',
        target: p._id,
        summary: `以 ${mine.unitLabel} 联署了议题「${p.title}」`,
        at: mine.at,
      },
      `proposal.cosign:${mine._id}:${new Date(mine.at).getTime()}`,
    );
    return toView({ ...s, proposal, tally, cosigned: true, myCosign: mine });
  },
);

/**
 * Inserts the co-sign; answers the stored one. A duplicate is another member of the household
 * (refused) or this member's own concurrent tap (theirs, then).
 */
async function store(ctx: CommandContext, doc: CosignDoc): Promise<CosignDoc> {
  const cosigns = ctx.db.collection(Collections.cosigns);
  try {
    await cosigns.add(doc);
    return doc;
  } catch (err) {
    if ((err as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw err;
    const { data } = await cosigns.doc(doc._id).get();
    const stored = (data as CosignDoc[])[0];
    if (stored?.memberId === doc.memberId) return stored;
    throw new AppError('CONFLICT', '你家已经联署过了（每户一次）');
  }
}

/** A household takes its co-sign back while co-signing is open. */
export const withdrawCosign = command(
  object({ proposalId: id('议题') }),
  async (ctx, req): Promise<ProposalView> => {
    const s = await situate(ctx, 'proposal.withdrawCosign', req.proposalId, { tally: false });
    assertAbility(s, 'withdrawCosign');
    await countAttempt(ctx, s.openid, COSIGN_LIMIT);
    const p = s.proposal;
    const mine = s.myCosign!;
    await ctx.db.collection(Collections.cosigns).where({ _id: mine._id }).remove();
    const tally = await tallyCosigns(ctx, p._id);
    await refreshFeed(ctx, p, tally);
    await writeAudit(ctx.db, ctx, {
      estateId: p.estateId,
      actor: s.openid,
      action: 'proposal.withdrawCosign',
      target: p._id,
      summary: `撤回了 ${mine.unitLabel} 对议题「${p.title}」的联署`,
    });
    return toView({ ...s, tally, cosigned: false, myCosign: null });
  },
);

/**
 * When the co-signs reach the threshold, the proposal is admitted (or awaits the committee,
 * per the estate's setting). The update is conditional on the status, so concurrent co-signers
 * who all see the threshold reached move it exactly once.
 */
export async function admitIfReached(
  ctx: CommandContext,
  p: ProposalDoc,
  tally: CosignTally,
  actor: string,
): Promise<ProposalDoc> {
  if (p.status !== 'cosigning' || !p.scopeStats || p.sharePercent === null) return p;
  if (tally.households < cosignsNeeded(p.scopeStats.households, p.sharePercent)) return p;
  const status = p.autoAdmit ? 'admitted' : 'qualified';
  const changes = {
    status,
    updatedAt: ctx.now,
    ...(status === 'admitted' ? { admittedAt: ctx.now } : {}),
  };
  const { updated } = await ctx.db
    .collection(Collections.proposals)
    .where({ _id: p._id, status: 'cosigning' })
    .update(changes);
  if (updated === 0) return p;
  await writeAudit(ctx.db, ctx, {
    estateId: p.estateId,
    actor,
    action: status === 'admitted' ? 'proposal.admit' : 'proposal.qualify',
    target: p._id,
    summary:
      status === 'admitted'
        ? `议题「${p.title}」联署达到门槛，自动准入`
        : `议题「${p.title}」联署达到门槛，等待业委会审核`,
  });
  return { ...p, ...changes } as ProposalDoc;
}

export function refreshFeed(
  ctx: CommandContext,
  p: ProposalDoc,
  tally: CosignTally | null,
): Promise<unknown> {
  const open = !['draft', 'rejected', 'expired', 'withdrawn', 'decided'].includes(p.status);
  return upsertActivity(ctx.db, ctx, {
    estateId: p.estateId,
    kind: 'proposal',
    refId: p._id,
    title: p.title,
    status: summaryOf(p, tally),
    open,
  });
}
