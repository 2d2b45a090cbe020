import type { DonateData, DonationStatus, MyDonationRow } from '../../typings/fund';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError, invalid } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { boolean, id, object, optional, string, type Schema } from '../validate';
import { yuan } from './format';
import { appendCredits, auditSettlement, settleGift } from './credits';
import { requestId } from './ids';
import type { CampaignDoc, DonationDoc } from './model';
import { assertOnlinePayment, type PaymentNotice } from '../ports/payment';
import { fen, idempotencyKey, LIMITS, timeCursor } from './schemas';
import { insertOnce, load, MISSING } from './store';
import { accepting, myDonationRow } from './views';
import type { IndexDecl } from '../indexes';

const payOrder = (d: DonationDoc) => ({
  orderId: d._id,
  amountFen: d.amountFen,
  // WeChat Pay's body takes 128 bytes: 40 CJK characters fit.
  description: `${d.campaignTitle}-捐款`.slice(0, 40),
});

/**
 * Members: a payment order for a gift to a campaign. The order id derives from campaign, donor
 * and idempotency key, so a repeated request (a double tap, a retry after a lost answer) finds
 * the same order instead of making a second one; a settled order answers without a payment.
 * Round trips: campaign, membership, insert, audit (a repeat: campaign, membership, insert, get,
 * audit).
 */
export const donate = command(
  object({
    campaignId: id('募捐'),
    amountFen: fen('捐款金额', LIMITS.donationMinFen, LIMITS.onlineMaxFen),
    anonymous: boolean('匿名'),
    name: optional(string('署名', { max: 20 })),
    idempotencyKey,
  }),
  async (ctx, req): Promise<DonateData> => {
    const campaign = await load<CampaignDoc>(
      ctx,
      Collections.fundCampaigns,
      req.campaignId,
      MISSING.campaign,
    );
    const { openid, member } = await authorize(ctx, 'fund.donate', campaign.estateId);
    if (!accepting(campaign, ctx.now))
      throw new AppError('CONFLICT', '这个募捐已经结束，感谢你的心意');
    assertOnlinePayment(ctx.ports.payment);

    const gift: DonationDoc = {
      _id: requestId('d', campaign._id, openid, req.idempotencyKey),
      estateId: campaign.estateId,
      fundId: campaign.fundId,
      campaignId: campaign._id,
      campaignTitle: campaign.title,
      channel: 'wechat',
      amountFen: req.amountFen,
      anonymous: req.anonymous,
      donorName: req.name ?? member?.displayName ?? '',
      donorOpenid: openid,
      donorKey: `m:${openid}`,
      status: 'pending',
      createdBy: openid,
      createdByName: member?.displayName ?? '',
      createdAt: ctx.now,
      creditedAt: null,
      inLedger: false,
      settledBy: null,
      settledByName: null,
      photos: [],
      note: '',
      reason: null,
      refundedAt: null,
    };
    let order = gift;
    if (!(await insertOnce(ctx, Collections.fundDonations, gift))) {
      order = await load<DonationDoc>(ctx, Collections.fundDonations, gift._id, MISSING.donation);
      if (order.amountFen !== gift.amountFen || order.anonymous !== gift.anonymous)
        throw new AppError('CONFLICT', '这笔捐款已经提交过，内容不同；请关闭后重新发起');
    }
    // Once per order: a repeat writes it only if the first attempt failed before it did.
    await writeAudit(
      ctx.db,
      ctx,
      {
        estateId: order.estateId,
        actor: openid,
        action: 'fund.donate',
        target: order._id,
        summary: `发起捐款 ${yuan(order.amountFen)}（${campaign.title}）`,
        at: order.createdAt,
      },
      `fund.donate:${order._id}`,
    );
    const answer: DonateData = {
      orderId: order._id,
      status: order.status,
      amountFen: order.amountFen,
    };
    if (order.status === 'pending' || order.status === 'failed')
      answer.payment = await ctx.ports.payment.createOrder(payOrder(order));
    return answer;
  },
);

/**
 * Applies a provider's notice to its order, once. A paid notice settles the order (a repeat
 * finds it settled and changes nothing) and appends it to the ledger with whatever else waits;
 * a failure notice marks a pending order failed. A paid notice for a failed order still
 * credits it: the money did arrive. Round trips: order, settle, audit, then the append
 * (credits.ts: 14 for a lone gift, less than half that per gift in a burst); a repeat: 1.
 */
export async function settlePayment(
  ctx: CommandContext,
  notice: PaymentNotice,
  audit: { action: string; actor: string },
  loaded?: DonationDoc,
): Promise<DonationStatus> {
  const order =
    loaded ??
    (await load<DonationDoc>(ctx, Collections.fundDonations, notice.orderId, MISSING.donation));
  if (order.channel !== 'wechat') throw new AppError('NOT_FOUND', MISSING.donation);
  if (!notice.paid) {
    const failed = {
      status: 'failed' as const,
      settledBy: notice.providerRef,
      settledByName: null,
    };
    if (!(await settleGift(ctx, order, ['pending'], failed, audit, '支付未成功')))
      return order.status;
    return 'failed';
  }
  if (notice.amountFen !== order.amountFen)
    throw new AppError(
      'CONFLICT',
      `支付金额 ${notice.amountFen} 分与订单 ${order.amountFen} 分不符`,
    );
  if (order.status === 'pending' || order.status === 'failed') {
    const paid = {
      status: 'paid' as const,
      settledBy: notice.providerRef,
      settledByName: '微信支付',
    };
    await settleGift(ctx, order, ['pending', 'failed'], paid, audit, '到账');
  } else if (order.status === 'paid') {
    // A repeat: the first notice may have settled the order and failed before its audit.
    await auditSettlement(ctx, order, 'paid', audit, '到账');
  }
  // A repeat appends too if the first notice's append has not happened (a crash, a timeout).
  if (order.status !== 'refunded' && !order.inLedger) await appendCredits(ctx, order.fundId);
  return order.status === 'refunded' ? 'refunded' : 'paid';
}

/** A provider's callback event, read by the payment port once its caller is known to be the platform. */
const callbackEvent: Schema<Record<string, unknown>> = {
  shape: { kind: 'object', fields: {} },
  parse(value, path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw invalid(path || '参数', '参数格式不正确');
    return value as Record<string, unknown>;
  },
};

/**
 * The provider's callback: no caller identity (the platform calls it), answered per protocol.
 * The notice counts for nothing until the provider confirms the order itself.
 */
export const payCallback = command(callbackEvent, async (ctx, event) => {
  await authorize(ctx, 'fund.payCallback');
  const payment = ctx.ports.payment;
  const confirmed = await payment.confirm(payment.notice.parse(event, ''));
  await settlePayment(ctx, confirmed, { action: 'fund.payCallback', actor: 'system' });
  return { errcode: 0, errmsg: '' };
});

const MINE_PAGE = 20;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.fundDonations,
    keys: { estateId: 1, donorOpenid: 1, createdAt: -1 },
    why: 'myDonations: my gifts in an estate, newest first, and their total',
  },
];

/**
 * Members: my gifts in an estate, newest first, and what I have given in all. Round trips:
 * membership, then the page and the sum in parallel.
 */
export const myDonations = command(
  object({ estateId: id('小区'), before: optional(timeCursor) }),
  async (ctx, req) => {
    const { openid } = await authorize(ctx, 'fund.myDonations', req.estateId);
    const _ = ctx.db.command;
    const $ = _.aggregate;
    const before = req.before;
    const mine = { estateId: req.estateId, donorOpenid: openid };
    const gifts = ctx.db.collection(Collections.fundDonations);
    const [page, sum] = await Promise.all([
      gifts
        .where(before ? { ...mine, createdAt: _.lt(before) } : mine)
        .orderBy('createdAt', 'desc')
        .limit(MINE_PAGE)
        .get(),
      gifts
        .aggregate()
        .match({ ...mine, status: 'paid' })
        .group({ _id: null, total: $.sum('$amountFen') })
        .end(),
    ]);
    const rows = (page.data as DonationDoc[]).map(myDonationRow);
    const out: { donations: MyDonationRow[]; totalGivenFen: number; next?: string } = {
      donations: rows,
      totalGivenFen: ((sum.data ?? []) as Array<{ total: number }>)[0]?.total ?? 0,
    };
    if (rows.length === MINE_PAGE) out.next = rows[rows.length - 1].createdAt;
    return out;
  },
);
