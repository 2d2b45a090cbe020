import type { Fail, Result } from '../../../typings/api';
import type { Milestone, ProposalView } from '../../../typings/proposal';
import { call } from '../../services/cloud';
import { chinaDayStart, formatChina } from '../../shared/china-time';
import { fieldRoot, fromPicker, MILESTONE_LABEL } from '../proposal/present';
import { choosePhotos, previewsOf } from '../../services/photos';

/** The committee's forms, one per action; admitting needs no form and stays on the detail page. */
type Action = 'reject' | 'addHearing' | 'schedule' | 'addMilestone';

const TITLES: Record<Action, string> = {
  reject: '不予准入',
  addHearing: '记录听证会',
  schedule: '安排表决',
  addMilestone: '记录后续进展',
};
const DONE: Record<Action, string> = {
  reject: '已公开不予准入的理由',
  addHearing: '听证记录已添加',
  schedule: '表决已排期',
  addMilestone: '进展已记录',
};

type DateField = 'date' | 'opensAt' | 'closesAt';
type Mode = '' | 'majority' | 'civilCode';

const MODES: Array<{ value: Mode; label: string }> = [
  { value: '', label: '按议题类别（默认）' },
  { value: 'majority', label: '按户过半' },
  { value: 'civilCode', label: '按面积和人数（民法典）' },
];
const KINDS = (Object.keys(MILESTONE_LABEL) as Array<Milestone['kind']>).map((value) => ({
  value,
  label: MILESTONE_LABEL[value],
}));

/** What the pickers show and hand back, in China time (read back by `fromPicker`). */
const DAY_FORMAT = 'YYYY-MM-DD';
const MINUTE_FORMAT = 'YYYY-MM-DD HH:mm';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Hearing attachments, as the contract allows for the hearing log. */
const MAX_ATTACHMENTS = 9;

interface CommitteeView {
  id: string;
  action: Action | '';
  heading: string;
  loading: boolean;
  error: Fail | null;
  view: ProposalView | null;
  form: {
    reason: string;
    summary: string;
    date: string;
    opensAt: string;
    closesAt: string;
    mode: Mode;
    kind: Milestone['kind'];
    attachments: string[];
  };
  modes: typeof MODES;
  kinds: typeof KINDS;
  errors: Record<string, string>;
  formError: string;
  submitting: boolean;
  /** Pictures of the chosen hearing photos, by file id (this phone's copies). */
  previews: Record<string, string>;
  uploading: boolean;
  picker: {
    field: DateField | '';
    visible: boolean;
    mode: 'date' | 'minute';
    format: string;
    start: string;
    end: string;
    value: string;
  };
}

type DataTap<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  T
>;

/** A vote suggested from 08:00 tomorrow to 20:00 a week later, China time. */
function defaults(now = Date.now()): CommitteeView['form'] {
  const tomorrow = chinaDayStart(now).getTime() + DAY;
  return {
    reason: '',
    summary: '',
    date: formatChina(now, DAY_FORMAT),
    opensAt: formatChina(tomorrow + 8 * HOUR, MINUTE_FORMAT),
    closesAt: formatChina(tomorrow + 7 * DAY + 20 * HOUR, MINUTE_FORMAT),
    mode: '',
    kind: 'tender',
    attachments: [],
  };
}

const isAction = (a: string | undefined): a is Action => !!a && a in TITLES;

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    id: '',
    action: '',
    heading: '',
    loading: true,
    error: null,
    view: null,
    form: defaults(),
    modes: MODES,
    kinds: KINDS,
    errors: {},
    formError: '',
    submitting: false,
    previews: {},
    uploading: false,
    picker: {
      field: '',
      visible: false,
      mode: 'date',
      format: DAY_FORMAT,
      start: '',
      end: '',
      value: '',
    },
  } as CommitteeView,

  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const action = isAction(query.action) ? query.action : '';
      this.setData({
        id: query.id ?? '',
        action,
        heading: action ? TITLES[action] : '',
      });
      if (action) wx.setNavigationBarTitle({ title: TITLES[action] });
      return this.load();
    },

    async load() {
      const { id, action } = this.data;
      this.setData({ loading: true, error: null });
      if (!action) {
        this.setData({
          loading: false,
          error: { ok: false, code: 'INVALID_INPUT', message: '不认识的操作' },
        });
        return;
      }
      const res = await call('proposal', 'get', { proposalId: id });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      // The server says whether this form makes sense now; its reason is the page's message.
      const verdict = res.data.can[action];
      this.setData({
        loading: false,
        view: res.data,
        error: verdict === true ? null : { ok: false, ...verdict },
      });
    },

    onRetry() {
      return this.load();
    },

    edited(field: string, changes: Record<string, unknown>) {
      this.setData({ ...changes, [`errors.${field}`]: '', formError: '' });
    },

    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.edited('reason', { 'form.reason': e.detail.value });
    },

    onSummary(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.edited('summary', { 'form.summary': e.detail.value });
    },

    onMode(e: DataTap<{ value: Mode }>) {
      this.edited('mode', { 'form.mode': e.currentTarget.dataset.value });
    },

    onKind(e: DataTap<{ value: Milestone['kind'] }>) {
      this.edited('kind', { 'form.kind': e.currentTarget.dataset.value });
    },

    /** Opens the picker for one of the date fields (`data-field`). */
    onPickDate(e: DataTap<{ field: DateField }>) {
      const field = e.currentTarget.dataset.field;
      const byDay = field === 'date';
      const now = Date.now();
      this.setData({
        picker: {
          field,
          visible: true,
          mode: byDay ? 'date' : 'minute',
          format: byDay ? DAY_FORMAT : MINUTE_FORMAT,
          // A hearing or a milestone is often recorded after the fact; a vote lies ahead.
          start: formatChina(byDay ? now - 2 * 365 * DAY : now, MINUTE_FORMAT),
          end: formatChina(now + 365 * DAY, MINUTE_FORMAT),
          value: this.data.form[field],
        },
      });
    },

    onDatePicked(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = this.data.picker.field;
      if (!field) return;
      this.edited(field, { 'picker.visible': false, [`form.${field}`]: e.detail.value });
    },

    onPickerCancel() {
      this.setData({ 'picker.visible': false });
    },

    async onAddImages() {
      if (this.data.uploading || !this.data.view) return;
      this.setData({ uploading: true });
      try {
        const room = MAX_ATTACHMENTS - this.data.form.attachments.length;
        const added = await choosePhotos(`proposals/${this.data.view.estateId}/hearings`, room);
        if (added.length > 0)
          this.edited('attachments', {
            'form.attachments': [...this.data.form.attachments, ...added.map((p) => p.fileId)],
            previews: { ...this.data.previews, ...previewsOf(added) },
          });
      } catch {
        wx.showToast({ title: '图片上传失败，请重试', icon: 'none' });
      } finally {
        this.setData({ uploading: false });
      }
    },

    send(action: Action): Promise<Result<ProposalView>> {
      const proposalId = this.data.id;
      const f = this.data.form;
      switch (action) {
        case 'reject':
          return call('proposal', 'reject', { proposalId, reason: f.reason });
        case 'addHearing':
          return call('proposal', 'addHearing', {
            proposalId,
            date: fromPicker(f.date),
            summary: f.summary,
            ...(f.attachments.length > 0 ? { attachments: f.attachments } : {}),
          });
        case 'schedule':
          return call('proposal', 'schedule', {
            proposalId,
            opensAt: fromPicker(f.opensAt),
            closesAt: fromPicker(f.closesAt),
            ...(f.mode ? { mode: f.mode } : {}),
          });
        case 'addMilestone':
          return call('proposal', 'addMilestone', {
            proposalId,
            kind: f.kind,
            date: fromPicker(f.date),
            summary: f.summary,
          });
      }
    },

    async onSubmit() {
      const action = this.data.action;
      if (!action || this.data.submitting) return;
      if (action === 'reject') {
        const { confirm } = await wx.showModal({
          title: '不予准入？',
          content: '理由会向全体业主公开，议题就此结束，不能撤销。',
          confirmText: '确认',
          confirmColor: '#e34d59',
        });
        if (!confirm) return;
      }
      this.setData({ submitting: true, errors: {}, formError: '' });
      const res = await this.send(action);
      this.setData({ submitting: false });
      if (!res.ok) {
        const field = fieldRoot(res.field);
        if (res.code === 'INVALID_INPUT' && field)
          this.setData({ [`errors.${field}`]: res.message });
        else this.setData({ formError: res.message });
        return;
      }
      wx.showToast({ title: DONE[action], icon: 'none' });
      wx.navigateBack({ delta: 1 });
    },
  },
});
