import type { Fail } from '../../../typings/api';
import type { OfflineRecordRow } from '../../../typings/fund';
import { call } from '../../services/cloud';
import { newRequestKey } from '../../services/payment';
import { choosePhotos, showPhotos } from '../../services/photos';
import { chinaTime, yuan, yuanToFen } from '../fund/present';

interface RecordCard {
  id: string;
  amount: string;
  donor: string;
  facts: string;
  note: string;
  mine: boolean;
  photoCount: number;
}

const card = (r: OfflineRecordRow): RecordCard => ({
  id: r.id,
  amount: yuan(r.amountFen),
  donor: r.donorName,
  facts: `${r.channel === 'cash' ? '现金' : '转账'} · ${r.campaignTitle} · ${r.recordedBy} 登记于 ${chinaTime(r.recordedAt)}`,
  note: r.note,
  mine: r.mine,
  photoCount: r.photos.length,
});

interface Form {
  campaignId: string;
  amount: string;
  channel: 'cash' | 'transfer';
  donorName: string;
  anonymous: boolean;
  note: string;
  photos: string[];
  error: string;
  saving: boolean;
  key: string;
}

const emptyForm = (campaignId = ''): Form => ({
  campaignId,
  amount: '',
  channel: 'cash',
  donorName: '',
  anonymous: false,
  note: '',
  photos: [],
  error: '',
  saving: false,
  key: newRequestKey(),
});

interface OfflinePage {
  fundId: string;
  loading: boolean;
  error: Fail | null;
  campaigns: Array<{ id: string; title: string }>;
  records: RecordCard[];
  form: Form;
  /** The record a review is on its way for. */
  acting: string;
}

type Tap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string; value: string }>;
type Change<V> = WechatMiniprogram.CustomEvent<{ value: V }>;

/**
 * Committee: cash and transfers. Member A records what came in with a photo; another member
 * confirms it (then it is credited) or sends it back. The server refuses self-review; the page
 * only hides the buttons on one's own records.
 */
// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    fundId: '',
    loading: true,
    error: null,
    campaigns: [],
    records: [],
    form: emptyForm(),
    acting: '',
  } as OfflinePage,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ fundId: query.fundId ?? '' });
      return this.load();
    },

    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      this.setData({ loading: true, error: null });
      const [overview, pending] = await Promise.all([
        call('fund', 'fund', { fundId: this.data.fundId }),
        call('fund', 'offlineRecords', { fundId: this.data.fundId }),
      ]);
      if (!overview.ok || !pending.ok) {
        this.setData({ loading: false, error: !overview.ok ? overview : (pending as Fail) });
        return;
      }
      const campaigns = overview.data.campaigns
        .filter((c) => c.status === 'open')
        .map((c) => ({ id: c.id, title: c.title }));
      this.setData({
        loading: false,
        campaigns,
        records: pending.data.records.map(card),
        'form.campaignId': this.data.form.campaignId || (campaigns[0]?.id ?? ''),
      });
    },

    /** The record's photos, full screen: the receipt or transfer to check before confirming. */
    async onViewPhotos(e: Tap) {
      const res = await call('fund', 'offlinePhotos', { donationId: e.currentTarget.dataset.id });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      showPhotos(res.data.photos);
    },

    onCampaign(e: Tap) {
      this.setData({ 'form.campaignId': e.currentTarget.dataset.id });
    },

    onChannel(e: Tap) {
      this.setData({ 'form.channel': e.currentTarget.dataset.value as Form['channel'] });
    },

    onAmount(e: Change<string>) {
      this.setData({ 'form.amount': e.detail.value, 'form.error': '' });
    },

    onDonorName(e: Change<string>) {
      this.setData({ 'form.donorName': e.detail.value });
    },

    onAnonymous(e: Change<boolean>) {
      this.setData({ 'form.anonymous': e.detail.value });
    },

    onNote(e: Change<string>) {
      this.setData({ 'form.note': e.detail.value });
    },

    async onPhotos() {
      const added = await choosePhotos('fund/offline', 9 - this.data.form.photos.length);
      this.setData({ 'form.photos': [...this.data.form.photos, ...added.map((p) => p.fileId)] });
    },

    async onRecord() {
      const f = this.data.form;
      if (f.saving) return;
      const amountFen = yuanToFen(f.amount);
      if (!amountFen) {
        this.setData({ 'form.error': '请输入金额，最多两位小数' });
        return;
      }
      this.setData({ 'form.saving': true, 'form.error': '' });
      const donorName = f.donorName.trim();
      const note = f.note.trim();
      const res = await call('fund', 'recordOffline', {
        campaignId: f.campaignId,
        amountFen,
        channel: f.channel,
        anonymous: f.anonymous,
        photos: f.photos,
        idempotencyKey: f.key,
        ...(donorName ? { donorName } : {}),
        ...(note ? { note } : {}),
      });
      if (!res.ok) {
        this.setData({ 'form.saving': false, 'form.error': res.message });
        return;
      }
      wx.showToast({ title: '已登记，请另一位委员复核', icon: 'none' });
      this.setData({ form: emptyForm(f.campaignId) });
      await this.load();
    },

    async onConfirm(e: Tap) {
      const id = e.currentTarget.dataset.id;
      if (this.data.acting) return;
      this.setData({ acting: id });
      const res = await call('fund', 'confirmOffline', { donationId: id });
      this.setData({ acting: '' });
      wx.showToast({
        title: res.ok ? '已复核入账' : res.message,
        icon: res.ok ? 'success' : 'none',
      });
      if (res.ok) await this.load();
    },

    async onReject(e: Tap) {
      const id = e.currentTarget.dataset.id;
      if (this.data.acting) return;
      const answer = await wx.showModal({
        title: '退回这笔登记',
        editable: true,
        placeholderText: '退回理由，例如：金额与照片不符',
      });
      const reason = (answer.content ?? '').trim();
      if (!answer.confirm || !reason) return;
      this.setData({ acting: id });
      const res = await call('fund', 'rejectOffline', { donationId: id, reason });
      this.setData({ acting: '' });
      wx.showToast({ title: res.ok ? '已退回' : res.message, icon: 'none' });
      if (res.ok) await this.load();
    },

    onRetry() {
      return this.load();
    },
  },
});
