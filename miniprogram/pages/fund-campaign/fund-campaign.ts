import type { Fail } from '../../../typings/api';
import type { CampaignView, DonorRow } from '../../../typings/fund';
import { call } from '../../services/cloud';
import { formatChina } from '../../shared/china-time';
import { newRequestKey, pay } from '../../services/payment';
import { chinaTime, yuan, yuanToFen } from '../fund/present';

interface DonorLine {
  name: string;
  amount: string;
  note: string;
  mine: boolean;
}

const donorLine = (d: DonorRow): DonorLine => ({
  name: d.mine ? `${d.name}（我）` : d.name,
  amount: yuan(d.amountFen),
  note: `${d.channelLabel} · ${chinaTime(d.at)}`,
  mine: d.mine,
});

interface Sheet {
  visible: boolean;
  /** The chosen chip, in fen; 0 when a custom amount is typed. */
  chip: number;
  custom: string;
  name: string;
  anonymous: boolean;
  /** The server's (or the amount parser's) refusal, shown in the sheet. */
  error: string;
  paying: boolean;
  /** One key per opening of the sheet: a double tap cannot make two orders. */
  key: string;
}

interface CampaignPage {
  id: string;
  loading: boolean;
  error: Fail | null;
  view: CampaignView | null;
  shown: { raised: string; goal: string; percent: number; deadline: string; facts: string };
  chips: Array<{ fen: number; label: string }>;
  donors: DonorLine[];
  nextDonors: string;
  sheet: Sheet;
}

const closedSheet = (): Sheet => ({
  visible: false,
  chip: 0,
  custom: '',
  name: '',
  anonymous: false,
  error: '',
  paying: false,
  key: '',
});

type Tap<D extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  D
>;

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    id: '',
    loading: true,
    error: null,
    view: null,
    shown: { raised: '', goal: '', percent: 0, deadline: '', facts: '' },
    chips: [],
    donors: [],
    nextDonors: '',
    sheet: closedSheet(),
  } as CampaignPage,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      this.setData({ loading: true, error: null });
      const res = await call('fund', 'campaign', { campaignId: this.data.id });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      const v = res.data;
      const c = v.campaign;
      wx.setNavigationBarTitle({ title: c.title });
      this.setData({
        loading: false,
        view: v,
        shown: {
          raised: yuan(c.raisedFen),
          goal: yuan(c.goalFen),
          percent: Math.min(100, c.progressPercent),
          deadline: c.accepting
            ? `截止 ${formatChina(c.deadline, 'YYYY-MM-DD')}，还剩 ${c.daysLeft} 天`
            : '募捐已结束',
          facts: `${v.donorCount} 位捐款人 · ${c.donationCount} 笔 · 已达 ${c.progressPercent}%`,
        },
        chips: v.amountChips.map((fen) => ({ fen, label: yuan(fen) })),
        donors: v.donors.map(donorLine),
        nextDonors: v.nextDonors ?? '',
      });
    },

    async onMoreDonors() {
      if (!this.data.nextDonors) return;
      const res = await call('fund', 'campaign', {
        campaignId: this.data.id,
        donorsBefore: this.data.nextDonors,
      });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      this.setData({
        donors: [...this.data.donors, ...res.data.donors.map(donorLine)],
        nextDonors: res.data.nextDonors ?? '',
      });
    },

    onOpenSheet() {
      const first = this.data.chips[1] ?? this.data.chips[0];
      this.setData({
        sheet: { ...closedSheet(), visible: true, chip: first?.fen ?? 0, key: newRequestKey() },
      });
    },

    onCloseSheet() {
      if (!this.data.sheet.paying) this.setData({ 'sheet.visible': false });
    },

    onChip(e: Tap<{ fen: number }>) {
      this.setData({
        'sheet.chip': Number(e.currentTarget.dataset.fen),
        'sheet.custom': '',
        'sheet.error': '',
      });
    },

    onCustom(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'sheet.custom': e.detail.value, 'sheet.chip': 0, 'sheet.error': '' });
    },

    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'sheet.name': e.detail.value });
    },

    onAnonymous(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'sheet.anonymous': e.detail.value });
    },

    async onDonate() {
      const s = this.data.sheet;
      if (s.paying) return;
      const amountFen = s.chip || yuanToFen(s.custom);
      if (!amountFen) {
        this.setData({ 'sheet.error': '请输入金额，最多两位小数，例如 50 或 12.5' });
        return;
      }
      this.setData({ 'sheet.paying': true, 'sheet.error': '' });
      const name = s.name.trim();
      const res = await call('fund', 'donate', {
        campaignId: this.data.id,
        amountFen,
        anonymous: s.anonymous,
        ...(name ? { name } : {}),
        idempotencyKey: s.key,
      });
      if (!res.ok) {
        this.setData({ 'sheet.paying': false, 'sheet.error': res.message });
        return;
      }
      const outcome = res.data.payment ? await pay(res.data.payment) : 'paid';
      this.setData({ 'sheet.paying': false });
      if (outcome === 'cancelled') return; // the sheet stays, with the same order to pay
      this.setData({ 'sheet.visible': false });
      wx.showToast({
        title: outcome === 'paid' ? '感谢你的捐款' : '支付没有成功，可以稍后再试',
        icon: outcome === 'paid' ? 'success' : 'none',
      });
      await this.load();
    },

    onRetry() {
      return this.load();
    },
  },
});
