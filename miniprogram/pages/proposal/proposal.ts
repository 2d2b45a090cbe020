import type { Fail, Refusal, Result } from '../../../typings/api';
import type { ProposalView } from '../../../typings/proposal';
import { call } from '../../services/cloud';
import { previewsOf } from '../../services/photos';
import {
  dateOnly,
  dateTime,
  deadlinePicker,
  fromPicker,
  matterText,
  MILESTONE_LABEL,
  STATUS_THEME,
} from './present';
import { ballotPath, resultsPath } from '../vote/present';

/** Committee actions with a form of their own (pages/proposal-committee); admit is one tap here. */
const COMMITTEE_FORMS = [
  { action: 'addHearing', label: '记录听证会' },
  { action: 'schedule', label: '安排表决' },
  { action: 'reject', label: '不予准入' },
  { action: 'addMilestone', label: '记录进展' },
] as const;

type ActionTap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { action: string }>;
type ImageTap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { src: string }>;

/** What the page shows, derived from the server's view; nothing here is decided by the page. */
interface Shown {
  matter: string;
  statusTheme: string;
  published: string;
  deadline: string;
  /** Width of the progress bar: co-signs as a share of those needed, capped at 100. */
  percent: number;
  progressLabel: string;
  options: string;
  cosign: { enabled: boolean; label: string; why: string };
  withdrawCosign: boolean;
  author: { edit: boolean; publish: boolean; withdraw: boolean };
  committee: Array<{ action: string; label: string }>;
  admit: boolean;
  hearings: Array<{ date: string; summary: string; attachments: string[] }>;
  milestones: Array<{ kind: string; date: string; summary: string }>;
  rejectedAt: string;
  /** The times, and once the vote is open or over, the way to the ballot or the results. */
  vote: { opens: string; closes: string; link: { url: string; label: string } | null } | null;
}

interface DetailView {
  id: string;
  loading: boolean;
  error: Fail | null;
  view: ProposalView | null;
  shown: Shown | null;
  /** An action is on its way to the server: buttons wait for it. */
  acting: string;
  publishVisible: boolean;
  pickerVisible: boolean;
  picker: { start: string; end: string; value: string };
  /** The server's refusal of the chosen deadline, shown in the publish sheet. */
  publishError: string;
  /** The photos' temporary URLs, by file id (storage shows nobody a photo directly). */
  photos: Record<string, string>;
}

const allowed = (verdict: true | Refusal): boolean => verdict === true;
const why = (verdict: true | Refusal): string => (verdict === true ? '' : verdict.message);

function present(v: ProposalView): Shown {
  const p = v.progress;
  return {
    matter: matterText(v.category),
    statusTheme: STATUS_THEME[v.status],
    published: v.publishedAt ? dateTime(v.publishedAt) : '',
    deadline: v.cosignDeadline ? dateTime(v.cosignDeadline) : '',
    percent: p && p.needed > 0 ? Math.min(100, Math.floor((p.cosigned * 100) / p.needed)) : 0,
    progressLabel: p ? `${p.cosigned}/${p.needed} 户` : '',
    options: v.options.join(' / '),
    cosign: {
      enabled: allowed(v.can.cosign),
      label: v.myCosign ? '你家已联署' : '联署支持',
      why: why(v.can.cosign),
    },
    withdrawCosign: allowed(v.can.withdrawCosign),
    author: {
      edit: allowed(v.can.update),
      publish: allowed(v.can.publish),
      withdraw: allowed(v.can.withdraw),
    },
    // A refused committee action is simply not offered: residents never see this section.
    committee: COMMITTEE_FORMS.filter((f) => allowed(v.can[f.action])).map((f) => ({ ...f })),
    admit: allowed(v.can.admit),
    hearings: v.hearings.map((h) => ({ ...h, date: dateOnly(h.date) })),
    milestones: v.milestones.map((m) => ({
      kind: MILESTONE_LABEL[m.kind],
      date: dateOnly(m.date),
      summary: m.summary,
    })),
    rejectedAt: v.rejection ? dateTime(v.rejection.at) : '',
    vote: v.vote
      ? {
          opens: dateTime(v.vote.opensAt),
          closes: dateTime(v.vote.closesAt),
          link: voteLink(v.status, v.vote.voteId),
        }
      : null,
  };
}

/** While voting, the ballot (it links to the live results); once decided, the results. */
function voteLink(status: ProposalView['status'], voteId: string | null) {
  if (!voteId) return null;
  return status === 'voting'
    ? { url: ballotPath(voteId), label: '去投票' }
    : { url: resultsPath(voteId), label: '查看表决结果' };
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    id: '',
    loading: true,
    error: null,
    view: null,
    shown: null,
    acting: '',
    publishVisible: false,
    pickerVisible: false,
    picker: deadlinePicker(),
    publishError: '',
    photos: {},
  } as DetailView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    /** Back from the edit form or a committee form: show what changed. */
    onShow() {
      if (this.data.view) return this.load();
      return undefined;
    },

    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      this.setData({ loading: true, error: null });
      const res = await call('proposal', 'get', { proposalId: this.data.id });
      if (!res.ok) {
        // A failed refresh keeps what is shown and says why.
        if (this.data.view && res.code !== 'NOT_MEMBER') {
          this.setData({ loading: false });
          wx.showToast({ title: res.message, icon: 'none' });
          return;
        }
        this.setData({ loading: false, error: res });
        // A shared link opened by someone who has not joined: bind first, then come back here.
        if (res.code === 'NOT_MEMBER') {
          const back = encodeURIComponent(this.path());
          wx.redirectTo({ url: `/pages/bind/bind?redirect=${back}` });
        }
        return;
      }
      this.show(res.data);
    },

    show(view: ProposalView) {
      this.setData({ loading: false, error: null, view, shown: present(view) });
      const files = [...view.attachments, ...view.hearings.flatMap((h) => h.attachments)];
      if (files.some((f) => !this.data.photos[f])) void this.loadPhotos(view.id);
    },

    async loadPhotos(proposalId: string) {
      const res = await call('proposal', 'photos', { proposalId });
      if (res.ok) this.setData({ photos: { ...this.data.photos, ...previewsOf(res.data.photos) } });
    },

    path(): string {
      return `/pages/proposal/proposal?id=${this.data.id}`;
    },

    onRetry() {
      return this.load();
    },

    onBind() {
      wx.navigateTo({ url: `/pages/bind/bind?redirect=${encodeURIComponent(this.path())}` });
    },

    /**
     * Runs an action that answers the new view. A refusal is shown as the server words it
     * (e.g. "你家已经联署过了（每户一次）" when a family member was quicker), and the page reloads
     * so its buttons match what is now true.
     */
    async act(
      name: string,
      run: () => Promise<Result<ProposalView>>,
      done: string,
    ): Promise<boolean> {
      if (this.data.acting) return false;
      this.setData({ acting: name });
      const res = await run();
      this.setData({ acting: '' });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none', duration: 2500 });
        await this.load();
        return false;
      }
      this.show(res.data);
      wx.showToast({ title: done, icon: 'none' });
      return true;
    },

    onCosign() {
      const proposalId = this.data.id;
      return this.act(
        'cosign',
        () => call('proposal', 'cosign', { proposalId }),
        '已联署，谢谢支持',
      );
    },

    onWithdrawCosign() {
      const proposalId = this.data.id;
      return this.act(
        'withdrawCosign',
        () => call('proposal', 'withdrawCosign', { proposalId }),
        '已撤回联署',
      );
    },

    onEdit() {
      wx.navigateTo({ url: `/pages/proposal-edit/proposal-edit?id=${this.data.id}` });
    },

    onPublish() {
      this.setData({ publishVisible: true, publishError: '', picker: deadlinePicker() });
    },

    onPublishClose() {
      this.setData({ publishVisible: false });
    },

    onPickDeadline() {
      this.setData({ pickerVisible: true });
    },

    onDeadlinePicked(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({
        pickerVisible: false,
        publishError: '',
        'picker.value': e.detail.value,
      });
    },

    onPickerCancel() {
      this.setData({ pickerVisible: false });
    },

    async onPublishConfirm() {
      const proposalId = this.data.id;
      const cosignDeadline = fromPicker(this.data.picker.value);
      if (this.data.acting) return;
      this.setData({ acting: 'publish', publishError: '' });
      const res = await call('proposal', 'publish', { proposalId, cosignDeadline });
      this.setData({ acting: '' });
      if (!res.ok) {
        // Kept in the sheet, next to the deadline it is about.
        this.setData({ publishError: res.message });
        return;
      }
      this.setData({ publishVisible: false });
      this.show(res.data);
      wx.showToast({ title: '已发布，开始联署', icon: 'none' });
    },

    async onWithdraw() {
      const { confirm } = await wx.showModal({
        title: '撤回这个议题？',
        content: '撤回后不能恢复，已有的联署也会作废。',
        confirmText: '撤回',
        confirmColor: '#e34d59',
      });
      if (!confirm) return;
      const proposalId = this.data.id;
      await this.act('withdraw', () => call('proposal', 'withdraw', { proposalId }), '已撤回议题');
    },

    async onAdmit() {
      const { confirm } = await wx.showModal({
        title: '准入这个议题？',
        content: '准入后可以安排表决。',
        confirmText: '准入',
      });
      if (!confirm) return;
      const proposalId = this.data.id;
      await this.act('admit', () => call('proposal', 'admit', { proposalId }), '已准入');
    },

    onCommittee(e: ActionTap) {
      const { action } = e.currentTarget.dataset;
      wx.navigateTo({
        url: `/pages/proposal-committee/proposal-committee?id=${this.data.id}&action=${action}`,
      });
    },

    onVote() {
      const link = this.data.shown?.vote?.link;
      if (link) wx.navigateTo({ url: link.url });
    },

    onPreview(e: ImageTap) {
      const { photos } = this.data;
      const urls = Object.values(photos);
      wx.previewImage({ urls, current: photos[e.currentTarget.dataset.src] });
    },

    onShareAppMessage() {
      const view = this.data.view;
      const summary =
        view?.progress && view.status === 'cosigning' ? `（${view.progress.summary}）` : '';
      return {
        title: view ? `${view.title}${summary}` : '共治 · 议题',
        path: this.path(),
      };
    },
  },
});
