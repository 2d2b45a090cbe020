import { Collections } from '../../core/collections';
import { formatChina } from '../../miniprogram/shared/china-time';
import { seedEstate, sizedEstate, type DemoEstate } from '../../local/seed/estate';
import { type Stack } from '../../local/stack';
import { localFileId } from '../../local/storage';
import type { Result } from '../../typings/api';
import type { PayRequest } from '../../typings/fund';
import { client, paidNotice, postFn, requestPayment } from '../support/gateway';

/** Shared fixture of the fund's integration tests: an estate with a fund and a campaign. */

export type Answer<T> = { result: Result<T>; dbCalls: number };

export function ok<T>(answer: { result: Result<T> }): T {
  if (!answer.result.ok) throw new Error(`${answer.result.code}: ${answer.result.message}`);
  return answer.result.data;
}

export function refusal(answer: { result: Result<unknown> }) {
  if (answer.result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer.result)}`);
  return answer.result;
}

/** Everything the fund area writes (plus the feed and the audit log), to prove nothing changed. */
export const WRITTEN = [
  Collections.funds,
  Collections.fundLedger,
  Collections.fundCampaigns,
  Collections.fundDonations,
  Collections.fundExpenses,
  Collections.auditLog,
  Collections.activities,
];

export async function snapshot(stack: Stack): Promise<string> {
  const all: Record<string, unknown[]> = {};
  for (const name of WRITTEN) {
    const { data } = await stack.db
      .collection(name)
      .where({})
      .orderBy('_id', 'asc')
      .limit(1000)
      .get();
    all[name] = data as unknown[];
  }
  return JSON.stringify(all);
}

let keys = 0;
/** A fresh idempotency key. */
export const key = (): string => `test-key-${(++keys).toString().padStart(6, '0')}`;

/** The China date `days` from now, as the campaign form takes it. */
export const inDays = (days: number): string =>
  formatChina(Date.now() + days * 86_400_000, 'YYYY-MM-DD');

export interface World {
  estate: DemoEstate;
  fundId: string;
  campaignId: string;
  /** Committee members A, B, C; a resident; a building lead; the staff member. */
  a: string;
  b: string;
  c: string;
  resident: string;
  lead: string;
  staff: string;
  as(openid?: string): ReturnType<typeof client>;
  /** A member's donation, paid on WeChat's sheet (the fund takes the callback); answers the order id. */
  give(
    openid: string,
    amountFen: number,
    opts?: { anonymous?: boolean; name?: string },
  ): Promise<string>;
  /** An offline gift recorded by A and confirmed by B; answers the record id. */
  giveOffline(amountFen: number, donorName?: string): Promise<string>;
  /** The donor pays (or the bank declines) on WeChat's sheet; WeChat calls the fund back. */
  pay(openid: string, payment: PayRequest | undefined, outcome?: 'paid' | 'failed'): Promise<void>;
  /** The donor pays, and WeChat's first callback is lost on the way (`callback` sends it again). */
  payLosingCallback(openid: string, payment: PayRequest | undefined): Promise<void>;
  /** WeChat's callback for a paid order, sent (again) to the fund: answers the callback protocol. */
  callback(orderId: string, amountFen: number): Promise<unknown>;
}

export async function fundWorld(stack: Stack, id: string, units = 30): Promise<World> {
  const estate = await seedEstate(stack.db, sizedEstate(id, units));
  const url = stack.cloudbase.url;
  const as = (openid?: string) => client(url, openid);
  const [a, b, c] = estate.committee;
  const { fundId } = ok(
    await as(a).call('fund', 'createFund', { estateId: estate.estateId, name: '糖果甜蜜基金' }),
  );
  const { id: campaignId } = ok(
    await as(a).call('fund', 'createCampaign', {
      fundId,
      title: '寻回后山公园',
      purpose: '修葺后山公园的山间小路和花圃',
      goalFen: 3_000_000,
      deadline: inDays(30),
    }),
  );
  const pay = async (
    openid: string,
    payment: PayRequest | undefined,
    outcome: 'paid' | 'failed' = 'paid',
  ) => {
    const paid = await requestPayment(url, openid, payment, outcome);
    if ((paid.status === 200) !== (outcome === 'paid')) throw new Error(paid.errMsg);
  };

  return {
    estate,
    fundId,
    campaignId,
    a,
    b,
    c,
    resident: estate.residents[0],
    lead: estate.leads[0],
    staff: estate.staff[0],
    as,
    pay,
    async payLosingCallback(openid, payment) {
      const paid = await requestPayment(url, openid, payment, 'paid', false);
      if (paid.status !== 200) throw new Error(paid.errMsg);
    },
    async callback(orderId, amountFen) {
      return (await postFn(url, 'fund', paidNotice(orderId, amountFen))).result;
    },
    async give(openid, amountFen, opts = {}) {
      const { orderId, payment } = ok(
        await as(openid).call('fund', 'donate', {
          campaignId,
          amountFen,
          anonymous: opts.anonymous ?? false,
          ...(opts.name ? { name: opts.name } : {}),
          idempotencyKey: key(),
        }),
      );
      await pay(openid, payment);
      return orderId;
    },
    async giveOffline(amountFen, donorName) {
      const record = ok(
        await as(a).call('fund', 'recordOffline', {
          campaignId,
          amountFen,
          channel: 'cash',
          anonymous: !donorName,
          ...(donorName ? { donorName } : {}),
          photos: [localFileId('cash-receipt.jpg')],
          idempotencyKey: key(),
        }),
      );
      ok(await as(b).call('fund', 'confirmOffline', { donationId: record.id }));
      return record.id;
    },
  };
}
