import { Collections } from '../../core/collections';
import { activityId } from '../../core/fund/ids';
import type { CampaignDoc, DonationDoc, FundDoc } from '../../core/fund/model';
import { randomUUID } from 'node:crypto';
import { FunctionRunner } from '../../local/runner';
import { LOCAL_SETTINGS } from '../../local/settings';
import { LOCAL_ENV_ID, startStack, type Stack } from '../../local/stack';
import { localFileId } from '../../local/storage';
import type { Result } from '../../typings/api';
import { paidNotice, postFn, requestPayment } from '../support/gateway';
import { fundWorld, inDays, key, ok, refusal, snapshot, type World } from './fund-support';

let stack: Stack;
let w: World;
beforeAll(async () => {
  stack = await startStack();
  w = await fundWorld(stack, 'fund-main');
});
afterAll(() => stack.close());

const doc = async <T>(collection: string, id: string): Promise<T> =>
  ((await stack.db.collection(collection).doc(id).get()).data as T[])[0];
const campaign = () => doc<CampaignDoc>(Collections.fundCampaigns, w.campaignId);
const fund = () => doc<FundDoc>(Collections.funds, w.fundId);

/** Runs `act`, expects a refusal with `code`, and that nothing at all was written. */
async function refusedWithoutWrites(code: string, act: () => Promise<{ result: unknown }>) {
  const before = await snapshot(stack);
  const answer = await act();
  expect(answer.result).toMatchObject({ ok: false, code, message: expect.any(String) });
  expect(await snapshot(stack)).toBe(before);
  return answer.result as { message: string; field?: string };
}

describe('campaigns', () => {
  it('puts an open campaign on the home feed with its progress', async () => {
    await w.give(w.resident, 12_345_00);
    const home = ok(await w.as(w.resident).call('community', 'home', {}));
    expect(home.activities).toContainEqual(
      expect.objectContaining({
        kind: 'campaign',
        id: activityId(w.campaignId),
        title: '寻回后山公园',
        status: expect.stringMatching(/^已筹 ¥[\d,]+ \/ ¥30,000$/),
      }),
    );
    expect(home.open.campaign).toBeGreaterThanOrEqual(1);
  });

  it('refuses a campaign from a resident, a past deadline and a tiny goal, writing nothing', async () => {
    const valid = {
      fundId: w.fundId,
      title: '篮球场翻新',
      purpose: '更换篮球架',
      goalFen: 500_000,
      deadline: inDays(10),
    };
    const byResident = await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.resident).call('fund', 'createCampaign', valid),
    );
    expect(byResident.message).toBe('只有业委会成员或社区工作人员可以发起募捐');
    const past = await refusedWithoutWrites('INVALID_INPUT', () =>
      w.as(w.a).call('fund', 'createCampaign', { ...valid, deadline: '2020-01-01' }),
    );
    expect(past).toMatchObject({ field: 'deadline', message: '截止日期不能早于今天' });
    await refusedWithoutWrites('INVALID_INPUT', () =>
      w.as(w.a).call('fund', 'createCampaign', { ...valid, goalFen: 9_999 }),
    );
  });

  it('shows progress, donor count and donors, anonymous ones as 匿名 to everyone but the donor', async () => {
    const donor = w.estate.residents[1];
    await w.give(donor, 8_800, { anonymous: true, name: '真名不该出现' });
    await w.give(donor, 1_200, { name: '冼女士' });
    await w.giveOffline(20_000, '王伯');
    await w.giveOffline(5_000); // anonymous cash, no name at all

    const seen = ok(
      await w.as(w.estate.residents[2]).call('fund', 'campaign', { campaignId: w.campaignId }),
    );
    const c = await campaign();
    expect(seen.campaign).toMatchObject({
      raisedFen: c.raisedFen,
      donationCount: c.donationCount,
      goalFen: 3_000_000,
      progressPercent: Math.floor((c.raisedFen * 100) / 3_000_000),
      accepting: true,
    });
    expect(seen.donorCount).toBe(4); // resident[0], resident[1], 王伯, one anonymous cash gift
    expect(seen.donors.slice(0, 4).map((d) => [d.name, d.amountFen, d.channelLabel])).toEqual([
      ['匿名', 5_000, '现金'],
      ['王伯', 20_000, '现金'],
      ['冼女士', 1_200, '微信支付'],
      ['匿名', 8_800, '微信支付'],
    ]);
    expect(JSON.stringify(seen)).not.toContain('真名不该出现');
    expect(seen.donors.every((d) => !d.mine)).toBe(true);

    const own = ok(await w.as(donor).call('fund', 'campaign', { campaignId: w.campaignId }));
    expect(own.donors.filter((d) => d.mine).map((d) => d.amountFen)).toEqual([1_200, 8_800]);
    expect(JSON.stringify(own)).not.toContain('真名不该出现');

    for (const view of [
      await w.as(w.lead).call('fund', 'ledger', { fundId: w.fundId }),
      await w.as(w.lead).call('fund', 'exportLedger', { fundId: w.fundId }),
      await w.as(w.lead).call('fund', 'fund', { fundId: w.fundId }),
      await w.as(w.a).call('fund', 'offlineRecords', { fundId: w.fundId, status: 'all' }),
    ])
      expect(JSON.stringify(view.result)).not.toMatch(/真名不该出现|demo-fund-main/);
  });

  it('takes no donation once closed, and leaves the home feed', async () => {
    const { id } = ok(
      await w.as(w.a).call('fund', 'createCampaign', {
        fundId: w.fundId,
        title: '补种花圃',
        purpose: '轮胎花圃补种',
        goalFen: 100_000,
        deadline: inDays(5),
      }),
    );
    ok(await w.as(w.staff).call('fund', 'closeCampaign', { campaignId: id }));
    expect(await doc(Collections.activities, activityId(id))).toMatchObject({
      open: false,
      status: '已结束 · 共筹 ¥0',
    });
    const refused = await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.resident).call('fund', 'donate', {
        campaignId: id,
        amountFen: 1_000,
        anonymous: false,
        idempotencyKey: key(),
      }),
    );
    expect(refused.message).toContain('已经结束');
  });
});

describe('online donations', () => {
  it('credits a donation once however often the same request is sent', async () => {
    const before = (await campaign()).raisedFen;
    const req = {
      campaignId: w.campaignId,
      amountFen: 6_600,
      anonymous: false,
      idempotencyKey: key(),
    };
    const first = ok(await w.as(w.resident).call('fund', 'donate', req));
    const again = ok(await w.as(w.resident).call('fund', 'donate', req));
    // The same order and prepay; WeChat signs each answer afresh (nonce, paySign).
    expect(again).toMatchObject({
      orderId: first.orderId,
      status: first.status,
      amountFen: first.amountFen,
      payment: { params: { package: first.payment?.params.package } },
    });
    expect(first).toMatchObject({
      status: 'pending',
      payment: { provider: 'wechatpay', params: { package: expect.stringMatching(/^prepay_id=/) } },
    });
    await w.pay(w.resident, first.payment);
    // After paying, the same request answers the settled order and asks for no payment.
    const settled = ok(await w.as(w.resident).call('fund', 'donate', req));
    expect(settled).toEqual({ orderId: first.orderId, status: 'paid', amountFen: 6_600 });
    expect((await campaign()).raisedFen).toBe(before + 6_600);
    const orders = await stack.db
      .collection(Collections.fundDonations)
      .where({ _id: first.orderId })
      .count();
    expect(orders.total).toBe(1);
  });

  it('refuses the same key with another amount, writing nothing', async () => {
    const req = {
      campaignId: w.campaignId,
      amountFen: 1_000,
      anonymous: false,
      idempotencyKey: key(),
    };
    ok(await w.as(w.resident).call('fund', 'donate', req));
    await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.resident).call('fund', 'donate', { ...req, amountFen: 2_000 }),
    );
  });

  it('credits once for repeated payment callbacks, each answered { errcode: 0 }', async () => {
    const { fundId } = w;
    const before = await fund();
    const { orderId, payment } = ok(
      await w.as(w.lead).call('fund', 'donate', {
        campaignId: w.campaignId,
        amountFen: 50_000,
        anonymous: false,
        idempotencyKey: key(),
      }),
    );
    await w.pay(w.lead, payment);
    // WeChat sends the same result again (it did not hear the answer), in turn and at once.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await w.callback(orderId, 50_000));
    answers.push(...(await Promise.all([1, 2, 3].map(() => w.callback(orderId, 50_000)))));
    expect(answers).toEqual(Array(6).fill({ errcode: 0, errmsg: '' }));
    const after = await fund();
    expect(after.seq).toBe(before.seq + 1);
    expect(after.balanceFen).toBe(before.balanceFen + 50_000);
    const entries = await stack.db
      .collection(Collections.fundLedger)
      .where({ fundId, ref: orderId })
      .count();
    expect(entries.total).toBe(1);
  });

  it('credits nothing for a notice WeChat Pay does not confirm, and asks for it again', async () => {
    const { orderId } = ok(
      await w.as(w.lead).call('fund', 'donate', {
        campaignId: w.campaignId,
        amountFen: 3_000,
        anonymous: false,
        idempotencyKey: key(),
      }),
    );
    const before = await snapshot(stack);
    // "Paid", says the event; not paid, says WeChat Pay: the order stays pending, not failed.
    expect((await postFn(stack.cloudbase.url, 'fund', paidNotice(orderId, 3_000))).result).toEqual({
      errcode: 1,
      errmsg: '微信支付尚未收到这笔付款',
    });
    const unknown = paidNotice('d0000000000000000000000000000000', 100);
    expect((await postFn(stack.cloudbase.url, 'fund', unknown)).result).toMatchObject({
      errcode: 1,
    });
    expect(await snapshot(stack)).toBe(before);
  });

  it('refuses a payment notice from a person (only the platform calls back)', async () => {
    const { orderId } = ok(
      await w.as(w.lead).call('fund', 'donate', {
        campaignId: w.campaignId,
        amountFen: 3_000,
        anonymous: false,
        idempotencyKey: key(),
      }),
    );
    const before = await snapshot(stack);
    const forged = await postFn(stack.cloudbase.url, 'fund', paidNotice(orderId, 3_000), {
      openid: w.lead,
    });
    expect(forged.result).toMatchObject({ errcode: 1 });
    const direct = await postFn(
      stack.cloudbase.url,
      'fund',
      { action: 'payCallback', ...paidNotice(orderId, 3_000) },
      { openid: w.lead },
    );
    expect(direct.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await snapshot(stack)).toBe(before);
  });

  it('marks a declined payment failed, and credits the same order paid on a second try', async () => {
    const req = {
      campaignId: w.campaignId,
      amountFen: 2_500,
      anonymous: false,
      idempotencyKey: key(),
    };
    const { orderId, payment } = ok(await w.as(w.resident).call('fund', 'donate', req));
    const before = await fund();
    await w.pay(w.resident, payment, 'failed');
    expect(ok(await w.as(w.resident).call('fund', 'donate', req))).toMatchObject({
      orderId,
      status: 'failed',
      payment: { provider: 'wechatpay' },
    });
    expect((await fund()).seq).toBe(before.seq);
    // Paying after a failure (a retry in WeChat) still credits: the money arrived.
    await w.pay(w.resident, payment);
    expect(ok(await w.as(w.resident).call('fund', 'donate', req))).toEqual({
      orderId,
      status: 'paid',
      amountFen: 2_500,
    });
    expect((await fund()).balanceFen).toBe(before.balanceFen + 2_500);
  });

  it.each([
    [{ amountFen: 99 }, 'amountFen'],
    [{ amountFen: 5_000_001 }, 'amountFen'],
    [{ amountFen: 100.5 }, 'amountFen'],
    [{ amountFen: '1000' }, 'amountFen'],
    [{ anonymous: 'yes' }, 'anonymous'],
    [{ idempotencyKey: 'short' }, 'idempotencyKey'],
    [{ campaignId: { $ne: null } }, 'campaignId'],
    [{ openid: 'someone-else' }, 'openid'],
  ])('refuses %p as INVALID_INPUT on %s, writing nothing', async (patch, field) => {
    const event = {
      action: 'donate',
      campaignId: w.campaignId,
      amountFen: 1_000,
      anonymous: false,
      idempotencyKey: key(),
      ...patch,
    };
    const answer = await refusedWithoutWrites('INVALID_INPUT', () =>
      postFn(stack.cloudbase.url, 'fund', event, { openid: w.resident }),
    );
    expect(answer.field).toBe(field);
  });

  it('lists my donations with their status, and what I have given in all', async () => {
    const me = w.estate.residents[3];
    await w.give(me, 1_000);
    const { orderId } = ok(
      await w.as(me).call('fund', 'donate', {
        campaignId: w.campaignId,
        amountFen: 2_000,
        anonymous: true,
        idempotencyKey: key(),
      }),
    );
    const mine = ok(await w.as(me).call('fund', 'myDonations', { estateId: w.estate.estateId }));
    expect(mine.donations.map((d) => [d.amountFen, d.statusLabel])).toEqual([
      [2_000, '待支付'],
      [1_000, '已到账'],
    ]);
    expect(mine.donations[0]).toMatchObject({ id: orderId, anonymous: true });
    expect(mine.totalGivenFen).toBe(1_000);
  });
});

describe('offline donations', () => {
  const record = (amountFen = 30_000) =>
    w.as(w.a).call('fund', 'recordOffline', {
      campaignId: w.campaignId,
      amountFen,
      channel: 'transfer',
      donorName: '3栋业主',
      anonymous: false,
      photos: [localFileId('transfer-screenshot.png')],
      note: '银行转账',
      idempotencyKey: key(),
    });

  it('credits only after a second committee member confirms', async () => {
    const before = await fund();
    const rec = ok(await record());
    expect(rec).toMatchObject({ status: 'recorded', mine: true, donorName: '3栋业主' });
    expect((await fund()).balanceFen).toBe(before.balanceFen);
    const pending = ok(await w.as(w.b).call('fund', 'offlineRecords', { fundId: w.fundId }));
    expect(pending.records.map((r) => r.id)).toContain(rec.id);

    const self = await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.a).call('fund', 'confirmOffline', { donationId: rec.id }),
    );
    expect(self.message).toContain('不能复核自己登记的捐款');
    await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.resident).call('fund', 'confirmOffline', { donationId: rec.id }),
    );

    const confirmed = ok(await w.as(w.b).call('fund', 'confirmOffline', { donationId: rec.id }));
    expect(confirmed).toMatchObject({ status: 'confirmed', mine: false });
    expect((await fund()).balanceFen).toBe(before.balanceFen + 30_000);
    await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.c).call('fund', 'confirmOffline', { donationId: rec.id }),
    );
  });

  it('lets B send a wrong record back with a reason, and never credits it', async () => {
    const before = await fund();
    const rec = ok(await record(99_900));
    await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.a).call('fund', 'rejectOffline', { donationId: rec.id, reason: '金额不对' }),
    );
    const rejected = ok(
      await w
        .as(w.b)
        .call('fund', 'rejectOffline', { donationId: rec.id, reason: '照片上是 999 元' }),
    );
    expect(rejected).toMatchObject({ status: 'rejected', reason: '照片上是 999 元' });
    await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.c).call('fund', 'confirmOffline', { donationId: rec.id }),
    );
    expect((await fund()).balanceFen).toBe(before.balanceFen);
  });

  it('needs a photo, and a name unless anonymous', async () => {
    const valid = {
      campaignId: w.campaignId,
      amountFen: 1_000,
      channel: 'cash' as const,
      anonymous: false,
      donorName: '李姐',
      photos: [localFileId('a.jpg')],
      idempotencyKey: key(),
    };
    await refusedWithoutWrites('INVALID_INPUT', () =>
      w.as(w.a).call('fund', 'recordOffline', { ...valid, photos: [] }),
    );
    await refusedWithoutWrites('INVALID_INPUT', () =>
      w.as(w.a).call('fund', 'recordOffline', { ...valid, donorName: undefined }),
    );
    await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.lead).call('fund', 'recordOffline', valid),
    );
  });
});

describe('expenses', () => {
  const submit = (amountFen: number, by = w.a) =>
    w.as(by).call('fund', 'submitExpense', {
      fundId: w.fundId,
      amountFen,
      payee: '里水镇建材店',
      purpose: '山间小路铺设瓷砖',
      receipts: [localFileId('invoice-001.jpg')],
      campaignId: w.campaignId,
      idempotencyKey: key(),
    });

  it('refuses one that would overdraw the fund, writing nothing', async () => {
    const { balanceFen } = await fund();
    const exp = ok(await submit(balanceFen + 1));
    const refused = await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.b).call('fund', 'approveExpense', { expenseId: exp.id }),
    );
    expect(refused.message).toContain('基金余额不足');
  });

  it('pays only after another member approves; approval writes the ledger entry', async () => {
    const before = await fund();
    const exp = ok(await submit(10_000));
    expect(exp).toMatchObject({ status: 'submitted', mine: true });
    const self = await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.a).call('fund', 'approveExpense', { expenseId: exp.id }),
    );
    expect(self.message).toContain('不能审批自己提交的支出');
    await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.lead).call('fund', 'approveExpense', { expenseId: exp.id }),
    );
    await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.a).call('fund', 'markPaid', { expenseId: exp.id }),
    );

    const approved = ok(await w.as(w.b).call('fund', 'approveExpense', { expenseId: exp.id }));
    expect(approved).toMatchObject({ status: 'approved', ledgerSeq: before.seq + 1 });
    const after = await fund();
    expect(after.balanceFen).toBe(before.balanceFen - 10_000);
    expect(after.totalOutFen).toBe(before.totalOutFen + 10_000);
    const page = ok(await w.as(w.resident).call('fund', 'ledger', { fundId: w.fundId, limit: 1 }));
    expect(page.entries[0]).toMatchObject({
      kind: 'expense',
      amountFen: -10_000,
      balanceFen: after.balanceFen,
      counterparty: '里水镇建材店',
      memo: '山间小路铺设瓷砖',
    });
    await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.c).call('fund', 'approveExpense', { expenseId: exp.id }),
    );
    const paid = ok(
      await w
        .as(w.a)
        .call('fund', 'markPaid', { expenseId: exp.id, proof: [localFileId('paid.jpg')] }),
    );
    expect(paid).toMatchObject({ status: 'paid', proof: [localFileId('paid.jpg')] });
    // The campaign's raised total is what was given, not what is left.
    const listed = ok(await w.as(w.resident).call('fund', 'expenses', { fundId: w.fundId }));
    expect(listed.expenses.find((e) => e.id === exp.id)).toMatchObject({ statusLabel: '已付款' });
  });

  it('lets another member reject with a reason; a rejected expense is never paid', async () => {
    const exp = ok(await submit(500));
    ok(await w.as(w.c).call('fund', 'rejectExpense', { expenseId: exp.id, reason: '票据不清楚' }));
    await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.b).call('fund', 'approveExpense', { expenseId: exp.id }),
    );
    await refusedWithoutWrites('CONFLICT', () =>
      w.as(w.a).call('fund', 'markPaid', { expenseId: exp.id }),
    );
  });
});

describe('refunds', () => {
  it('refuses to refund an online gift, writing nothing, where WeChat Pay is not set up', async () => {
    const orderId = await w.give(w.estate.residents[5], 1_200);
    // The same fund function, deployed without its merchant id.
    const unset = new FunctionRunner({
      envId: LOCAL_ENV_ID,
      settings: { ...LOCAL_SETTINGS, WXPAY_SUB_MCH_ID: undefined },
    });
    try {
      const before = await snapshot(stack);
      const answer = await unset.invoke(
        'fund',
        { action: 'refundDonation', donationId: orderId, reason: '捐款人要求退回' },
        { openid: w.a },
        randomUUID(),
      );
      expect(answer).toMatchObject({
        ok: false,
        code: 'NOT_SET_UP',
        message: expect.stringContaining('WXPAY_SUB_MCH_ID'),
      });
      expect(await snapshot(stack)).toBe(before);
    } finally {
      await unset.close();
    }
  });

  it('take a gift back with a new entry, never an edit', async () => {
    const orderId = await w.give(w.estate.residents[4], 7_700);
    const before = { fund: await fund(), campaign: await campaign() };
    const entry = await stack.db.collection(Collections.fundLedger).where({ ref: orderId }).get();
    await refusedWithoutWrites('FORBIDDEN', () =>
      w.as(w.resident).call('fund', 'refundDonation', { donationId: orderId, reason: '误捐' }),
    );
    const refund = ok(
      await w
        .as(w.a)
        .call('fund', 'refundDonation', { donationId: orderId, reason: '捐款人要求退回' }),
    );
    expect(refund).toMatchObject({ status: 'refunded', seq: before.fund.seq + 1 });
    expect((await fund()).balanceFen).toBe(before.fund.balanceFen - 7_700);
    expect((await campaign()).raisedFen).toBe(before.campaign.raisedFen - 7_700);
    // The donation's entry is untouched; the refund is the next one.
    const again = await stack.db
      .collection(Collections.fundLedger)
      .where({ ref: orderId })
      .orderBy('seq', 'asc')
      .get();
    expect(again.data[0]).toEqual(entry.data[0]);
    expect(again.data.map((e) => (e as { kind: string }).kind)).toEqual(['donation', 'refund']);
    expect((await doc<DonationDoc>(Collections.fundDonations, orderId)).status).toBe('refunded');
    const check = ok(await w.as(w.resident).call('fund', 'verifyLedger', { fundId: w.fundId }));
    expect(check.ok).toBe(true);
    // A second refund of the same gift moves nothing.
    ok(await w.as(w.a).call('fund', 'refundDonation', { donationId: orderId, reason: '重复点击' }));
    expect((await fund()).balanceFen).toBe(before.fund.balanceFen - 7_700);
  });
});

describe('the ledger', () => {
  it('pages newest first with the running balance', async () => {
    const head = await fund();
    const first = ok(await w.as(w.resident).call('fund', 'ledger', { fundId: w.fundId, limit: 3 }));
    expect(first.entries.map((e) => e.seq)).toEqual([head.seq, head.seq - 1, head.seq - 2]);
    expect(first.entries[0].balanceFen).toBe(head.balanceFen);
    expect(first.entries[0].balanceFen - first.entries[0].amountFen).toBe(
      first.entries[1].balanceFen,
    );
    const next = ok(
      await w.as(w.resident).call('fund', 'ledger', {
        fundId: w.fundId,
        limit: 3,
        beforeSeq: first.nextBeforeSeq,
      }),
    );
    expect(next.entries[0].seq).toBe(head.seq - 3);
  });

  it('verifies: every hash, link and balance recomputes, and each campaign equals its entries', async () => {
    const check = ok(await w.as(w.lead).call('fund', 'verifyLedger', { fundId: w.fundId }));
    const head = await fund();
    expect(check).toMatchObject({
      ok: true,
      entries: head.seq,
      balanceFen: head.balanceFen,
      headHash: head.lastHash,
    });
    expect(check.brokenAt).toBeUndefined();
    expect(check.campaigns.find((c) => c.id === w.campaignId)).toMatchObject({ ok: true });
  });

  it('exports CSV for the notice board, in and out in two columns', async () => {
    const out = ok(await w.as(w.resident).call('fund', 'exportLedger', { fundId: w.fundId }));
    const lines = out.csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('序号,时间,类型,方式,收入（元）,支出（元）,余额（元）,对方,说明,哈希');
    expect(lines).toHaveLength(out.entries + 1);
    expect(lines[1]).toMatch(/^1,\d{4}-\d\d-\d\d \d\d:\d\d,捐款,微信支付,12345\.00,,12345\.00,/);
    expect(out.fileName).toMatch(/^糖果甜蜜基金账本-\d{4}-\d\d-\d\d\.csv$/);
    expect(out.headHash).toBe((await fund()).lastHash);
  });

  it('costs the same round trips to donate and to read whatever the length of the ledger', async () => {
    const measure = async () => {
      const donate = await w.as(w.resident).call('fund', 'donate', {
        campaignId: w.campaignId,
        amountFen: 100,
        anonymous: false,
        idempotencyKey: key(),
      });
      const ledger = await w.as(w.resident).call('fund', 'ledger', { fundId: w.fundId });
      const campaignView = await w
        .as(w.resident)
        .call('fund', 'campaign', { campaignId: w.campaignId });
      const overview = await w.as(w.resident).call('fund', 'fund', { fundId: w.fundId });
      const paid = await requestPayment(stack.cloudbase.url, w.resident, ok(donate).payment);
      return [donate.dbCalls, ledger.dbCalls, campaignView.dbCalls, overview.dbCalls, paid.dbCalls];
    };
    const short = await measure();
    for (let i = 0; i < 40; i++) await w.give(w.estate.residents[i % 10], 100 + i);
    const long = await measure();
    expect(long).toEqual(short);
    expect(short.slice(0, 4)).toEqual([4, 3, 4, 5]);
  });
});

describe('membership', () => {
  it('shows nothing of a fund to members of another estate, or to strangers', async () => {
    const other = await fundWorld(stack, 'fund-other', 10);
    const outsiders = [other.a, other.resident, 'not-bound-anywhere'];
    for (const openid of outsiders) {
      const as = w.as(openid);
      for (const answer of [
        await as.call('fund', 'fund', { fundId: w.fundId }),
        await as.call('fund', 'fund', { estateId: w.estate.estateId }),
        await as.call('fund', 'campaign', { campaignId: w.campaignId }),
        await as.call('fund', 'ledger', { fundId: w.fundId }),
        await as.call('fund', 'verifyLedger', { fundId: w.fundId }),
        await as.call('fund', 'exportLedger', { fundId: w.fundId }),
        await as.call('fund', 'expenses', { fundId: w.fundId }),
        await as.call('fund', 'myDonations', { estateId: w.estate.estateId }),
      ])
        expect(refusal(answer).code).toBe('NOT_MEMBER');
      await refusedWithoutWrites('NOT_MEMBER', () =>
        as.call('fund', 'donate', {
          campaignId: w.campaignId,
          amountFen: 1_000,
          anonymous: false,
          idempotencyKey: key(),
        }),
      );
    }
    // A fund asked for under the wrong estate is not found, even by its own members.
    expect(
      refusal(
        await w.as(w.a).call('fund', 'fund', { fundId: w.fundId, estateId: other.estate.estateId }),
      ).code,
    ).toBe('NOT_FOUND');
  });
});

describe('the scheduler', () => {
  const tick = () =>
    postFn(stack.cloudbase.url, 'scheduler', { action: 'tick' }) as Promise<{
      result: Result<{ done: Record<string, number | string> }>;
    }>;

  it('closes campaigns past their deadline and takes them off the home feed', async () => {
    const { id } = ok(
      await w.as(w.a).call('fund', 'createCampaign', {
        fundId: w.fundId,
        title: '电动车充电桩',
        purpose: '第二批充电桩',
        goalFen: 200_000,
        deadline: inDays(3),
      }),
    );
    await stack.db
      .collection(Collections.fundCampaigns)
      .doc(id)
      .update({ deadline: new Date(Date.now() - 1000) });
    expect(ok(await tick())).toMatchObject({ done: { 'fund.closeDueCampaigns': 1 } });
    expect(await doc<CampaignDoc>(Collections.fundCampaigns, id)).toMatchObject({
      status: 'closed',
    });
    expect(await doc(Collections.activities, activityId(id))).toMatchObject({ open: false });
    expect(ok(await tick())).toMatchObject({ done: { 'fund.closeDueCampaigns': 0 } });
  });

  it('appends a settled gift whose append never happened (a crash in between)', async () => {
    const { orderId } = ok(
      await w.as(w.resident).call('fund', 'donate', {
        campaignId: w.campaignId,
        amountFen: 4_400,
        anonymous: false,
        idempotencyKey: key(),
      }),
    );
    // What a crash right after settling leaves: paid, not in the ledger.
    await stack.db
      .collection(Collections.fundDonations)
      .doc(orderId)
      .update({ status: 'paid', creditedAt: new Date(), settledBy: 'sim' });
    const before = await fund();
    expect(ok(await tick())).toMatchObject({ done: { 'fund.appendWaitingCredits': 1 } });
    expect((await fund()).balanceFen).toBe(before.balanceFen + 4_400);
    expect((await doc<DonationDoc>(Collections.fundDonations, orderId)).inLedger).toBe(true);
    expect(ok(await tick())).toMatchObject({ done: { 'fund.appendWaitingCredits': 0 } });
  });
});
