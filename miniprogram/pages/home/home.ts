import type { ActivityItem, Fail, HomeData, Role } from '../../../typings/api';
import { call } from '../../services/cloud';

const KIND_LABEL: Record<ActivityItem['kind'], string> = {
  proposal: '议题',
  vote: '表决',
  campaign: '募捐',
  task: '志愿',
};

const ROLE_LABEL: Record<Role, string> = {
  resident: '居民',
  lead: '楼长',
  committee: '业委会',
  staff: '社区工作人员',
};

/** Where each kind's list (given `estateId`) and detail (given `id`) live. */
const LIST_PAGE: Record<ActivityItem['kind'], string> = {
  proposal: '/pages/proposals/proposals',
  vote: '/pages/proposals/proposals?tab=voting',
  campaign: '/pages/fund/fund',
  task: '/pages/volunteer/volunteer',
};
const DETAIL_PAGE: Record<ActivityItem['kind'], string> = {
  proposal: '/pages/proposal/proposal',
  vote: '/pages/vote/vote',
  campaign: '/pages/fund-campaign/fund-campaign',
  task: '/pages/volunteer-task/volunteer-task',
};

type KindTap = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  { kind: ActivityItem['kind'] }
>;
type ActivityTap = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  { kind: ActivityItem['kind']; id: string }
>;

interface HomeView {
  loading: boolean;
  error: Fail | null;
  home: HomeData | null;
  /** Open counts in display order, with labels. */
  openCounts: Array<{ kind: string; label: string; n: number }>;
  activities: Array<ActivityItem & { kindLabel: string }>;
  roleLabels: string[];
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    loading: true,
    error: null,
    home: null,
    openCounts: [],
    activities: [],
    roleLabels: [],
  } as HomeView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      return this.load(query.estateId);
    },

    onPullDownRefresh() {
      return this.load(this.data.home?.estate.id).then(() => wx.stopPullDownRefresh());
    },

    async load(estateId?: string) {
      this.setData({ loading: true, error: null });
      const res = await call('community', 'home', estateId ? { estateId } : {});
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      const home = res.data;
      this.setData({
        loading: false,
        home,
        openCounts: (Object.keys(KIND_LABEL) as ActivityItem['kind'][]).map((kind) => ({
          kind,
          label: KIND_LABEL[kind],
          n: home.open[kind],
        })),
        activities: home.activities.map((a) => ({
          ...a,
          kindLabel: KIND_LABEL[a.kind],
        })),
        roleLabels: home.roles.map((r) => ROLE_LABEL[r]),
      });
    },

    onRetry() {
      return this.load(this.data.home?.estate.id);
    },

    onBind() {
      wx.navigateTo({ url: '/pages/bind/bind' });
    },

    onOpenMe() {
      wx.navigateTo({ url: '/pages/me/me' });
    },

    /** An open count or an area's entry taps through to that area's list. */
    onOpenKind(e: KindTap) {
      const list = LIST_PAGE[e.currentTarget.dataset.kind];
      const estateId = this.data.home?.estate.id;
      if (!estateId) return;
      wx.navigateTo({ url: `${list}${list.includes('?') ? '&' : '?'}estateId=${estateId}` });
    },

    /** A feed entry opens its page; the entry's id is `<kind>_<id of the thing>`. */
    onActivity(e: ActivityTap) {
      const { kind, id } = e.currentTarget.dataset;
      wx.navigateTo({ url: `${DETAIL_PAGE[kind]}?id=${id.slice(kind.length + 1)}` });
    },
  },
});
