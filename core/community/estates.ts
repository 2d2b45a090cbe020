import { randomBytes } from 'node:crypto';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections, memberId } from '../collections';
import type { EstateSummary } from '../../typings/community';
import { AppError } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { inTransaction } from '../runtime/tx';
import { object, string } from '../validate';
import { DEFAULT_SETTINGS, type EstateDoc, type MemberDoc } from './model';
import type { IndexDecl } from '../indexes';

/** Staff of the community office open an estate; its roster and households come next. */
export const createEstate = command(
  object({
    name: string('小区名称', { min: 2, max: 30 }),
    district: string('所在街道/社区', { min: 2, max: 60 }),
  }),
  async (ctx, req) => {
    const { openid } = await authorize(ctx, 'community.createEstate');
    const estateId = `e_${randomBytes(8).toString('hex')}`;
    const estate: Omit<EstateDoc, '_id'> = {
      name: req.name,
      district: req.district,
      buildings: [],
      unitCount: 0,
      settings: DEFAULT_SETTINGS,
      createdBy: openid,
      createdAt: ctx.now,
    };
    const creator: Omit<MemberDoc, '_id'> = {
      estateId,
      openid,
      unitIds: [],
      unitLabels: [],
      roles: ['staff'],
      displayName: '社区工作人员',
      joinedAt: ctx.now,
    };
    await inTransaction(ctx.db, async (tx) => {
      await tx.collection(Collections.estates).doc(estateId).set(estate);
      await tx.collection(Collections.members).doc(memberId(estateId, openid)).set(creator);
      await writeAudit(tx, ctx, {
        estateId,
        actor: openid,
        action: 'community.createEstate',
        target: estateId,
        summary: `创建了小区 ${req.name}`,
      });
    });
    return { estateId };
  },
);

export async function loadEstate(ctx: CommandContext, estateId: string): Promise<EstateDoc> {
  const { data } = await ctx.db.collection(Collections.estates).doc(estateId).get();
  const estate = (data as EstateDoc[])[0];
  if (!estate) throw new AppError('NOT_FOUND', '找不到这个小区');
  return estate;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.units,
    keys: { estateId: 1, memberCount: 1 },
    why: 'bound households per estate (memberCount > 0)',
  },
];

/**
 * Households with at least one member, per estate: counted from the units (one aggregate)
 * rather than kept in a counter, so neighbours binding at once never contend on one document.
 */
export async function boundHouseholds(
  ctx: CommandContext,
  estateIds: string[],
): Promise<Map<string, number>> {
  if (estateIds.length === 0) return new Map();
  const _ = ctx.db.command;
  const $ = ctx.db.command.aggregate;
  const { data } = await ctx.db
    .collection(Collections.units)
    .aggregate()
    .match({ estateId: _.in(estateIds), memberCount: _.gt(0) })
    .group({ _id: '$estateId', n: $.sum(1) })
    .end();
  return new Map((data as Array<{ _id: string; n: number }>).map((r) => [r._id, r.n]));
}

export function estateSummary(estate: EstateDoc, boundUnits: number): EstateSummary {
  return {
    id: estate._id,
    name: estate.name,
    district: estate.district,
    buildings: estate.buildings.length,
    units: estate.unitCount,
    boundUnits,
  };
}
