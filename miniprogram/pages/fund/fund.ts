import type { Fail } from '../../../typings/api';
import type { FundOverview, LedgerEntry } from '../../../typings/fund';
import { call } from '../../services/cloud';
import { chinaTime, shortHash, signedYuan, yuan } from './present';

/** A ledger line as shown: what, with whom, how much, and the balance after it. */
export interface EntryRow {
  seq: number;
  title: string;
  memo: string;
  amount: string;
  incoming: boolean;
  balance: string;
  time: string;
}

export const entryRow = (e: LedgerEntry): EntryRow => ({
  seq: e.seq,
  title: `${e.kindLabel} · ${e.counterparty}`,
  memo: e.memo,
  amount: signedYuan(e.amountFen),
  incoming: e.amountFen > 0,
  balance: yuan(e.balanceFen),
  time: chinaTime(e.at),
});

interface FundView {
  loading: boolean;
  error: Fail | null;
  overview: FundOverview | null;
  money: { balance: string; totalIn: string; totalOut: string; headHash: string };
  campaigns: Array<{
    id: string;
    title: string;
    statusLine: string;
    percent: number;
    note: string;
  }>;
  entries: EntryRow[];
  nextBeforeSeq: number;
  loadingMore: boolean;
  /** The verification's outcome in words; empty until asked. */
  check: { ok: boolean; text: string } | null;
  checking: boolean;
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    loading: true,
    error: null,
    overview: null,
    money: { balance: '', totalIn: '', totalOut: '', headHash: '' },
    campaigns: [],
    entries: [],
    nextBeforeSeq: 0,
    loadingMore: false,
    check: null,
    checking: false,
  } as FundView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      return this.load(query.estateId, query.fundId);
    },

    /** Back from a campaign or a committee page: balances may have moved. */
    onShow() {
      const o = this.data.overview;
      return o ? this.load(o.fund.estateId, o.fund.id) : undefined;
    },

    onPullDownRefresh() {
      const o = this.data.overview;
      return this.load(o?.fund.estateId, o?.fund.id).then(() => wx.stopPullDownRefresh());
    },

    async load(estateId?: string, fundId?: string) {
      this.setData({ loading: true, error: null });
      const req: { estateId?: string; fundId?: string } = {};
      if (estateId) req.estateId = estateId;
      if (fundId) req.fundId = fundId;
      const res = await call('fund', 'fund', req);
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      const o = res.data;
      const last = o.recent[o.recent.length - 1];
      this.setData({
        loading: false,
        overview: o,
        money: {
          balance: yuan(o.fund.balanceFen),
          totalIn: yuan(o.fund.totalInFen),
          totalOut: yuan(o.fund.totalOutFen),
          headHash: shortHash(o.fund.headHash),
        },
        campaigns: o.campaigns.map((c) => ({
          id: c.id,
          title: c.title,
          statusLine: c.statusLine,
          percent: Math.min(100, c.progressPercent),
          note: c.accepting ? `${c.donationCount} 笔捐款 · 还剩 ${c.daysLeft} 天` : '已结束',
        })),
        entries: o.recent.map(entryRow),
        nextBeforeSeq: last && last.seq > 1 ? last.seq : 0,
        check: null,
      });
    },

    async onMore() {
      const o = this.data.overview;
      if (!o || !this.data.nextBeforeSeq || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const res = await call('fund', 'ledger', {
        fundId: o.fund.id,
        beforeSeq: this.data.nextBeforeSeq,
      });
      if (!res.ok) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      this.setData({
        loadingMore: false,
        entries: [...this.data.entries, ...res.data.entries.map(entryRow)],
        nextBeforeSeq: res.data.nextBeforeSeq ?? 0,
      });
    },

    async onVerify() {
      const o = this.data.overview;
      if (!o || this.data.checking) return;
      this.setData({ checking: true });
      const res = await call('fund', 'verifyLedger', { fundId: o.fund.id });
      if (!res.ok) {
        this.setData({ checking: false, check: { ok: false, text: res.message } });
        return;
      }
      const c = res.data;
      const wrongCampaign = c.campaigns.find((x) => !x.ok);
      let text = `账本完整：${c.entries} 条记录的哈希链与余额全部核验通过，链尾 ${shortHash(c.headHash)}`;
      if (c.brokenAt) text = `核验未通过：${c.brokenAt.reason}`;
      else if (wrongCampaign) text = `核验未通过：「${wrongCampaign.title}」的累计与账本不符`;
      this.setData({ checking: false, check: { ok: c.ok, text } });
    },

    async onExport() {
      const o = this.data.overview;
      if (!o) return;
      const res = await call('fund', 'exportLedger', { fundId: o.fund.id });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      // Pasted into a spreadsheet, it prints for the notice board (业账社审).
      await wx.setClipboardData({ data: res.data.csv });
      wx.showToast({ title: `已复制 ${res.data.entries} 条账目`, icon: 'none' });
    },

    onCampaign(e: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>) {
      wx.navigateTo({ url: `/pages/fund-campaign/fund-campaign?id=${e.currentTarget.dataset.id}` });
    },

    onMine() {
      const o = this.data.overview;
      if (o)
        wx.navigateTo({ url: `/pages/fund-donations/fund-donations?estateId=${o.fund.estateId}` });
    },

    onOffline() {
      const o = this.data.overview;
      if (o) wx.navigateTo({ url: `/pages/fund-offline/fund-offline?fundId=${o.fund.id}` });
    },

    onExpenses() {
      const o = this.data.overview;
      if (o) wx.navigateTo({ url: `/pages/fund-expenses/fund-expenses?fundId=${o.fund.id}` });
    },

    onRetry() {
      return this.load();
    },
  },
});
