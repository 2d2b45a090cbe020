import type { Role } from '../../typings/api';
import type { MeData, MemberRow, MyEstate } from '../../typings/community';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { decide, ESTATE_ACTIONS, POLICY, type ActionKey } from '../permissions';
import { command } from '../runtime/handler';
import { inTransaction, single } from '../runtime/tx';
import { boolean, id, int, object, oneOf, optional } from '../validate';
import { boundHouseholds, estateSummary } from './estates';
import type { EstateDoc, MemberDoc } from './model';
import type { IndexDecl } from '../indexes';

const MAX_ESTATES = 20;
const RECORDS = 20;
const PAGE_SIZE = 50;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.members,
    keys: { openid: 1, joinedAt: 1 },
    why: 'me: my memberships, oldest first',
  },
  {
    collection: Collections.auditLog,
    keys: { actor: 1, at: -1 },
    why: 'me: my records, newest first',
  },
  {
    collection: Collections.members,
    keys: { estateId: 1, joinedAt: 1, _id: 1 },
    why: "listMembers: an estate's members by joining date, and their count",
  },
];

/**
 * Me: my estates with my households, roles and what I may do there (with the reason when
 * not), my recent records, and whether I may create estates. Four round trips.
 */
export const me = command(object({}), async (ctx): Promise<MeData> => {
  const { openid } = await authorize(ctx, 'community.me');
  const _ = ctx.db.command;
  const [membersRes, recordsRes, staffRes] = await Promise.all([
    ctx.db
      .collection(Collections.members)
      .where({ openid })
      .orderBy('joinedAt', 'asc')
      .limit(MAX_ESTATES)
      .get(),
    ctx.db
      .collection(Collections.auditLog)
      .where({ actor: openid })
      .orderBy('at', 'desc')
      .limit(RECORDS)
      .get(),
    ctx.db.collection(Collections.staff).doc(openid).get(),
  ]);
  const members = membersRes.data as MemberDoc[];
  const estates =
    members.length === 0
      ? []
      : ((
          await ctx.db
            .collection(Collections.estates)
            .where({ _id: _.in(members.map((m) => m.estateId)) })
            .limit(MAX_ESTATES)
            .get()
        ).data as EstateDoc[]);
  const estateById = new Map(estates.map((e) => [e._id, e]));
  const bound = await boundHouseholds(
    ctx,
    estates.map((e) => e._id),
  );
  const isStaff = (staffRes.data as unknown[]).length > 0;

  const mine: MyEstate[] = members.flatMap((m) => {
    const estate = estateById.get(m.estateId);
    if (!estate) return [];
    const can: MyEstate['can'] = {};
    for (const action of [...ESTATE_ACTIONS, ...signedInActions()]) {
      can[action] = decide(action, { openid, roles: m.roles, officeStaff: isStaff });
    }
    return [
      {
        estate: estateSummary(estate, bound.get(estate._id) ?? 0),
        memberId: m._id,
        buildings: estate.buildings,
        grantableRoles: grantableRoles(m.roles),
        roles: m.roles,
        units: m.unitIds.map((unitId, i) => ({ id: unitId, label: m.unitLabels[i] })),
        can,
      },
    ];
  });

  return {
    openid,
    estates: mine,
    isStaff,
    records: (recordsRes.data as Array<{ at: Date; action: string; summary: string }>).map((r) => ({
      at: new Date(r.at).toISOString(),
      action: r.action,
      summary: r.summary,
    })),
  };
});

function signedInActions(): ActionKey[] {
  return (Object.keys(POLICY) as ActionKey[]).filter((a) => POLICY[a].who === 'signedIn');
}

/** Committee and staff name building leads; only staff name committee members. */
export function grantableRoles(roles: readonly Role[]): Array<'lead' | 'committee'> {
  if (roles.includes('staff')) return ['lead', 'committee'];
  return roles.includes('committee') ? ['lead'] : [];
}

/**
 * Grants or revokes a role. Committee members and staff name building leads; only staff name
 * committee members (the committee is elected by the owners, the office records it). Nobody
 * changes their own roles.
 */
export const setRole = command(
  object({
    estateId: id('小区'),
    memberId: id('成员'),
    role: oneOf('角色', ['lead', 'committee'] as const),
    grant: boolean('授予或撤销'),
  }),
  async (ctx, req) => {
    const { openid, member: caller } = await authorize(ctx, 'community.setRole', req.estateId);
    if (!grantableRoles(caller?.roles ?? []).includes(req.role)) {
      throw new AppError('FORBIDDEN', '只有社区工作人员可以任免业委会成员');
    }
    if (caller?._id === req.memberId) throw new AppError('FORBIDDEN', '不能修改自己的角色');

    return inTransaction(ctx.db, async (tx) => {
      const ref = tx.collection(Collections.members).doc(req.memberId);
      const target = single<MemberDoc>((await ref.get()).data);
      if (!target || target.estateId !== req.estateId)
        throw new AppError('NOT_FOUND', '找不到这位成员');
      const has = target.roles.includes(req.role);
      if (has === req.grant) return { roles: target.roles };
      const roles = req.grant
        ? [...target.roles, req.role]
        : target.roles.filter((r) => r !== req.role);
      await ref.update({ roles });
      const label = req.role === 'lead' ? '楼长' : '业委会成员';
      await writeAudit(tx, ctx, {
        estateId: req.estateId,
        actor: openid,
        action: 'community.setRole',
        target: req.memberId,
        summary: `${req.grant ? '任命' : '撤销'}${target.displayName}为${label}`,
      });
      return { roles };
    });
  },
);

/** "张三" → "张*", "1栋1单元302住户" stays (it names a household, not a person). */
export function maskName(name: string): string {
  if (/住户$|工作人员$/.test(name)) return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`;
}

/** The committee's member list: masked names, households, roles; 50 per page, oldest first. */
export const listMembers = command(
  object({ estateId: id('小区'), page: optional(int('页码', { min: 0, max: 10_000 })) }),
  async (ctx, req) => {
    await authorize(ctx, 'community.listMembers', req.estateId);
    const members = ctx.db.collection(Collections.members).where({ estateId: req.estateId });
    const [pageRes, countRes] = await Promise.all([
      members
        .orderBy('joinedAt', 'asc')
        .orderBy('_id', 'asc')
        .skip((req.page ?? 0) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .get(),
      members.count(),
    ]);
    const rows: MemberRow[] = (pageRes.data as MemberDoc[]).map((m) => ({
      memberId: m._id,
      name: maskName(m.displayName),
      units: m.unitLabels,
      roles: m.roles,
      joinedAt: new Date(m.joinedAt).toISOString(),
    }));
    return { members: rows, total: countRes.total };
  },
);

/**
 * Leaving an estate ends the membership and its roles; each household it was bound to loses
 * a member (and stops counting as joined when it was the last). One transaction.
 */
export const leave = command(object({ estateId: id('小区') }), async (ctx, req) => {
  const { openid, member } = await authorize(ctx, 'community.leave', req.estateId);
  if (!member) throw new AppError('NOT_MEMBER', '你不是这个小区的成员');
  await inTransaction(ctx.db, async (tx) => {
    const ref = tx.collection(Collections.members).doc(member._id);
    const current = single<MemberDoc>((await ref.get()).data);
    if (!current) return;
    for (const unitId of current.unitIds) {
      await tx
        .collection(Collections.units)
        .doc(unitId)
        .update({ memberCount: ctx.db.command.inc(-1) });
    }
    await ref.remove();
    await writeAudit(tx, ctx, {
      estateId: req.estateId,
      actor: openid,
      action: 'community.leave',
      target: member._id,
      summary: `退出了小区（${current.unitLabels.join('、') || '无房屋'}）`,
    });
  });
  return { left: true as const };
});
