import type { Fail, Result } from '../../../typings/api';
import type { TaskView } from '../../../typings/volunteer';
import { call } from '../../services/cloud';

const TASK_PAGE = '/pages/volunteer-task/volunteer-task';

interface TaskPageView {
  id: string;
  loading: boolean;
  error: Fail | null;
  task: TaskView | null;
  busy: boolean;
}

type Attend = 'checkin' | 'checkout';
type AttendTap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { action: Attend }>;

/**
 * Asks consent for the task's notices (reminders, promotion, changes). WeChat only shows the
 * prompt from a tap, so this runs first in the tap handler; a refusal still signs up.
 */
function askConsent(tmplIds: string[]): Promise<void> {
  if (tmplIds.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: () => undefined,
      complete: () => resolve(),
    } as unknown as WechatMiniprogram.RequestSubscribeMessageOption);
  });
}

const toast = (title: string) => wx.showToast({ title, icon: 'none', duration: 2000 });

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: { id: '', loading: true, error: null, task: null, busy: false } as TaskPageView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    onShow() {
      // Back from the organiser's page or from binding: show the current places.
      if (this.data.task) return this.load();
      return undefined;
    },

    async load() {
      this.setData({ loading: true, error: null });
      const res = await call('volunteer', 'get', { taskId: this.data.id });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        // A shared link opened by someone new: bind a household first, then come back here.
        if (res.code === 'NOT_MEMBER') this.toBind();
        return;
      }
      this.setData({ loading: false, task: res.data });
    },

    toBind() {
      const back = `${TASK_PAGE}?id=${this.data.id}`;
      wx.redirectTo({ url: `/pages/bind/bind?redirect=${encodeURIComponent(back)}` });
    },

    /** Runs an action that answers the task view, and shows its outcome. */
    async act(run: () => Promise<Result<TaskView>>, done: (t: TaskView) => string) {
      this.setData({ busy: true });
      const res = await run();
      this.setData({ busy: false });
      if (!res.ok) {
        toast(res.message);
        return;
      }
      this.setData({ task: res.data });
      toast(done(res.data));
    },

    async onSignup() {
      const task = this.data.task;
      if (!task || this.data.busy) return;
      await askConsent(task.subscribeTemplateIds);
      await this.act(
        () => call('volunteer', 'signup', { taskId: task.id }),
        (t) =>
          t.myStatus === 'waitlisted' ? `已进入候补，第 ${t.waitlistPosition} 位` : '报名成功',
      );
    },

    async onCancelSignup() {
      const task = this.data.task;
      if (!task || this.data.busy) return;
      const { confirm } = await wx.showModal({
        title: '取消报名？',
        content:
          task.myStatus === 'confirmed' && task.places.waitlisted > 0
            ? '你的名额会让给第一位候补的邻居。'
            : '取消后如需参加，要重新报名。',
        confirmText: '取消报名',
        cancelText: '再想想',
      });
      if (!confirm) return;
      await this.act(
        () => call('volunteer', 'cancelSignup', { taskId: task.id }),
        () => '已取消报名',
      );
    },

    async onScan(e: AttendTap) {
      const action = e.currentTarget.dataset.action;
      let code: string;
      try {
        code = (await wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result;
      } catch {
        return; // closing the scanner is no error
      }
      await this.attend(action, code);
    },

    async onTypeCode(e: AttendTap) {
      const action = e.currentTarget.dataset.action;
      const answer = (await wx.showModal({
        title: action === 'checkin' ? '输入签到码' : '输入签退码',
        editable: true,
        placeholderText: '组织者手机上的 6 位数字',
      } as WechatMiniprogram.ShowModalOption)) as { confirm: boolean; content?: string };
      if (!answer.confirm || !answer.content?.trim()) return;
      await this.attend(action, answer.content.trim());
    },

    attend(action: Attend, code: string) {
      const task = this.data.task;
      if (!task || this.data.busy) return Promise.resolve();
      return this.act(
        () => call('volunteer', action, { taskId: task.id, code }),
        (t) => (action === 'checkin' ? '签到成功' : `签退成功，计入 ${t.attendance.hoursText}`),
      );
    },

    onManage() {
      wx.navigateTo({ url: `/pages/volunteer-organiser/volunteer-organiser?id=${this.data.id}` });
    },

    onMore() {
      const estateId = this.data.task?.estateId ?? '';
      wx.navigateTo({ url: `/pages/volunteer/volunteer?estateId=${estateId}` });
    },

    onRetry() {
      return this.load();
    },

    onShareAppMessage() {
      const task = this.data.task;
      return task
        ? { title: task.share.title, path: task.share.path }
        : { title: '志愿任务', path: `${TASK_PAGE}?id=${this.data.id}` };
    },
  },
});
