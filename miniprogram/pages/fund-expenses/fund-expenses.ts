import type { Fail } from '../../../typings/api';
import type { ExpenseRow, ExpenseStatus } from '../../../typings/fund';
import { call } from '../../services/cloud';
import { newRequestKey } from '../../services/payment';
import { choosePhotos, showPhotos } from '../../services/photos';
import { chinaTime, yuan, yuanToFen } from '../fund/present';

const THEME: Record<ExpenseStatus, string> = {
  submitted: 'warning',
  approved: 'primary',
  rejected: 'default',
  paid: 'success',
};

interface ExpenseCard {
  id: string;
  amount: string;
  payee: string;
  purpose: string;
  status: string;
  theme: string;
  facts: string;
  reason: string;
  receiptCount: number;
  /** What the caller may do with it here (the server refuses the rest anyway). */
  decide: boolean;
  pay: boolean;
  waiting: boolean;
}

function card(e: ExpenseRow, manage: boolean): ExpenseCard {
  const facts = [`${e.submittedBy} 提交于 ${chinaTime(e.submittedAt)}`];
  if (e.decidedBy) facts.push(`${e.status === 'rejected' ? '驳回' : '批准'}：${e.decidedBy}`);
  if (e.ledgerSeq) facts.push(`账本第 ${e.ledgerSeq} 条`);
  if (e.paidAt) facts.push(`付款于 ${chinaTime(e.paidAt)}`);
  return {
    id: e.id,
    amount: yuan(e.amountFen),
    payee: e.payee,
    purpose: e.purpose,
    status: e.statusLabel,
    theme: THEME[e.status],
    facts: facts.join(' · '),
    reason: e.reason ?? '',
    receiptCount: e.receipts.length + e.proof.length,
    decide: manage && e.status === 'submitted' && !e.mine,
    pay: manage && e.status === 'approved',
    waiting: manage && e.status === 'submitted' && e.mine,
  };
}

interface Form {
  amount: string;
  payee: string;
  purpose: string;
  receipts: string[];
  error: string;
  saving: boolean;
  key: string;
}

const emptyForm = (): Form => ({
  amount: '',
  payee: '',
  purpose: '',
  receipts: [],
  error: '',
  saving: false,
  key: newRequestKey(),
});

interface ExpensesPage {
  fundId: string;
  loading: boolean;
  error: Fail | null;
  manage: boolean;
  balance: string;
  cards: ExpenseCard[];
  form: Form;
  acting: string;
}

type Tap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>;
type Change = WechatMiniprogram.CustomEvent<{ value: string }>;

/**
 * A fund's expenses: public to members; committee members submit with receipts, and another
 * member approves (the ledger entry is written then; refused if it would overdraw) or rejects.
 */
// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    fundId: '',
    loading: true,
    error: null,
    manage: false,
    balance: '',
    cards: [],
    form: emptyForm(),
    acting: '',
  } as ExpensesPage,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ fundId: query.fundId ?? '' });
      return this.load();
    },

    /** The receipts and payment proof, full screen: what the money went to. */
    async onViewReceipts(
      e: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>,
    ) {
      const res = await call('fund', 'expensePhotos', { expenseId: e.currentTarget.dataset.id });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      showPhotos(res.data.photos);
    },

    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      this.setData({ loading: true, error: null });
      const [overview, list] = await Promise.all([
        call('fund', 'fund', { fundId: this.data.fundId }),
        call('fund', 'expenses', { fundId: this.data.fundId }),
      ]);
      if (!overview.ok || !list.ok) {
        this.setData({ loading: false, error: !overview.ok ? overview : (list as Fail) });
        return;
      }
      const manage = overview.data.can.manage;
      this.setData({
        loading: false,
        manage,
        balance: yuan(overview.data.fund.balanceFen),
        cards: list.data.expenses.map((e) => card(e, manage)),
      });
    },

    onAmount(e: Change) {
      this.setData({ 'form.amount': e.detail.value, 'form.error': '' });
    },

    onPayee(e: Change) {
      this.setData({ 'form.payee': e.detail.value });
    },

    onPurpose(e: Change) {
      this.setData({ 'form.purpose': e.detail.value });
    },

    async onReceipts() {
      const added = await choosePhotos('fund/receipts', 9 - this.data.form.receipts.length);
      this.setData({
        'form.receipts': [...this.data.form.receipts, ...added.map((p) => p.fileId)],
      });
    },

    async onSubmit() {
      const f = this.data.form;
      if (f.saving) return;
      const amountFen = yuanToFen(f.amount);
      if (!amountFen) {
        this.setData({ 'form.error': '请输入金额，最多两位小数' });
        return;
      }
      this.setData({ 'form.saving': true, 'form.error': '' });
      const res = await call('fund', 'submitExpense', {
        fundId: this.data.fundId,
        amountFen,
        payee: f.payee,
        purpose: f.purpose,
        receipts: f.receipts,
        idempotencyKey: f.key,
      });
      if (!res.ok) {
        this.setData({ 'form.saving': false, 'form.error': res.message });
        return;
      }
      wx.showToast({ title: '已提交，请另一位委员审批', icon: 'none' });
      this.setData({ form: emptyForm() });
      await this.load();
    },

    async act(id: string, run: () => ReturnType<typeof call>, done: string) {
      if (this.data.acting) return;
      this.setData({ acting: id });
      const res = await run();
      this.setData({ acting: '' });
      wx.showToast({ title: res.ok ? done : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) await this.load();
    },

    onApprove(e: Tap) {
      const expenseId = e.currentTarget.dataset.id;
      return this.act(expenseId, () => call('fund', 'approveExpense', { expenseId }), '已批准');
    },

    async onReject(e: Tap) {
      const expenseId = e.currentTarget.dataset.id;
      const answer = await wx.showModal({
        title: '驳回这笔支出',
        editable: true,
        placeholderText: '驳回理由，例如：票据不清楚',
      });
      const reason = (answer.content ?? '').trim();
      if (!answer.confirm || !reason) return;
      await this.act(
        expenseId,
        () => call('fund', 'rejectExpense', { expenseId, reason }),
        '已驳回',
      );
    },

    onPaid(e: Tap) {
      const expenseId = e.currentTarget.dataset.id;
      return this.act(expenseId, () => call('fund', 'markPaid', { expenseId }), '已登记付款');
    },

    onRetry() {
      return this.load();
    },
  },
});
