import type { Result } from '../typings/api';
import type { DonateData, LedgerCheck } from '../typings/fund';
import { seedEstate, sizedEstate } from '../local/seed/estate';
import { postFn, requestPayment } from '../tests/support/gateway';
import { benchStack, burst, round } from './lib';

export interface FundFigures {
  donations: number;
  concurrency: number;
  perSec: number;
  p50Ms: number;
  p95Ms: number;
  errors: number;
  campaignTotalEqualsLedgerSum: boolean;
  /** Database round trips of one donation: the donate call plus its payment confirmation. */
  roundTripsPerDonate: number;
}

/** Answers `data` of an ok Result, or throws (an error in the burst). */
function data<T>(answer: { result: unknown }): T {
  const result = answer.result as Result<T>;
  if (!result?.ok) throw new Error(`refused: ${JSON.stringify(answer.result)}`);
  return result.data;
}

/**
 * A donation burst on one campaign: each operation is a member's `donate` through the gateway,
 * then the member pays on WeChat's sheet, and WeChat Pay calls the fund back.
 * Every confirmation appends to the same ledger, so they contend on the fund's head.
 */
export async function fundBurst(count = 500, concurrency = 32): Promise<FundFigures> {
  const stack = await benchStack();
  try {
    const estate = await seedEstate(stack.db, sizedEstate('bench-fund', 200));
    const url = stack.cloudbase.url;
    const chair = estate.committee[0];
    const { fundId } = data<{ fundId: string }>(
      await postFn(
        url,
        'fund',
        { action: 'createFund', estateId: estate.estateId, name: '糖果甜蜜基金' },
        { openid: chair },
      ),
    );
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const { id: campaignId } = data<{ id: string }>(
      await postFn(
        url,
        'fund',
        {
          action: 'createCampaign',
          fundId,
          title: '寻回后山公园',
          purpose: '修葺后山公园',
          goalFen: 3_000_000,
          deadline,
        },
        { openid: chair },
      ),
    );
    const donors = estate.units.flatMap((u) => (u.openid ? [u.openid] : []));
    let dbCalls = 0;
    let expectedFen = 0;
    let firstError: unknown;
    const donation = async (i: number) => {
      const amountFen = 100 * (1 + (i % 200));
      const order = await postFn(
        url,
        'fund',
        {
          action: 'donate',
          campaignId,
          amountFen,
          anonymous: i % 3 === 0,
          idempotencyKey: `bench-${i.toString().padStart(6, '0')}`,
        },
        { openid: donors[i % donors.length] },
      );
      const donor = donors[i % donors.length];
      const { payment } = data<DonateData>(order);
      const paid = await requestPayment(url, donor, payment);
      if (paid.status !== 200) throw new Error(`payment: ${paid.errMsg}`);
      dbCalls += order.dbCalls + paid.dbCalls;
      expectedFen += amountFen;
    };
    const result = await burst(count, concurrency, (i) =>
      donation(i).catch((err: unknown) => {
        firstError ??= err;
        throw err;
      }),
    );
    if (firstError) console.error('bench fund: first error:', firstError);
    const check = data<LedgerCheck>(
      await postFn(url, 'fund', { action: 'verifyLedger', fundId }, { openid: chair }),
    );
    const campaign = check.campaigns.find((c) => c.id === campaignId);
    return {
      donations: count,
      concurrency,
      ...result,
      campaignTotalEqualsLedgerSum:
        check.ok &&
        campaign?.ok === true &&
        campaign.raisedFen === expectedFen &&
        check.entries === count - result.errors,
      roundTripsPerDonate: round(dbCalls / Math.max(1, count - result.errors)),
    };
  } finally {
    await stack.dispose();
  }
}
