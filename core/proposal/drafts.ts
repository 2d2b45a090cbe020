import { randomBytes } from 'node:crypto';
import type { ProposalView } from '../../typings/proposal';
import { upsertActivity } from '../activity';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { loadEstate } from '../community/estates';
import type { EstateDoc } from '../community/model';
import { AppError, invalid } from '../errors';
import { countAttempt } from '../ratelimit';
import { command, type CommandContext } from '../runtime/handler';
import { array, fileId, id, isoDate, object, oneOf, optional, string } from '../validate';
import { CATEGORY_CODES } from './categories';
import type { ProposalDoc } from './model';
import { summaryOf } from './rules';
import { assertAbility, householdStats, situate, tallyCosigns } from './situation';
import { toView } from './view';
import type { IndexDecl } from '../indexes';

export const DEFAULT_OPTIONS = ['赞成', '反对', '弃权'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Five new proposals a day per person: plenty for a resident, a brake on flooding. */
const CREATE_LIMIT = {
  bucket: 'proposalCreate',
  max: 5,
  windowMs: DAY,
  message: '今天发起的议题已达上限（5 个），请明天再试',
};

const draftFields = {
  title: string('标题', { min: 4, max: 60 }),
  body: string('内容', { min: 10, max: 5000 }),
  category: oneOf('类别', CATEGORY_CODES),
  scope: object({
    kind: oneOf('范围', ['estate', 'buildings'] as const),
    buildingIds: optional(array('楼栋', id('楼栋'), { min: 1, max: 100 })),
  }),
  options: optional(array('选项', string('选项', { max: 20 }), { min: 2, max: 10 })),
  attachments: optional(array('附件', fileId('附件'), { max: 9 })),
};

type ScopeInput = { kind: 'estate' | 'buildings'; buildingIds?: string[] };

/** Checks the scope against the estate's buildings and names it for display. */
function resolveScope(estate: EstateDoc, scope: ScopeInput): ProposalDoc['scope'] {
  if (scope.kind === 'estate') return { kind: 'estate', buildingIds: [], label: '全小区' };
  const ids = [...new Set(scope.buildingIds ?? [])];
  if (ids.length === 0) throw invalid('scope.buildingIds', '请选择议题涉及的楼栋');
  const names = ids.map((bid) => estate.buildings.find((b) => b.id === bid)?.name);
  if (names.some((n) => n === undefined))
    throw invalid('scope.buildingIds', '所选楼栋不属于本小区');
  return { kind: 'buildings', buildingIds: ids, label: names.join('、') };
}

function checkOptions(options: string[]): string[] {
  if (new Set(options).size !== options.length) throw invalid('options', '选项不能重复');
  return options;
}

/** Any member drafts a proposal; only they see it until they publish it. */
export const create = command(
  object({ estateId: id('小区'), ...draftFields }),
  async (ctx, req) => {
    const { openid, member } = await authorize(ctx, 'proposal.create', req.estateId);
    if (!member) throw new AppError('NOT_MEMBER', '你不是这个小区的成员');
    const estate = await loadEstate(ctx, req.estateId);
    const scope = resolveScope(estate, req.scope);
    const options = checkOptions(req.options ?? DEFAULT_OPTIONS);
    await countAttempt(ctx, openid, CREATE_LIMIT);
    const proposalId = `p_${randomBytes(8).toString('hex')}`;
    const doc: ProposalDoc = {
      _id: proposalId,
      estateId: req.estateId,
      authorMemberId: member._id,
      authorLabel: member.unitLabels[0] ? `${member.unitLabels[0]}住户` : member.displayName,
      title: req.title,
      body: req.body,
      category: req.category,
      scope,
      options,
      attachments: req.attachments ?? [],
      status: 'draft',
      createdAt: ctx.now,
      updatedAt: ctx.now,
      publishedAt: null,
      cosignDeadline: null,
      scopeStats: null,
      sharePercent: null,
      autoAdmit: null,
      admittedAt: null,
      hearings: [],
      milestones: [],
      rejection: null,
      vote: null,
    };
    const { _id, ...fields } = doc;
    await ctx.db.collection(Collections.proposals).doc(_id).set(fields);
    await writeAudit(ctx.db, ctx, {
      estateId: req.estateId,
      actor: openid,
      action: 'proposal.create',
      target: proposalId,
      summary: `起草了议题「${req.title}」`,
    });
    return { id: proposalId };
  },
);

/** The author edits their draft. */
export const update = command(
  object({
    proposalId: id('议题'),
    title: optional(draftFields.title),
    body: optional(draftFields.body),
    category: optional(draftFields.category),
    scope: optional(draftFields.scope),
    options: optional(draftFields.options),
    attachments: optional(draftFields.attachments),
  }),
  async (ctx, req): Promise<ProposalView> => {
    const s = await situate(ctx, 'proposal.update', req.proposalId);
    assertAbility(s, 'update');
    const changes: Partial<ProposalDoc> = { updatedAt: ctx.now };
    if (req.title !== undefined) changes.title = req.title;
    if (req.body !== undefined) changes.body = req.body;
    if (req.category !== undefined) changes.category = req.category;
    if (req.options !== undefined) changes.options = checkOptions(req.options);
    if (req.attachments !== undefined) changes.attachments = req.attachments;
    if (req.scope !== undefined)
      changes.scope = resolveScope(await loadEstate(ctx, s.proposal.estateId), req.scope);
    const { updated } = await ctx.db
      .collection(Collections.proposals)
      .where({ _id: req.proposalId, status: 'draft' })
      .update(changes);
    if (updated === 0) throw new AppError('CONFLICT', '议题已发布，不能再修改');
    return toView({ ...s, proposal: { ...s.proposal, ...changes } });
  },
);

/**
 * Publishing starts co-signing. What the threshold is computed against is frozen now: the
 * households, area and owners in scope, and the estate's share and admission setting.
 */
export const publish = command(
  object({ proposalId: id('议题'), cosignDeadline: isoDate('联署截止时间') }),
  async (ctx, req): Promise<ProposalView> => {
    const s = await situate(ctx, 'proposal.publish', req.proposalId);
    assertAbility(s, 'publish');
    const ahead = req.cosignDeadline.getTime() - ctx.now.getTime();
    if (ahead < HOUR || ahead > 60 * DAY) {
      throw invalid('cosignDeadline', '联署截止时间应在 1 小时到 60 天之后');
    }
    const p = s.proposal;
    const estate = await loadEstate(ctx, p.estateId);
    const scopeStats = await scopeStatsOf(ctx, p);
    if (scopeStats.households === 0)
      throw new AppError('INVALID_STATE', '议题范围内还没有任何房屋，请先导入房屋名册');
    const changes: Partial<ProposalDoc> = {
      status: 'cosigning',
      publishedAt: ctx.now,
      updatedAt: ctx.now,
      cosignDeadline: req.cosignDeadline,
      scopeStats,
      sharePercent: estate.settings.cosignSharePercent,
      autoAdmit: estate.settings.autoAdmit,
    };
    const { updated } = await ctx.db
      .collection(Collections.proposals)
      .where({ _id: p._id, status: 'draft' })
      .update(changes);
    if (updated === 0) throw new AppError('CONFLICT', '议题已经发布过了');
    const published = { ...p, ...changes } as ProposalDoc;
    const tally = await tallyCosigns(ctx, p._id);
    await upsertActivity(ctx.db, ctx, {
      estateId: p.estateId,
      kind: 'proposal',
      refId: p._id,
      title: p.title,
      status: summaryOf(published, tally),
      open: true,
    });
    await writeAudit(ctx.db, ctx, {
      estateId: p.estateId,
      actor: s.openid,
      action: 'proposal.publish',
      target: p._id,
      summary: `发布议题「${p.title}」，开始联署`,
    });
    return toView({ ...s, proposal: published, tally });
  },
);

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.units,
    keys: { estateId: 1, _id: 1 },
    why: "publish: households and area in the proposal's scope",
  },
];

/** Households, area and distinct owners within the proposal's scope: one aggregate. */
function scopeStatsOf(ctx: CommandContext, p: ProposalDoc) {
  const _ = ctx.db.command;
  const match: Record<string, unknown> = { estateId: _.eq(p.estateId) };
  if (p.scope.kind === 'buildings') match.buildingId = _.in(p.scope.buildingIds);
  return householdStats(ctx, Collections.units, match);
}

/** The author withdraws the proposal before the vote opens. */
export const withdraw = command(
  object({ proposalId: id('议题') }),
  async (ctx, req): Promise<ProposalView> => {
    const s = await situate(ctx, 'proposal.withdraw', req.proposalId);
    assertAbility(s, 'withdraw');
    const p = s.proposal;
    const { updated } = await ctx.db
      .collection(Collections.proposals)
      .where({ _id: p._id, status: p.status })
      .update({ status: 'withdrawn', updatedAt: ctx.now });
    if (updated === 0) throw new AppError('CONFLICT', '议题状态刚刚发生了变化，请刷新后再试');
    const withdrawn: ProposalDoc = { ...p, status: 'withdrawn', updatedAt: ctx.now };
    if (p.status !== 'draft') {
      await upsertActivity(ctx.db, ctx, {
        estateId: p.estateId,
        kind: 'proposal',
        refId: p._id,
        title: p.title,
        status: summaryOf(withdrawn, null),
        open: false,
      });
    }
    await writeAudit(ctx.db, ctx, {
      estateId: p.estateId,
      actor: s.openid,
      action: 'proposal.withdraw',
      target: p._id,
      summary: `撤回了议题「${p.title}」`,
    });
    return toView({ ...s, proposal: withdrawn });
  },
);
