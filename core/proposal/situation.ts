import type { Refusal } from '../../typings/api';
import { authorize } from '../access';
import { Collections } from '../collections';
import type { MemberDoc, UnitDoc } from '../community/model';
import { AppError } from '../errors';
import type { ActionKey } from '../permissions';
import type { CommandContext } from '../runtime/handler';
import type { CosignDoc, CosignTally, ProposalDoc } from './model';
import { abilities, type Ability, type Situation } from './rules';
import type { IndexDecl } from '../indexes';

export async function loadProposal(ctx: CommandContext, proposalId: string): Promise<ProposalDoc> {
  const { data } = await ctx.db.collection(Collections.proposals).doc(proposalId).get();
  const proposal = (data as ProposalDoc[])[0];
  if (!proposal) throw new AppError('NOT_FOUND', '找不到这个议题');
  return proposal;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.cosigns,
    keys: { proposalId: 1, unitId: 1 },
    why: "a proposal's co-signs: the tally, and the caller's households'",
  },
];

/**
 * Households, area, and heads with multi-unit owners counted once, of the documents of
 * `collection` matching `match` (units or co-signs, each carrying ownerKey and areaCenti):
 * one aggregate round trip.
 */
export async function householdStats(
  ctx: CommandContext,
  collection: typeof Collections.units | typeof Collections.cosigns,
  match: Record<string, unknown>,
): Promise<CosignTally> {
  const $ = ctx.db.command.aggregate;
  const { data } = await ctx.db
    .collection(collection)
    .aggregate()
    .match(match)
    .group({ _id: '$ownerKey', households: $.sum(1), areaCenti: $.sum('$areaCenti') })
    .group({
      _id: null,
      households: $.sum('$households'),
      areaCenti: $.sum('$areaCenti'),
      heads: $.sum(1),
    })
    .end();
  const row = (data as CosignTally[])[0];
  return {
    households: row?.households ?? 0,
    areaCenti: row?.areaCenti ?? 0,
    heads: row?.heads ?? 0,
  };
}

/**
 * Co-sign totals straight from the co-sign documents. Nothing to keep in step, so the count
 * shown always equals the documents, under any concurrency.
 */
export function tallyCosigns(ctx: CommandContext, proposalId: string): Promise<CosignTally> {
  return householdStats(ctx, Collections.cosigns, { proposalId });
}

/** The caller's households that lie within the proposal's scope. */
async function unitsInScope(
  ctx: CommandContext,
  p: ProposalDoc,
  member: MemberDoc,
): Promise<UnitDoc[]> {
  if (member.unitIds.length === 0) return [];
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection(Collections.units)
    .where({ _id: _.in(member.unitIds), estateId: p.estateId })
    .get();
  const units = data as UnitDoc[];
  return p.scope.kind === 'estate'
    ? units
    : units.filter((u) => p.scope.buildingIds.includes(u.buildingId));
}

export interface Loaded extends Situation {
  member: MemberDoc;
  units: UnitDoc[];
  myCosign: CosignDoc | null;
}

/**
 * Loads the proposal and everything about the caller the rules need, authorizing `action`
 * on the way. Round trips: proposal, membership, the caller's units, their household's
 * co-sign, and the tally once published — five, whatever the size of the estate.
 */
export async function situate(
  ctx: CommandContext,
  action: ActionKey,
  proposalId: string,
  opts: { tally?: boolean } = {},
): Promise<Loaded> {
  const proposal = await loadProposal(ctx, proposalId);
  const { openid, member } = await authorize(ctx, action, proposal.estateId);
  if (!member) throw new AppError('NOT_MEMBER', '你不是这个小区的成员');
  // Drafts are private to their authors.
  if (proposal.status === 'draft' && proposal.authorMemberId !== member._id) {
    throw new AppError('NOT_FOUND', '找不到这个议题');
  }
  const _ = ctx.db.command;
  const [units, tally] = await Promise.all([
    unitsInScope(ctx, proposal, member),
    proposal.status === 'draft' || opts.tally === false
      ? Promise.resolve(null)
      : tallyCosigns(ctx, proposal._id),
  ]);
  const myCosign =
    units.length === 0 || proposal.status === 'draft'
      ? null
      : ((
          (
            await ctx.db
              .collection(Collections.cosigns)
              .where({ proposalId: proposal._id, unitId: _.in(units.map((u) => u._id)) })
              .limit(1)
              .get()
          ).data as CosignDoc[]
        )[0] ?? null);
  return {
    proposal,
    tally,
    openid,
    memberId: member._id,
    roles: member.roles,
    unitsInScope: units.map((u) => u._id),
    cosigned: myCosign !== null,
    now: ctx.now,
    member,
    units,
    myCosign,
  };
}

/** Throws the rules' refusal for `ability`, if any. */
export function assertAbility(s: Situation, ability: Ability): void {
  const verdict: true | Refusal = abilities(s)[ability];
  if (verdict !== true) throw new AppError(verdict.code, verdict.message);
}
