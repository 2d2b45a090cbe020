import type { Fail } from '../../../typings/api';
import type { TaskSummary, TeamSummary } from '../../../typings/volunteer';
import { call } from '../../services/cloud';

type Scope = 'upcoming' | 'mine' | 'past';

const SCOPES: Array<{ key: Scope; label: string }> = [
  { key: 'upcoming', label: '近期任务' },
  { key: 'mine', label: '我报名的' },
  { key: 'past', label: '往期' },
];

const MY_STATUS: Record<TaskSummary['myStatus'], string> = {
  none: '',
  confirmed: '已报名',
  waitlisted: '候补中',
};

interface Row {
  id: string;
  title: string;
  detail: string;
  statusLine: string;
  mine: string;
}

interface ListView {
  loading: boolean;
  error: Fail | null;
  estateId: string;
  scope: Scope;
  scopes: typeof SCOPES;
  teamId: string;
  teams: TeamSummary[];
  rows: Row[];
  page: number;
  hasMore: boolean;
  /** The server allows the caller to post tasks here. */
  canCreate: boolean;
}

type Tap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>;

const row = (t: TaskSummary): Row => ({
  id: t.id,
  title: t.title,
  detail: `${t.timeText} · ${t.place} · ${t.teamName}`,
  statusLine: t.statusLine,
  mine: t.myStatus === 'waitlisted' ? `候补第 ${t.waitlistPosition} 位` : MY_STATUS[t.myStatus],
});

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    loading: true,
    error: null,
    estateId: '',
    scope: 'upcoming',
    scopes: SCOPES,
    teamId: '',
    teams: [],
    rows: [],
    page: 0,
    hasMore: false,
    canCreate: false,
  } as ListView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ estateId: query.estateId ?? '' });
      return this.load(0);
    },

    onPullDownRefresh() {
      return this.load(0).then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      if (this.data.hasMore && !this.data.loading) return this.load(this.data.page + 1);
      return undefined;
    },

    async load(page: number) {
      this.setData({ loading: true, error: null });
      const { estateId, scope, teamId } = this.data;
      const res = await call('volunteer', 'list', {
        ...(estateId ? { estateId } : {}),
        scope,
        ...(teamId && scope !== 'mine' ? { teamId } : {}),
        page,
      });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      const rows = res.data.items.map(row);
      this.setData({
        loading: false,
        estateId: res.data.estateId,
        rows: page === 0 ? rows : [...this.data.rows, ...rows],
        page,
        hasMore: res.data.hasMore,
        ...(page === 0 ? { teams: res.data.teams, canCreate: res.data.canCreate === true } : {}),
      });
    },

    onScope(e: Tap) {
      const scope = e.currentTarget.dataset.id as Scope;
      if (scope === this.data.scope) return undefined;
      this.setData({ scope, rows: [] });
      return this.load(0);
    },

    onTeam(e: Tap) {
      const id = e.currentTarget.dataset.id;
      this.setData({ teamId: id === this.data.teamId ? '' : id, rows: [] });
      return this.load(0);
    },

    onOpen(e: Tap) {
      wx.navigateTo({
        url: `/pages/volunteer-task/volunteer-task?id=${e.currentTarget.dataset.id}`,
      });
    },

    onCreate() {
      wx.navigateTo({ url: `/pages/volunteer-edit/volunteer-edit?estateId=${this.data.estateId}` });
    },

    onHours() {
      wx.navigateTo({
        url: `/pages/volunteer-hours/volunteer-hours?estateId=${this.data.estateId}`,
      });
    },

    onRetry() {
      return this.load(0);
    },
  },
});
