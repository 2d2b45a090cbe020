import type { Fail, Role } from '../../../typings/api';
import type { MeData, MyEstate } from '../../../typings/community';
import { call } from '../../services/cloud';
import { formatChina } from '../../shared/china-time';

const ROLE_LABEL: Record<Role, string> = {
  resident: '居民',
  lead: '楼长',
  committee: '业委会',
  staff: '社区工作人员',
};

/** The committee page serves these actions; its entry shows when the server allows any of them. */
const ROSTER_ACTIONS = [
  'community.importRoster',
  'community.issueBindingCodes',
  'community.listMembers',
] as const;

/** A tap on a button carrying `data-id` (the estate). */
type EstateTap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>;

interface EstateView {
  id: string;
  name: string;
  district: string;
  units: string[];
  roleLabels: string[];
  canManage: boolean;
  canLeave: boolean;
}

interface MeView {
  loading: boolean;
  error: Fail | null;
  me: MeData | null;
  estates: EstateView[];
  records: Array<{ at: string; summary: string }>;
  leaving: string;
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    loading: true,
    error: null,
    me: null,
    estates: [],
    records: [],
    leaving: '',
  } as MeView,

  methods: {
    onLoad() {
      return this.load();
    },

    async load() {
      this.setData({ loading: true, error: null });
      const res = await call('community', 'me', {});
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      const me = res.data;
      this.setData({
        loading: false,
        me,
        estates: me.estates.map(estateView),
        records: me.records.map((r) => ({
          at: formatChina(r.at, 'YYYY-MM-DD HH:mm'),
          summary: r.summary,
        })),
      });
    },

    onRetry() {
      return this.load();
    },

    onBind() {
      wx.navigateTo({ url: '/pages/bind/bind' });
    },

    onManage(e: EstateTap) {
      wx.navigateTo({
        url: `/pages/committee-roster/committee-roster?estateId=${e.currentTarget.dataset.id}`,
      });
    },

    async onLeave(e: EstateTap) {
      const estate = this.data.estates.find((x) => x.id === e.currentTarget.dataset.id);
      if (!estate || this.data.leaving) return;
      const { confirm } = await wx.showModal({
        title: `退出${estate.name}？`,
        content: '你绑定的房屋和担任的角色都会解除，之后需要楼长发的新绑定码才能重新加入。',
        confirmText: '退出',
        confirmColor: '#e34d59',
      });
      if (!confirm) return;
      this.setData({ leaving: estate.id });
      const res = await call('community', 'leave', { estateId: estate.id });
      this.setData({ leaving: '' });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      wx.showToast({ title: `已退出${estate.name}`, icon: 'none' });
      await this.load();
    },
  },
});

function estateView(mine: MyEstate): EstateView {
  return {
    id: mine.estate.id,
    name: mine.estate.name,
    district: mine.estate.district,
    units: mine.units.map((u) => u.label),
    roleLabels: mine.roles.map((r) => ROLE_LABEL[r]),
    // The server answers `true` or the reason why not; only `true` opens a door.
    canManage: ROSTER_ACTIONS.some((action) => mine.can[action] === true),
    canLeave: mine.can['community.leave'] === true,
  };
}
