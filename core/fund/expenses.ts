import type { ExpenseRow } from '../../typings/fund';
import { authorize, type Authorized } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { inTransaction } from '../runtime/tx';
import { id, object, optional, string } from '../validate';
import { yuan } from './format';
import { requestId } from './ids';
import type { CampaignDoc, ExpenseDoc, FundDoc } from './model';
import { fen, idempotencyKey, LIMITS, photos, reason, timeCursor } from './schemas';
import { appendEntry, insertOnce, load, loadForUpdate, MISSING } from './store';
import { expenseRow } from './views';
import { photosOf } from '../ports/storage';
import type { IndexDecl } from '../indexes';

/**
 * Expenses (支出): a committee member submits one with receipts; a different member approves
 * it — which writes the ledger entry, refused if it would overdraw — or rejects it; then the
 * payment is marked as handed over.
 */

const SELF_DECISION = '不能审批自己提交的支出，请由另一位业委会成员审批';
const decided = () => new AppError('CONFLICT', '这笔支出已经审批过了');

/** Round trips: fund, membership, [campaign], insert, audit. */
export const submitExpense = command(
  object({
    fundId: id('基金'),
    amountFen: fen('支出金额', 1, LIMITS.expenseMaxFen),
    payee: string('收款方', { max: 60 }),
    purpose: string('用途', { max: 200 }),
    receipts: photos('票据照片', 1),
    campaignId: optional(id('募捐')),
    idempotencyKey,
  }),
  async (ctx, req): Promise<ExpenseRow> => {
    const fund = await load<FundDoc>(ctx, Collections.funds, req.fundId, MISSING.fund);
    const { openid, member } = await authorize(ctx, 'fund.submitExpense', fund.estateId);
    if (req.campaignId) {
      const c = await load<CampaignDoc>(
        ctx,
        Collections.fundCampaigns,
        req.campaignId,
        MISSING.campaign,
      );
      if (c.fundId !== fund._id) throw new AppError('NOT_FOUND', MISSING.campaign);
    }
    const expense: ExpenseDoc = {
      _id: requestId('e', fund._id, openid, req.idempotencyKey),
      estateId: fund.estateId,
      fundId: fund._id,
      campaignId: req.campaignId ?? null,
      amountFen: req.amountFen,
      payee: req.payee,
      purpose: req.purpose,
      receipts: req.receipts,
      status: 'submitted',
      submittedBy: openid,
      submittedByName: member?.displayName ?? '',
      submittedAt: ctx.now,
      decidedBy: null,
      decidedByName: null,
      decidedAt: null,
      reason: null,
      ledgerSeq: null,
      paidBy: null,
      paidAt: null,
      proof: [],
    };
    if (!(await insertOnce(ctx, Collections.fundExpenses, expense))) {
      const existing = await load<ExpenseDoc>(
        ctx,
        Collections.fundExpenses,
        expense._id,
        MISSING.expense,
      );
      if (existing.amountFen !== expense.amountFen)
        throw new AppError('CONFLICT', '这笔支出已经提交过，金额不同；请重新打开提交页');
      return expenseRow(existing, openid);
    }
    await writeAudit(ctx.db, ctx, {
      estateId: fund.estateId,
      actor: openid,
      action: 'fund.submitExpense',
      target: expense._id,
      summary: `提交支出 ${yuan(expense.amountFen)}：${expense.purpose}（收款方 ${expense.payee}）`,
    });
    return expenseRow(expense, openid);
  },
);

const PAGE = 20;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.fundExpenses,
    keys: { fundId: 1, submittedAt: -1 },
    why: "expenses: a fund's expenses, newest first",
  },
];

/** Members: a fund's expenses, newest first (public, as the ledger is). */
export const expenses = command(
  object({ fundId: id('基金'), before: optional(timeCursor) }),
  async (ctx, req) => {
    const fund = await load<FundDoc>(ctx, Collections.funds, req.fundId, MISSING.fund);
    const { openid } = await authorize(ctx, 'fund.expenses', fund.estateId);
    const _ = ctx.db.command;
    const before = req.before;
    const { data } = await ctx.db
      .collection(Collections.fundExpenses)
      .where(before ? { fundId: fund._id, submittedAt: _.lt(before) } : { fundId: fund._id })
      .orderBy('submittedAt', 'desc')
      .limit(PAGE)
      .get();
    const rows = (data as ExpenseDoc[]).map((e) => expenseRow(e, openid));
    const out: { expenses: ExpenseRow[]; next?: string } = { expenses: rows };
    if (rows.length === PAGE) out.next = rows[rows.length - 1].submittedAt;
    return out;
  },
);

/**
 * Members: the receipts and payment proof of an expense (业账社审: every resident may check what
 * the money went to).
 */
export const expensePhotos = command(object({ expenseId: id('支出') }), async (ctx, req) => {
  const expense = await load<ExpenseDoc>(
    ctx,
    Collections.fundExpenses,
    req.expenseId,
    MISSING.expense,
  );
  await authorize(ctx, 'fund.expensePhotos', expense.estateId);
  return { photos: await photosOf(ctx.ports.storage, [...expense.receipts, ...expense.proof]) };
});

/** The expense, the deciding member, and the refusal of deciding one's own, before any write. */
async function forDecision(
  ctx: CommandContext,
  expenseId: string,
  action: 'fund.approveExpense' | 'fund.rejectExpense' | 'fund.markPaid',
): Promise<{ expense: ExpenseDoc; who: Authorized }> {
  const expense = await load<ExpenseDoc>(ctx, Collections.fundExpenses, expenseId, MISSING.expense);
  const who = await authorize(ctx, action, expense.estateId);
  if (action !== 'fund.markPaid' && expense.submittedBy === who.openid)
    throw new AppError('FORBIDDEN', SELF_DECISION);
  return { expense, who };
}

/**
 * Another member approves: one transaction re-reads the expense, appends the ledger entry (the
 * overdraft check runs on the head it reads, so two approvals at once cannot both spend the
 * same balance), records the decision and the audit. A refusal writes nothing. Round trips:
 * expense, membership, then start, expense, audit, head, entry, head update, expense update,
 * commit.
 */
export const approveExpense = command(object({ expenseId: id('支出') }), async (ctx, req) => {
  const { who } = await forDecision(ctx, req.expenseId, 'fund.approveExpense');
  const approved = await inTransaction(ctx.db, async (tx) => {
    const { doc, ref } = await loadForUpdate<ExpenseDoc>(
      tx,
      Collections.fundExpenses,
      req.expenseId,
      MISSING.expense,
    );
    // The same approval again (its answer was lost): the approval it made, not a refusal.
    if (doc.status === 'approved' && doc.decidedBy === who.openid) return doc;
    if (doc.status !== 'submitted') throw decided();
    await writeAudit(tx, ctx, {
      estateId: doc.estateId,
      actor: who.openid,
      action: 'fund.approveExpense',
      target: doc._id,
      summary: `批准支出 ${yuan(doc.amountFen)}：${doc.purpose}`,
    });
    const entry = await appendEntry(tx, ctx.now, doc.fundId, {
      kind: 'expense',
      amountFen: -doc.amountFen,
      campaignId: doc.campaignId,
      ref: doc._id,
      channel: null,
      counterparty: doc.payee,
      memo: doc.purpose,
    });
    const patch = {
      status: 'approved' as const,
      decidedBy: who.openid,
      decidedByName: who.member?.displayName ?? '',
      decidedAt: ctx.now,
      ledgerSeq: entry.seq,
    };
    await ref.update(patch);
    return { ...doc, ...patch };
  });
  return expenseRow(approved, who.openid);
});

/** Another member rejects with a reason. Conditional on the status: never after an approval. */
export const rejectExpense = command(
  object({ expenseId: id('支出'), reason }),
  async (ctx, req) => {
    const { expense, who } = await forDecision(ctx, req.expenseId, 'fund.rejectExpense');
    const patch = {
      status: 'rejected' as const,
      decidedBy: who.openid,
      decidedByName: who.member?.displayName ?? '',
      decidedAt: ctx.now,
      reason: req.reason,
    };
    const { updated } = await ctx.db
      .collection(Collections.fundExpenses)
      .where({ _id: expense._id, status: 'submitted' })
      .update(patch);
    if (!updated) throw decided();
    await writeAudit(ctx.db, ctx, {
      estateId: expense.estateId,
      actor: who.openid,
      action: 'fund.rejectExpense',
      target: expense._id,
      summary: `驳回支出 ${yuan(expense.amountFen)}：${req.reason}`,
    });
    return expenseRow({ ...expense, ...patch }, who.openid);
  },
);

/** Committee: the approved money was handed to the payee (the ledger entry exists already). */
export const markPaid = command(
  object({ expenseId: id('支出'), proof: optional(photos('付款凭证', 0)) }),
  async (ctx, req) => {
    const { expense, who } = await forDecision(ctx, req.expenseId, 'fund.markPaid');
    if (expense.status === 'submitted') throw new AppError('CONFLICT', '这笔支出还没有批准');
    if (expense.status !== 'approved') throw new AppError('CONFLICT', '这笔支出不需要付款');
    const patch = {
      status: 'paid' as const,
      paidBy: who.openid,
      paidAt: ctx.now,
      proof: req.proof ?? [],
    };
    const { updated } = await ctx.db
      .collection(Collections.fundExpenses)
      .where({ _id: expense._id, status: 'approved' })
      .update(patch);
    if (!updated) throw new AppError('CONFLICT', '这笔支出已经登记付款了');
    await writeAudit(ctx.db, ctx, {
      estateId: expense.estateId,
      actor: who.openid,
      action: 'fund.markPaid',
      target: expense._id,
      summary: `已付款 ${yuan(expense.amountFen)} 给 ${expense.payee}`,
    });
    return expenseRow({ ...expense, ...patch }, who.openid);
  },
);
