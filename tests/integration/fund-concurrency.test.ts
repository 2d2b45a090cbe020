/**
 * Exactness under contention: every confirmation appends to one ledger, so concurrent donations
 * race for the fund's head. Nothing may be lost or counted twice.
 */
import { Collections } from '../../core/collections';
import type { CampaignDoc, FundDoc } from '../../core/fund/model';
import { startStack, type Stack } from '../../local/stack';
import { localFileId } from '../../local/storage';
import { fundWorld, key, ok, type World } from './fund-support';

let stack: Stack;
let w: World;
beforeAll(async () => {
  stack = await startStack();
  w = await fundWorld(stack, 'fund-burst', 60);
});
afterAll(() => stack.close());

const doc = async <T>(collection: string, id: string): Promise<T> =>
  ((await stack.db.collection(collection).doc(id).get()).data as T[])[0];

it('totals 50 concurrent donations to one campaign exactly', async () => {
  const donors = w.estate.units.flatMap((u) => (u.openid ? [u.openid] : [])).slice(0, 50);
  const amounts = donors.map((_, i) => 100 * (i + 1) + i);
  await Promise.all(
    donors.map((openid, i) => w.give(openid, amounts[i], { anonymous: i % 4 === 0 })),
  );
  const total = amounts.reduce((a, b) => a + b, 0);

  const fund = await doc<FundDoc>(Collections.funds, w.fundId);
  const campaign = await doc<CampaignDoc>(Collections.fundCampaigns, w.campaignId);
  expect(fund).toMatchObject({ seq: 50, balanceFen: total, totalInFen: total });
  expect(campaign).toMatchObject({ raisedFen: total, donationCount: 50 });
  const check = ok(await w.as(w.resident).call('fund', 'verifyLedger', { fundId: w.fundId }));
  expect(check).toMatchObject({ ok: true, entries: 50, balanceFen: total });
  const entries = await stack.db
    .collection(Collections.fundLedger)
    .where({ fundId: w.fundId })
    .limit(100)
    .get();
  const refs = (entries.data as Array<{ ref: string }>).map((e) => e.ref);
  expect(new Set(refs).size).toBe(50);
  const view = ok(await w.as(w.resident).call('fund', 'campaign', { campaignId: w.campaignId }));
  expect(view.donorCount).toBe(50);
});

it('makes one order of ten simultaneous requests with one idempotency key', async () => {
  const req = {
    campaignId: w.campaignId,
    amountFen: 1_000,
    anonymous: false,
    idempotencyKey: key(),
  };
  const answers = await Promise.all(
    Array.from({ length: 10 }, () => w.as(w.lead).call('fund', 'donate', req)),
  );
  const ids = new Set(answers.map((a) => ok(a).orderId));
  expect(ids.size).toBe(1);
  const [orderId] = ids;
  expect(
    (await stack.db.collection(Collections.fundDonations).where({ _id: orderId }).count()).total,
  ).toBe(1);
  const audits = await stack.db
    .collection(Collections.auditLog)
    .where({ action: 'fund.donate', target: orderId })
    .count();
  expect(audits.total).toBe(1);
});

it('credits once when WeChat, its first callback lost, sends it ten times at once', async () => {
  const before = await doc<FundDoc>(Collections.funds, w.fundId);
  const { orderId, payment } = ok(
    await w.as(w.c).call('fund', 'donate', {
      campaignId: w.campaignId,
      amountFen: 8_888,
      anonymous: false,
      idempotencyKey: key(),
    }),
  );
  await w.payLosingCallback(w.c, payment);
  const answers = await Promise.all(Array.from({ length: 10 }, () => w.callback(orderId, 8_888)));
  expect(answers).toEqual(Array(10).fill({ errcode: 0, errmsg: '' }));
  const after = await doc<FundDoc>(Collections.funds, w.fundId);
  expect(after.seq).toBe(before.seq + 1);
  expect(after.balanceFen).toBe(before.balanceFen + 8_888);
});

it('approves at most what the fund holds when two approvals race', async () => {
  const { balanceFen } = await doc<FundDoc>(Collections.funds, w.fundId);
  const half = Math.floor(balanceFen / 2) + 1; // two of these overdraw, one does not
  const submit = async () =>
    ok(
      await w.as(w.a).call('fund', 'submitExpense', {
        fundId: w.fundId,
        amountFen: half,
        payee: '园林公司',
        purpose: '后山公园绿化',
        receipts: [localFileId('quote.jpg')],
        idempotencyKey: key(),
      }),
    ).id;
  const [x, y] = [await submit(), await submit()];
  const answers = await Promise.all([
    w.as(w.b).call('fund', 'approveExpense', { expenseId: x }),
    w.as(w.c).call('fund', 'approveExpense', { expenseId: y }),
  ]);
  expect(answers.filter((a) => a.result.ok)).toHaveLength(1);
  expect(answers.find((a) => !a.result.ok)?.result).toMatchObject({
    code: 'CONFLICT',
    message: expect.stringContaining('基金余额不足'),
  });
  const after = await doc<FundDoc>(Collections.funds, w.fundId);
  expect(after.balanceFen).toBe(balanceFen - half);
  expect(ok(await w.as(w.b).call('fund', 'verifyLedger', { fundId: w.fundId })).ok).toBe(true);
});

it('keeps every total exact when offline confirmations, donations and an expense interleave', async () => {
  const before = await doc<FundDoc>(Collections.funds, w.fundId);
  const records = await Promise.all(
    [1, 2, 3, 4, 5].map(async (n) =>
      ok(
        await w.as(w.a).call('fund', 'recordOffline', {
          campaignId: w.campaignId,
          amountFen: 10_000 * n,
          channel: 'cash',
          anonymous: true,
          photos: [localFileId('cash.jpg')],
          idempotencyKey: key(),
        }),
      ),
    ),
  );
  const expense = ok(
    await w.as(w.a).call('fund', 'submitExpense', {
      fundId: w.fundId,
      amountFen: 1_000,
      payee: '五金店',
      purpose: '手套和垃圾袋',
      receipts: [localFileId('r.jpg')],
      idempotencyKey: key(),
    }),
  );
  const residents = w.estate.residents.slice(0, 10);
  await Promise.all([
    ...records.map((r) => w.as(w.b).call('fund', 'confirmOffline', { donationId: r.id })),
    ...residents.map((openid) => w.give(openid, 500)),
    w.as(w.c).call('fund', 'approveExpense', { expenseId: expense.id }),
  ]);
  const after = await doc<FundDoc>(Collections.funds, w.fundId);
  expect(after.seq).toBe(before.seq + 5 + 10 + 1);
  expect(after.balanceFen).toBe(before.balanceFen + 150_000 + 5_000 - 1_000);
  const check = ok(await w.as(w.b).call('fund', 'verifyLedger', { fundId: w.fundId }));
  expect(check.ok).toBe(true);
  expect(check.campaigns.every((c) => c.ok)).toBe(true);
});
