import { randomInt } from 'node:crypto';
import type { BindingCodeRow, IssueBindingCodesData } from '../../typings/community';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections, memberId } from '../collections';
import { toCsv } from '../csv';
import { AppError } from '../errors';
import { countAttempt } from '../ratelimit';
import { command } from '../runtime/handler';
import { readAll } from '../runtime/paging';
import { inTransaction, single } from '../runtime/tx';
import { id, object, oneOf, optional, string } from '../validate';
import type { BindingCodeDoc, MemberDoc, UnitDoc } from './model';
import { byLabel } from './roster';
import type { IndexDecl } from '../indexes';

/** No 0/O, 1/I/L: codes are read off paper and typed on a phone. 31^8 ≈ 8.5 × 10^11 codes. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
const INSERT_BATCH = 200;

/** Ten tries per quarter hour: enough for typos, hopeless for guessing 10^11 codes. */
export const BIND_LIMIT = {
  bucket: 'bind',
  max: 10,
  windowMs: 15 * 60_000,
  message: '尝试次数过多，请 15 分钟后再试；如绑定码无效，请联系楼长',
};

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** What people type: spaces, dashes and lower case are forgiven. */
export const normaliseCode = (text: string): string => text.toUpperCase().replace(/[\s-]/g, '');

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.units,
    keys: { estateId: 1, _id: 1 },
    why: "issueBindingCodes: an estate's units (a building's, unbound ones) by id",
  },
  {
    collection: Collections.bindingCodes,
    keys: { estateId: 1, unitId: 1 },
    why: "issueBindingCodes: revoking the units' unused codes",
  },
];

/**
 * Issues one new one-time code per selected unit (default: households nobody has bound yet;
 * `all` also issues codes for family members of bound households). A unit's earlier unused
 * code is revoked, so only the latest printed list is valid. Round trips: authorize, one read
 * per 1000 units, then per 200 units one revoke and one insert.
 */
export const issueBindingCodes = command(
  object({
    estateId: id('小区'),
    buildingId: optional(id('楼栋')),
    include: optional(oneOf('范围', ['unbound', 'all'] as const)),
  }),
  async (ctx, req): Promise<IssueBindingCodesData> => {
    const { openid } = await authorize(ctx, 'community.issueBindingCodes', req.estateId);
    const _ = ctx.db.command;
    const filter: Record<string, unknown> = { estateId: req.estateId };
    if (req.buildingId) filter.buildingId = req.buildingId;
    if ((req.include ?? 'unbound') === 'unbound') filter.memberCount = 0;
    const units = await readAll<UnitDoc>(
      ctx.db.collection(Collections.units).where(filter).orderBy('_id', 'asc'),
    );
    if (units.length === 0) throw new AppError('NOT_FOUND', '没有需要发放绑定码的房屋');

    const codes = ctx.db.collection(Collections.bindingCodes);
    const rows: BindingCodeRow[] = [];
    for (let i = 0; i < units.length; i += INSERT_BATCH) {
      const chunk = units.slice(i, i + INSERT_BATCH);
      await codes
        .where({
          estateId: req.estateId,
          unitId: _.in(chunk.map((u) => u._id)),
          usedAt: null,
          revokedAt: null,
        })
        .update({ revokedAt: ctx.now });
      const docs: BindingCodeDoc[] = chunk.map((u) => ({
        _id: newCode(),
        estateId: req.estateId,
        unitId: u._id,
        issuedBy: openid,
        issuedAt: ctx.now,
        usedBy: null,
        usedAt: null,
        revokedAt: null,
      }));
      // A clash with an existing code is ~10^-8 per batch; the whole batch is refused then, and
      // the committee simply issues again.
      await codes.add(docs);
      chunk.forEach((u, k) =>
        rows.push({ unitId: u._id, building: u.building, label: u.label, code: docs[k]._id }),
      );
    }
    await writeAudit(ctx.db, ctx, {
      estateId: req.estateId,
      actor: openid,
      action: 'community.issueBindingCodes',
      target: req.buildingId ?? req.estateId,
      summary: `发放了 ${rows.length} 个绑定码`,
    });

    rows.sort((a, b) => byLabel(a.label, b.label));
    const byBuilding = new Map<string, BindingCodeRow[]>();
    for (const row of rows)
      byBuilding.set(row.building, [...(byBuilding.get(row.building) ?? []), row]);
    return {
      issued: rows.length,
      buildings: [...byBuilding.entries()]
        .sort(([a], [b]) => byLabel(a, b))
        .map(([building, codes]) => ({ building, codes })),
      csv: toCsv(
        ['楼栋', '房号', '绑定码'],
        rows.map((r) => [r.building, r.label, r.code]),
      ),
    };
  },
);

const INVALID_CODE = '绑定码不正确或已失效，请核对后重试，或联系楼长';

/**
 * A resident enters the code from the paper the building lead handed out and becomes a
 * member of that household. One transaction: the code is used, the membership created or
 * extended, the household's member count moved, and the audit written — all or nothing. No
 * estate-wide counter is touched, so neighbours binding at the same moment never conflict. Retrying after a lost answer is harmless: the same person
 * with the same used code gets the same answer.
 */
export const bind = command(object({ code: string('绑定码', { max: 20 }) }), async (ctx, req) => {
  const { openid } = await authorize(ctx, 'community.bind');
  const code = normaliseCode(req.code);
  if (code.length !== CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) {
    throw new AppError('INVALID_INPUT', `绑定码是 ${CODE_LENGTH} 位字母和数字`, 'code');
  }
  await countAttempt(ctx, openid, BIND_LIMIT);

  return inTransaction(ctx.db, async (tx) => {
    const codeRef = tx.collection(Collections.bindingCodes).doc(code);
    const entry = single<BindingCodeDoc>((await codeRef.get()).data);
    if (!entry || entry.revokedAt) throw new AppError('NOT_FOUND', INVALID_CODE);

    const unitRef = tx.collection(Collections.units).doc(entry.unitId);
    const unit = single<UnitDoc>((await unitRef.get()).data);
    if (!unit) throw new AppError('NOT_FOUND', INVALID_CODE);
    const answer = { estateId: entry.estateId, unitId: unit._id, label: unit.label };
    if (entry.usedBy === openid) return answer;
    if (entry.usedBy)
      throw new AppError('CONFLICT', '这个绑定码已经被使用过了，请向楼长申请新的绑定码');

    const memberRef = tx.collection(Collections.members).doc(memberId(entry.estateId, openid));
    const member = single<MemberDoc>((await memberRef.get()).data);
    if (member?.unitIds.includes(unit._id))
      throw new AppError('CONFLICT', `你已经绑定了 ${unit.label}`);

    await codeRef.update({ usedBy: openid, usedAt: ctx.now });
    if (member) {
      await memberRef.update({
        unitIds: [...member.unitIds, unit._id],
        unitLabels: [...member.unitLabels, unit.label],
        roles: member.roles.includes('resident') ? member.roles : ['resident', ...member.roles],
      });
    } else {
      await memberRef.set(newMembership(entry.estateId, openid, unit, ctx.now));
    }
    await unitRef.update({ memberCount: ctx.db.command.inc(1) });
    await writeAudit(tx, ctx, {
      estateId: entry.estateId,
      actor: openid,
      action: 'community.bind',
      target: unit._id,
      summary: `绑定了 ${unit.label}`,
    });
    return answer;
  });
});

/** A resident's first membership of an estate, through one household. */
export function newMembership(
  estateId: string,
  openid: string,
  unit: UnitDoc,
  now: Date,
): Omit<MemberDoc, '_id'> {
  return {
    estateId,
    openid,
    unitIds: [unit._id],
    unitLabels: [unit.label],
    roles: ['resident'],
    displayName: `${unit.label}住户`,
    joinedAt: now,
  };
}
