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
        activities: home.activities.map((a) => ({ ...a, kindLabel: KIND_LABEL[a.kind] })),
        roleLabels: home.roles.map((r) => ROLE_LABEL[r]),
      });
    },

    onRetry() {
      return this.load(this.data.home?.estate.id);
    },
  },
});
