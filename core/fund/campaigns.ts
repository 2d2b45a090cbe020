import type { CampaignSummary, CampaignView } from '../../typings/fund';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { id, object, optional, string } from '../validate';
import { endOfChinaDay, yuan } from './format';
import { activityId, newId } from './ids';
import type { CampaignDoc, DonationDoc, FundDoc } from './model';
import { CREDITED } from './credits';
import { AMOUNT_CHIPS, fen, LIMITS } from './schemas';
import { activityFields, load, MISSING } from './store';
import { campaignSummary, donorRow } from './views';
import type { IndexDecl } from '../indexes';

const DAY_MS = 86_400_000;
const DONORS_PAGE = 20;

function deadlineOf(text: string, now: Date): Date {
  const deadline = endOfChinaDay(text);
  if (!deadline) throw new AppError('INVALID_INPUT', '截止日期格式应为 2026-12-31', 'deadline');
  if (deadline.getTime() < now.getTime())
    throw new AppError('INVALID_INPUT', '截止日期不能早于今天', 'deadline');
  if (deadline.getTime() > now.getTime() + LIMITS.deadlineMaxDays * DAY_MS)
    throw new AppError('INVALID_INPUT', '募捐期限最长一年', 'deadline');
  return deadline;
}

/**
 * Committee/staff: a campaign in a fund; it joins the estate's home feed. Round trips: fund,
 * membership, insert, feed entry, audit.
 */
export const createCampaign = command(
  object({
    fundId: id('基金'),
    title: string('募捐标题', { max: 40 }),
    purpose: string('募捐用途', { max: 500 }),
    goalFen: fen('目标金额', LIMITS.goalMinFen, LIMITS.goalMaxFen),
    deadline: string('截止日期', { max: 10 }),
    // The proposal this campaign pays for; shown as a link, not checked (see docs/funds.md).
    proposalId: optional(id('关联议题')),
  }),
  async (ctx, req): Promise<CampaignSummary> => {
    const fund = await load<FundDoc>(ctx, Collections.funds, req.fundId, MISSING.fund);
    const { openid } = await authorize(ctx, 'fund.createCampaign', fund.estateId);
    const campaign: CampaignDoc = {
      _id: newId('c_'),
      estateId: fund.estateId,
      fundId: fund._id,
      fundName: fund.name,
      title: req.title,
      purpose: req.purpose,
      goalFen: req.goalFen,
      deadline: deadlineOf(req.deadline, ctx.now),
      proposalId: req.proposalId ?? null,
      status: 'open',
      raisedFen: 0,
      donationCount: 0,
      createdBy: openid,
      createdAt: ctx.now,
      closedAt: null,
    };
    await ctx.db.collection(Collections.fundCampaigns).add(campaign);
    await ctx.db
      .collection(Collections.activities)
      .doc(activityId(campaign._id))
      .set({ ...activityFields(campaign, ctx.now, true), fundSeq: 0 });
    await writeAudit(ctx.db, ctx, {
      estateId: fund.estateId,
      actor: openid,
      action: 'fund.createCampaign',
      target: campaign._id,
      summary: `发起募捐「${campaign.title}」，目标 ${yuan(campaign.goalFen)}`,
    });
    return campaignSummary(campaign, ctx.now);
  },
);

/** Ends a campaign (by a person or at its deadline) and takes it off the home feed. */
export async function closeCampaignDoc(
  ctx: CommandContext,
  campaign: CampaignDoc,
  actor: string,
): Promise<CampaignDoc> {
  const { updated } = await ctx.db
    .collection(Collections.fundCampaigns)
    .where({ _id: campaign._id, status: 'open' })
    .update({ status: 'closed', closedAt: ctx.now });
  const closed: CampaignDoc = { ...campaign, status: 'closed', closedAt: ctx.now };
  if (!updated) return closed; // someone else closed it a moment ago
  // The highest fundSeq: no progress refresh still in flight can reopen the feed entry.
  await ctx.db
    .collection(Collections.activities)
    .doc(activityId(campaign._id))
    .update({ ...activityFields(closed, ctx.now, false), fundSeq: Number.MAX_SAFE_INTEGER });
  await writeAudit(ctx.db, ctx, {
    estateId: campaign.estateId,
    actor,
    action: 'fund.closeCampaign',
    target: campaign._id,
    summary: `募捐「${campaign.title}」结束，共筹 ${yuan(campaign.raisedFen)}`,
  });
  return closed;
}

/** Committee/staff: stop taking donations (late payments of open orders are still credited). */
export const closeCampaign = command(object({ campaignId: id('募捐') }), async (ctx, req) => {
  const campaign = await load<CampaignDoc>(
    ctx,
    Collections.fundCampaigns,
    req.campaignId,
    MISSING.campaign,
  );
  const { openid } = await authorize(ctx, 'fund.closeCampaign', campaign.estateId);
  if (campaign.status !== 'open') return campaignSummary(campaign, ctx.now);
  return campaignSummary(await closeCampaignDoc(ctx, campaign, openid), ctx.now);
});

/** Opaque page cursor for donors: credit time and id (ties on the same millisecond). */
const cursorOf = (d: DonationDoc): string =>
  `${new Date(d.creditedAt ?? d.createdAt).getTime()}-${d._id}`;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.fundDonations,
    keys: { campaignId: 1, creditedAt: -1, _id: -1 },
    why: 'campaign: credited donors, newest first, and their count',
  },
];

function afterCursor(ctx: CommandContext, cursor: string | undefined) {
  if (!cursor) return {};
  const m = /^(\d{1,15})-([A-Za-z0-9_]+)$/.exec(cursor);
  if (!m) throw new AppError('INVALID_INPUT', '翻页参数不正确', 'donorsBefore');
  const _ = ctx.db.command;
  const at = new Date(Number(m[1]));
  return _.or([{ creditedAt: _.lt(at) }, { creditedAt: at, _id: _.lt(m[2]) }]);
}

/**
 * Members: a campaign's progress, its donor count and donors, newest first. Round trips:
 * campaign, membership, then the donors page and the donor count in parallel.
 */
export const campaign = command(
  object({
    campaignId: id('募捐'),
    donorsBefore: optional(string('翻页参数', { max: 80 })),
  }),
  async (ctx, req): Promise<CampaignView> => {
    const campaign = await load<CampaignDoc>(
      ctx,
      Collections.fundCampaigns,
      req.campaignId,
      MISSING.campaign,
    );
    const { openid } = await authorize(ctx, 'fund.campaign', campaign.estateId);
    const _ = ctx.db.command;
    const credited = { campaignId: campaign._id, status: _.in(CREDITED) };
    const gifts = ctx.db.collection(Collections.fundDonations);
    const [page, counted] = await Promise.all([
      gifts
        .where(_.and([credited, afterCursor(ctx, req.donorsBefore)]))
        .orderBy('creditedAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(DONORS_PAGE)
        .get(),
      gifts.aggregate().match(credited).group({ _id: '$donorKey' }).count('n').end(),
    ]);
    const donors = page.data as DonationDoc[];
    const view: CampaignView = {
      campaign: campaignSummary(campaign, ctx.now),
      fund: { id: campaign.fundId, name: campaign.fundName },
      donorCount: ((counted.data ?? []) as Array<{ n: number }>)[0]?.n ?? 0,
      donors: donors.map((d) => donorRow(d, openid)),
      amountChips: AMOUNT_CHIPS,
      limits: { minFen: LIMITS.donationMinFen, maxFen: LIMITS.onlineMaxFen },
    };
    if (donors.length === DONORS_PAGE) view.nextDonors = cursorOf(donors[donors.length - 1]);
    return view;
  },
);
