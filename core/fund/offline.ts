import type { OfflineRecordRow } from '../../typings/fund';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { boolean, id, object, oneOf, optional, string } from '../validate';
import { CHANNEL_LABEL, yuan } from './format';
import { appendCredits, settleGift } from './credits';
import { requestId } from './ids';
import type { CampaignDoc, DonationDoc, FundDoc } from './model';
import { fen, idempotencyKey, LIMITS, photos, reason } from './schemas';
import { insertOnce, load, MISSING } from './store';
import { offlineRow } from './views';
import { photosOf } from '../ports/storage';
import type { IndexDecl } from '../indexes';

/**
 * Cash and transfers (线下捐款): committee member A records what was received, with a photo of
 * the cash receipt or the transfer; a different member B confirms it, and only then is it
 * credited. A can never confirm (or reject) their own record.
 */

const SELF_REVIEW = '不能复核自己登记的捐款，请由另一位业委会成员复核';

/** Round trips: campaign, membership, insert, audit. A repeat with the same key: insert, get. */
export const recordOffline = command(
  object({
    campaignId: id('募捐'),
    amountFen: fen('捐款金额', LIMITS.donationMinFen, LIMITS.offlineMaxFen),
    channel: oneOf('方式', ['cash', 'transfer'] as const),
    donorName: optional(string('捐款人', { max: 20 })),
    anonymous: boolean('匿名'),
    photos: photos('凭证照片', 1),
    note: optional(string('备注', { max: 200 })),
    idempotencyKey,
  }),
  async (ctx, req): Promise<OfflineRecordRow> => {
    if (!req.anonymous && !req.donorName)
      throw new AppError('INVALID_INPUT', '请填写捐款人，或选择匿名', 'donorName');
    const campaign = await load<CampaignDoc>(
      ctx,
      Collections.fundCampaigns,
      req.campaignId,
      MISSING.campaign,
    );
    const { openid, member } = await authorize(ctx, 'fund.recordOffline', campaign.estateId);
    const _id = requestId('o', campaign._id, openid, req.idempotencyKey);
    const record: DonationDoc = {
      _id,
      estateId: campaign.estateId,
      fundId: campaign.fundId,
      campaignId: campaign._id,
      campaignTitle: campaign.title,
      channel: req.channel,
      amountFen: req.amountFen,
      anonymous: req.anonymous,
      donorName: req.donorName ?? '',
      donorOpenid: null,
      // Named donors count once however often they give; an unnamed gift is one donor.
      donorKey: req.donorName ? `n:${req.donorName}` : `r:${_id}`,
      status: 'recorded',
      createdBy: openid,
      createdByName: member?.displayName ?? '',
      createdAt: ctx.now,
      creditedAt: null,
      inLedger: false,
      settledBy: null,
      settledByName: null,
      photos: req.photos,
      note: req.note ?? '',
      reason: null,
      refundedAt: null,
    };
    if (!(await insertOnce(ctx, Collections.fundDonations, record))) {
      const existing = await load<DonationDoc>(
        ctx,
        Collections.fundDonations,
        _id,
        MISSING.donation,
      );
      if (existing.amountFen !== record.amountFen)
        throw new AppError('CONFLICT', '这笔捐款已经登记过，金额不同；请重新打开登记页');
      return offlineRow(existing, openid);
    }
    await writeAudit(ctx.db, ctx, {
      estateId: record.estateId,
      actor: openid,
      action: 'fund.recordOffline',
      target: _id,
      summary: `登记${CHANNEL_LABEL[record.channel]}捐款 ${yuan(record.amountFen)}（${campaign.title}），待复核`,
    });
    return offlineRow(record, openid);
  },
);

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.fundDonations,
    keys: { fundId: 1, createdAt: -1, status: 1 },
    why: "offlineRecords: a fund's offline records, newest first, by status",
  },
];

/** Committee: a fund's offline records, newest first (default: waiting for a second member). */
export const offlineRecords = command(
  object({ fundId: id('基金'), status: optional(oneOf('范围', ['recorded', 'all'] as const)) }),
  async (ctx, req) => {
    const fund = await load<FundDoc>(ctx, Collections.funds, req.fundId, MISSING.fund);
    const { openid } = await authorize(ctx, 'fund.offlineRecords', fund.estateId);
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.fundDonations)
      .where({
        fundId: fund._id,
        status: (req.status ?? 'recorded') === 'recorded' ? 'recorded' : _.neq('pending'),
        channel: _.in(['cash', 'transfer']),
      })
      .orderBy('createdAt', 'desc')
      .limit(50)
      .get();
    return { records: (data as DonationDoc[]).map((d) => offlineRow(d, openid)) };
  },
);

/**
 * Committee: the photos of an offline record (a receipt, a transfer screenshot), to check
 * before confirming. They may show a donor's account, so only the committee sees them.
 */
export const offlinePhotos = command(object({ donationId: id('捐款') }), async (ctx, req) => {
  const record = await load<DonationDoc>(
    ctx,
    Collections.fundDonations,
    req.donationId,
    MISSING.donation,
  );
  if (record.channel === 'wechat') throw new AppError('NOT_FOUND', MISSING.donation);
  await authorize(ctx, 'fund.offlinePhotos', record.estateId);
  return { photos: await photosOf(ctx.ports.storage, record.photos) };
});

/** The record, its reviewer, and the refusal of self-review, before anything is written. */
async function forReview(ctx: CommandContext, donationId: string, action: 'confirm' | 'reject') {
  const record = await load<DonationDoc>(
    ctx,
    Collections.fundDonations,
    donationId,
    MISSING.donation,
  );
  if (record.channel === 'wechat') throw new AppError('NOT_FOUND', MISSING.donation);
  const key = action === 'confirm' ? 'fund.confirmOffline' : 'fund.rejectOffline';
  const reviewer = await authorize(ctx, key, record.estateId);
  if (record.createdBy === reviewer.openid) throw new AppError('FORBIDDEN', SELF_REVIEW);
  return { record, reviewer };
}

const reviewed = () => new AppError('CONFLICT', '这笔捐款已经复核过了');

/**
 * Member B credits A's record: settled conditionally on its status (two reviewers at once: one
 * wins), then appended to the ledger like an online payment. Round trips: record, membership,
 * settle, audit, then the append and the home-feed line (see credits.ts).
 */
export const confirmOffline = command(object({ donationId: id('捐款') }), async (ctx, req) => {
  const { record, reviewer } = await forReview(ctx, req.donationId, 'confirm');
  const settled = {
    status: 'confirmed' as const,
    settledBy: reviewer.openid,
    settledByName: reviewer.member?.displayName ?? '',
  };
  const audit = { action: 'fund.confirmOffline', actor: reviewer.openid };
  if (!(await settleGift(ctx, record, ['recorded'], settled, audit, '复核入账'))) throw reviewed();
  await appendCredits(ctx, record.fundId);
  return offlineRow({ ...record, ...settled, creditedAt: ctx.now }, reviewer.openid);
});

/** Member B refuses A's record with a reason; A may record it again correctly. */
export const rejectOffline = command(
  object({ donationId: id('捐款'), reason }),
  async (ctx, req) => {
    const { record, reviewer } = await forReview(ctx, req.donationId, 'reject');
    const patch = {
      status: 'rejected' as const,
      settledBy: reviewer.openid,
      settledByName: reviewer.member?.displayName ?? '',
      reason: req.reason,
    };
    // Conditional on the status, so a confirmation and a rejection at once cannot both apply.
    const { updated } = await ctx.db
      .collection(Collections.fundDonations)
      .where({ _id: record._id, status: 'recorded' })
      .update(patch);
    if (!updated) throw reviewed();
    await writeAudit(ctx.db, ctx, {
      estateId: record.estateId,
      actor: reviewer.openid,
      action: 'fund.rejectOffline',
      target: record._id,
      summary: `退回${CHANNEL_LABEL[record.channel]}捐款登记 ${yuan(record.amountFen)}：${req.reason}`,
    });
    return offlineRow({ ...record, ...patch }, reviewer.openid);
  },
);
