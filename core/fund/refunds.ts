import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { command } from '../runtime/handler';
import { inTransaction } from '../runtime/tx';
import { id, object } from '../validate';
import { CHANNEL_LABEL, yuan } from './format';
import type { RefundData } from '../../typings/fund';
import type { DonationDoc } from './model';
import { reason } from './schemas';
import { appendEntry, load, loadForUpdate, MISSING, refreshActivity } from './store';
import { assertOnlinePayment } from '../ports/payment';
import { shownName } from './views';

/**
 * Committee: gives a credited gift back (a donor asks, a campaign is cancelled). The ledger is
 * never edited: a refund entry takes the amount out, the campaign's totals go down with it, and
 * the gift is marked refunded — in one transaction, refused if the fund no longer holds the
 * money. An online gift then goes back through the provider; that call is idempotent per order,
 * so if it fails the committee repeats the request and only the provider call runs again.
 */
export const refundDonation = command(
  object({ donationId: id('捐款'), reason }),
  async (ctx, req): Promise<RefundData> => {
    const gift = await load<DonationDoc>(
      ctx,
      Collections.fundDonations,
      req.donationId,
      MISSING.donation,
    );
    const { openid } = await authorize(ctx, 'fund.refundDonation', gift.estateId);
    const order = { orderId: gift._id, amountFen: gift.amountFen, description: gift.campaignTitle };
    const provider = gift.channel === 'wechat' ? ctx.ports.payment : undefined;
    // Money paid online goes back online: without WeChat Pay set up, refuse before any write.
    if (provider) assertOnlinePayment(provider);
    if (gift.status === 'refunded') {
      await provider?.refund(order, req.reason);
      return { donationId: gift._id, status: gift.status };
    }
    if (gift.status !== 'paid' && gift.status !== 'confirmed')
      throw new AppError('CONFLICT', '只有已入账的捐款可以退款');
    // Its donation entry must come first, or the refund could take the balance below zero.
    if (!gift.inLedger) throw new AppError('CONFLICT', '这笔捐款正在入账，请稍后再试');

    const entry = await inTransaction(ctx.db, async (tx) => {
      const { doc, ref } = await loadForUpdate<DonationDoc>(
        tx,
        Collections.fundDonations,
        gift._id,
        MISSING.donation,
      );
      if (doc.status !== 'paid' && doc.status !== 'confirmed')
        throw new AppError('CONFLICT', '这笔捐款已经退款了');
      await ref.update({ status: 'refunded', reason: req.reason, refundedAt: ctx.now });
      await writeAudit(tx, ctx, {
        estateId: doc.estateId,
        actor: openid,
        action: 'fund.refundDonation',
        target: doc._id,
        summary: `退还${CHANNEL_LABEL[doc.channel]}捐款 ${yuan(doc.amountFen)}：${req.reason}`,
      });
      const entry = await appendEntry(tx, ctx.now, doc.fundId, {
        kind: 'refund',
        amountFen: -doc.amountFen,
        campaignId: doc.campaignId,
        ref: doc._id,
        channel: doc.channel,
        counterparty: shownName(doc),
        memo: `${doc.campaignTitle}（${req.reason}）`,
      });
      const _ = ctx.db.command;
      await tx
        .collection(Collections.fundCampaigns)
        .doc(doc.campaignId)
        .update({ raisedFen: _.inc(-doc.amountFen), donationCount: _.inc(-1) });
      return entry;
    });
    await refreshActivity(ctx, gift.campaignId, entry.seq);
    await provider?.refund(order, req.reason);
    return {
      donationId: gift._id,
      status: 'refunded',
      seq: entry.seq,
      balanceFen: entry.balanceFen,
    };
  },
);
