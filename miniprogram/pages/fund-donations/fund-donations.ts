import type { Fail } from '../../../typings/api';
import type { DonationStatus, MyDonationRow } from '../../../typings/fund';
import { call } from '../../services/cloud';
import { chinaTime, yuan } from '../fund/present';

const THEME: Record<DonationStatus, string> = {
  pending: 'warning',
  paid: 'success',
  failed: 'default',
  recorded: 'warning',
  confirmed: 'success',
  rejected: 'default',
  refunded: 'default',
};

interface Line {
  id: string;
  campaignId: string;
  title: string;
  amount: string;
  note: string;
  status: string;
  theme: string;
}

const line = (d: MyDonationRow): Line => ({
  id: d.id,
  campaignId: d.campaignId,
  title: d.campaignTitle,
  amount: yuan(d.amountFen),
  note: `${chinaTime(d.createdAt)}${d.anonymous ? ' · 匿名' : ''}`,
  status: d.statusLabel,
  theme: THEME[d.status],
});

interface DonationsPage {
  estateId: string;
  loading: boolean;
  error: Fail | null;
  total: string;
  lines: Line[];
  next: string;
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    estateId: '',
    loading: true,
    error: null,
    total: '',
    lines: [],
    next: '',
  } as DonationsPage,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ estateId: query.estateId ?? '' });
      return this.load();
    },

    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },

    async load(before?: string) {
      this.setData({ loading: true, error: null });
      const res = await call('fund', 'myDonations', {
        estateId: this.data.estateId,
        ...(before ? { before } : {}),
      });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      const lines = res.data.donations.map(line);
      this.setData({
        loading: false,
        total: yuan(res.data.totalGivenFen),
        lines: before ? [...this.data.lines, ...lines] : lines,
        next: res.data.next ?? '',
      });
    },

    onMore() {
      return this.data.next ? this.load(this.data.next) : undefined;
    },

    onOpen(e: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>) {
      wx.navigateTo({ url: `/pages/fund-campaign/fund-campaign?id=${e.currentTarget.dataset.id}` });
    },

    onRetry() {
      return this.load();
    },
  },
});
