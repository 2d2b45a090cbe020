/**
 * The ledger is tamper-evident: editing any stored entry directly in the store (bypassing the
 * functions, as someone with console access could) makes verifyLedger point at that entry.
 */
import { Collections } from '../../core/collections';
import { hashEntry } from '../../core/fund/ledger';
import type { LedgerEntryDoc } from '../../core/fund/model';
import { startStack, type Stack } from '../../local/stack';
import { localFileId } from '../../local/storage';
import { fundWorld, key, ok, type World } from './fund-support';

let stack: Stack;
let w: World;
let entries: LedgerEntryDoc[];

beforeAll(async () => {
  stack = await startStack();
  w = await fundWorld(stack, 'fund-tamper', 20);
  const gift = await w.give(w.resident, 20_000);
  await w.give(w.estate.residents[1], 5_000, { anonymous: true });
  await w.giveOffline(30_000, '冼女士');
  const expense = ok(
    await w.as(w.a).call('fund', 'submitExpense', {
      fundId: w.fundId,
      amountFen: 12_000,
      payee: '里水建材店',
      purpose: '山间小路瓷砖',
      receipts: [localFileId('invoice.jpg')],
      idempotencyKey: key(),
    }),
  );
  ok(await w.as(w.b).call('fund', 'approveExpense', { expenseId: expense.id }));
  ok(
    await w.as(w.a).call('fund', 'refundDonation', { donationId: gift, reason: '捐款人要求退回' }),
  );
  await w.give(w.lead, 800);
  const { data } = await stack.db
    .collection(Collections.fundLedger)
    .where({ fundId: w.fundId })
    .orderBy('seq', 'asc')
    .get();
  entries = data as LedgerEntryDoc[];
});
afterAll(() => stack.close());

const ledger = () => stack.db.collection(Collections.fundLedger);
const verify = async () =>
  ok(await w.as(w.resident).call('fund', 'verifyLedger', { fundId: w.fundId }));

/** Applies `edit` to the stored entry, verifies, and puts the original back. */
async function tampered(entry: LedgerEntryDoc, edit: Record<string, unknown>) {
  const { _id, ...original } = entry;
  await ledger()
    .doc(_id)
    .set({ ...original, ...edit });
  try {
    return await verify();
  } finally {
    await ledger().doc(_id).set(original);
  }
}

it('starts from an intact chain of donations, an expense and a refund', async () => {
  expect(entries.map((e) => e.kind)).toEqual([
    'donation',
    'donation',
    'donation',
    'expense',
    'refund',
    'donation',
  ]);
  expect(await verify()).toMatchObject({ ok: true, entries: 6 });
});

const EDITS: Array<[string, (e: LedgerEntryDoc) => Record<string, unknown>]> = [
  ['the amount', (e) => ({ amountFen: e.amountFen * 10 })],
  ['the balance', (e) => ({ balanceFen: e.balanceFen + 1 })],
  ['the donor or payee', () => ({ counterparty: '某人' })],
  ['the purpose', () => ({ memo: '挪作他用' })],
  ['the time', (e) => ({ at: new Date(new Date(e.at).getTime() - 86_400_000) })],
  ['the kind', (e) => ({ kind: e.kind === 'donation' ? 'refund' : 'donation' })],
  ['the hash', () => ({ hash: '0'.repeat(64) })],
  ['the previous hash', () => ({ prevHash: 'f'.repeat(64) })],
  ['an added field', () => ({ approvedBy: '我' })],
];

describe.each(EDITS)('editing %s of an entry', (_what, edit) => {
  it.each([1, 2, 3, 4, 5, 6])('is found at entry %d', async (seq) => {
    const report = await tampered(entries[seq - 1], edit(entries[seq - 1]));
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toEqual({ seq, reason: expect.stringContaining(`第 ${seq} 条`) });
  });
});

it.each([1, 2, 3, 4, 5, 6])(
  'finds entry %d rewritten with a freshly computed hash by its broken link',
  async (seq) => {
    const entry = entries[seq - 1];
    const forged = { ...entry, counterparty: '冒名顶替' };
    const report = await tampered(entry, { counterparty: '冒名顶替', hash: hashEntry(forged) });
    expect(report.brokenAt?.seq).toBe(seq);
  },
);

it.each([2, 6])('finds entry %d deleted', async (seq) => {
  const { _id, ...original } = entries[seq - 1];
  await ledger().doc(_id).remove();
  try {
    expect((await verify()).brokenAt).toEqual({ seq, reason: `第 ${seq} 条记录缺失` });
  } finally {
    await ledger().doc(_id).set(original);
  }
});

it('is intact again once every edit is undone', async () => {
  expect(await verify()).toMatchObject({ ok: true, entries: 6 });
});
