import type { Fail } from '../../../typings/api';
import type { CheckinCodeData, RosterData, RosterRow } from '../../../typings/volunteer';
import { call } from '../../services/cloud';
import { formatChina } from '../../shared/china-time';

interface Row extends RosterRow {
  /** "签到 19:02 · 签退 21:00", or what is missing. */
  attendanceText: string;
  /** What the organiser typed for this volunteer's minutes ('' = leave as is). */
  input: string;
}

interface OrganiserView {
  id: string;
  loading: boolean;
  error: Fail | null;
  roster: RosterData | null;
  confirmed: Row[];
  code: CheckinCodeData | null;
  /** Why no code is shown (before the window, cancelled…). */
  codeNote: string;
  saving: boolean;
}

type RowInput = WechatMiniprogram.CustomEvent<
  { value: string },
  WechatMiniprogram.IAnyObject,
  { id: string }
>;

const clock = (iso: string | null) => (iso ? formatChina(iso, 'HH:mm') : '');

function row(r: RosterRow): Row {
  const parts = [
    r.checkinAt ? `签到 ${clock(r.checkinAt)}` : '未签到',
    ...(r.checkoutAt ? [`签退 ${clock(r.checkoutAt)}`] : []),
    ...(r.minutes !== null ? [`${r.hoursConfirmed ? '已确认' : '计入'} ${r.hoursText}`] : []),
  ];
  return {
    ...r,
    attendanceText: parts.join(' · '),
    input: r.minutes === null ? '' : String(r.minutes),
  };
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    id: '',
    loading: true,
    error: null,
    roster: null,
    confirmed: [],
    code: null,
    codeNote: '',
    saving: false,
  } as OrganiserView,

  lifetimes: {
    detached() {
      this.stopCode();
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return Promise.all([this.loadRoster(), this.loadCode()]);
    },

    onUnload() {
      this.stopCode();
    },

    async loadRoster() {
      this.setData({ loading: true, error: null });
      const res = await call('volunteer', 'roster', { taskId: this.data.id });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      this.showRoster(res.data);
    },

    showRoster(roster: RosterData) {
      this.setData({ loading: false, roster, confirmed: roster.confirmed.map(row) });
    },

    /** The current code, and the next one when it rotates (the server says when). */
    async loadCode() {
      this.stopCode();
      const res = await call('volunteer', 'checkinCode', { taskId: this.data.id });
      if (!res.ok) {
        this.setData({ code: null, codeNote: res.message });
        return;
      }
      this.setData({ code: res.data, codeNote: '' });
      const wait = Math.max(1000, Date.parse(res.data.refreshAt) - Date.now());
      (this as unknown as { timer?: number }).timer = setTimeout(
        () => this.loadCode(),
        wait,
      ) as unknown as number;
    },

    stopCode() {
      const self = this as unknown as { timer?: number };
      if (self.timer !== undefined) clearTimeout(self.timer);
      self.timer = undefined;
    },

    onMinutes(e: RowInput) {
      const id = e.currentTarget.dataset.id;
      const confirmed = this.data.confirmed.map((r) =>
        r.memberId === id ? { ...r, input: e.detail.value } : r,
      );
      this.setData({ confirmed });
    },

    async onConfirmHours() {
      if (this.data.saving) return;
      const entries = this.data.confirmed
        .filter((r) => r.input.trim() !== '')
        .map((r) => ({ memberId: r.memberId, minutes: Number(r.input.trim()) }));
      if (entries.length === 0) {
        wx.showToast({ title: '请先填写时长（分钟）', icon: 'none' });
        return;
      }
      this.setData({ saving: true });
      const res = await call('volunteer', 'confirmHours', { taskId: this.data.id, entries });
      this.setData({ saving: false });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none', duration: 2500 });
        return;
      }
      this.showRoster(res.data);
      wx.showToast({ title: `已确认 ${entries.length} 人的时长`, icon: 'none' });
    },

    async onCancelTask() {
      const answer = (await wx.showModal({
        title: '取消这个任务？',
        editable: true,
        placeholderText: '取消原因（报名的志愿者都会收到）',
        confirmText: '取消任务',
        cancelText: '不取消',
      } as WechatMiniprogram.ShowModalOption)) as { confirm: boolean; content?: string };
      const reason = answer.content?.trim() ?? '';
      if (!answer.confirm) return;
      if (!reason) {
        wx.showToast({ title: '请写明取消原因', icon: 'none' });
        return;
      }
      const res = await call('volunteer', 'cancelTask', { taskId: this.data.id, reason });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      wx.showToast({ title: '已取消，已通知报名的志愿者', icon: 'none' });
      await Promise.all([this.loadRoster(), this.loadCode()]);
    },

    onRetry() {
      return this.loadRoster();
    },
  },
});
