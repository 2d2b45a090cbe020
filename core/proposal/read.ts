import type { ProposalListItem } from '../../typings/proposal';
import { authorize } from '../access';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { command } from '../runtime/handler';
import { id, int, object, oneOf, optional } from '../validate';
import { CATEGORIES, categoryOf } from './categories';
import { DEFAULT_OPTIONS } from './drafts';
import { loadEstate } from '../community/estates';
import type { ProposalMeta } from '../../typings/proposal';
import type { CosignTally, ProposalDoc } from './model';
import { OPEN_STATUSES, STATUS_LABEL, summaryOf } from './rules';
import { situate } from './situation';
import { toView } from './view';
import { photosOf } from '../ports/storage';
import type { IndexDecl } from '../indexes';

const PAGE_SIZE = 20;
const STATUSES = Object.keys(STATUS_LABEL) as Array<keyof typeof STATUS_LABEL>;

/** One proposal as its page shows it. Round trips: five, whatever the number of households. */
export const get = command(object({ proposalId: id('议题') }), async (ctx, req) =>
  toView(await situate(ctx, 'proposal.get', req.proposalId)),
);

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.proposals,
    keys: { estateId: 1, createdAt: -1, _id: -1, status: 1 },
    why: "list: an estate's proposals, newest first, by status",
  },
  {
    collection: Collections.cosigns,
    keys: { proposalId: 1, unitId: 1 },
    why: 'list: co-sign counts of a page of proposals',
  },
];

/**
 * The photos of a proposal and its hearings, to show: temporary URLs for whoever may read the
 * proposal (storage itself lets nobody read them directly). Round trips: as `get`, then one
 * storage call.
 */
export const photos = command(object({ proposalId: id('议题') }), async (ctx, req) => {
  const { proposal } = await situate(ctx, 'proposal.photos', req.proposalId, { tally: false });
  const files = [...proposal.attachments, ...proposal.hearings.flatMap((h) => h.attachments)];
  return { photos: await photosOf(ctx.ports.storage, files) };
});

/**
 * Proposals of an estate, newest first, 20 a page; `open` = everything not yet finished.
 * Drafts are listed to their author only. Round trips: membership, page, co-sign counts.
 */
export const list = command(
  object({
    estateId: id('小区'),
    status: optional(oneOf('状态', [...STATUSES, 'open'] as const)),
    page: optional(int('页码', { min: 0, max: 1000 })),
  }),
  async (ctx, req) => {
    const { member } = await authorize(ctx, 'proposal.list', req.estateId);
    if (!member) throw new AppError('NOT_MEMBER', '你不是这个小区的成员');
    const _ = ctx.db.command;
    const where: Record<string, unknown> = { estateId: req.estateId };
    if (req.status === 'draft') where.authorMemberId = member._id;
    where.status = req.status === 'open' ? _.in(OPEN_STATUSES) : (req.status ?? _.neq('draft'));
    const { data } = await ctx.db
      .collection(Collections.proposals)
      .where(where)
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .skip((req.page ?? 0) * PAGE_SIZE)
      .limit(PAGE_SIZE + 1)
      .get();
    const page = (data as ProposalDoc[]).slice(0, PAGE_SIZE);
    const counts = await cosignCounts(
      ctx,
      page.filter((p) => p.status === 'cosigning').map((p) => p._id),
    );
    const items: ProposalListItem[] = page.map((p) => ({
      id: p._id,
      title: p.title,
      category: categoryOf(p.category),
      status: p.status,
      statusLabel: STATUS_LABEL[p.status],
      summary: summaryOf(p, counts.get(p._id) ?? null),
      updatedAt: new Date(p.updatedAt).toISOString(),
    }));
    return { items, hasMore: (data as unknown[]).length > PAGE_SIZE };
  },
);

/** Household counts for several proposals in one aggregate (the list needs no area or heads). */
async function cosignCounts(
  ctx: Parameters<typeof situate>[0],
  proposalIds: string[],
): Promise<Map<string, CosignTally>> {
  if (proposalIds.length === 0) return new Map();
  const _ = ctx.db.command;
  const $ = ctx.db.command.aggregate;
  const { data } = await ctx.db
    .collection(Collections.cosigns)
    .aggregate()
    .match({ proposalId: _.in(proposalIds) })
    .group({ _id: '$proposalId', households: $.sum(1) })
    .end();
  return new Map(
    (data as Array<{ _id: string; households: number }>).map((r) => [
      r._id,
      { households: r.households, areaCenti: 0, heads: 0 },
    ]),
  );
}

/** The create form's choices. Round trips: membership, estate. */
export const meta = command(
  object({ estateId: id('小区') }),
  async (ctx, req): Promise<ProposalMeta> => {
    await authorize(ctx, 'proposal.meta', req.estateId);
    const estate = await loadEstate(ctx, req.estateId);
    return {
      categories: CATEGORIES.map((c) => categoryOf(c.code)),
      defaultOptions: DEFAULT_OPTIONS,
      buildings: estate.buildings,
      sharePercent: estate.settings.cosignSharePercent,
    };
  },
);
