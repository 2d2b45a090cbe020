import type { Fail } from '../../../typings/api';
import type { ProposalApi, ProposalListItem } from '../../../typings/proposal';
import { call } from '../../services/cloud';
import { dateOnly, STATUS_THEME } from '../proposal/present';

type ListStatus = NonNullable<ProposalApi['list']['req']['status']>;

/**
 * The tabs and the server filter behind each. `list` takes one status (or `open` for everything
 * under way), so the finished states are reached through 全部, where each item carries its label.
 */
const TABS: Array<{ value: string; label: string; status?: ListStatus }> = [
  { value: 'open', label: '进行中', status: 'open' },
  { value: 'admitted', label: '已准入', status: 'admitted' },
  { value: 'scheduled', label: '已排期', status: 'scheduled' },
  { value: 'voting', label: '表决中', status: 'voting' },
  { value: 'decided', label: '已表决', status: 'decided' },
  { value: 'all', label: '全部' },
  { value: 'draft', label: '我的草稿', status: 'draft' },
];

type ItemTap = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>;

interface ItemView extends ProposalListItem {
  statusTheme: string;
  /** The server's summary, unless it only repeats the status tag above it. */
  line: string;
  updated: string;
}

interface ListView {
  estateId: string;
  tabs: typeof TABS;
  tab: string;
  loading: boolean;
  /** Why the page cannot show anything (not a member, no estate, network). */
  error: Fail | null;
  items: ItemView[];
  /** The next page `list` is asked for. */
  nextPage: number;
  hasMore: boolean;
  loadingMore: boolean;
  /** A failed "加载更多": the items shown stay, with this message and a retry. */
  moreError: string;
}

const itemView = (item: ProposalListItem): ItemView => ({
  ...item,
  statusTheme: STATUS_THEME[item.status],
  line: item.summary === item.statusLabel ? '' : item.summary,
  updated: dateOnly(item.updatedAt),
});

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    estateId: '',
    tabs: TABS,
    tab: 'open',
    loading: true,
    error: null,
    items: [],
    nextPage: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
  } as ListView,

  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const tab = TABS.some((t) => t.value === query.tab) ? (query.tab as string) : 'open';
      this.setData({ tab });
      if (query.estateId) {
        this.setData({ estateId: query.estateId });
      } else {
        // No estate in the link: the caller's first estate, as the home page shows it.
        this.setData({ loading: true, error: null });
        const home = await call('community', 'home', {});
        if (!home.ok) {
          this.setData({ loading: false, error: home });
          return;
        }
        this.setData({ estateId: home.data.estate.id });
      }
      await this.reload();
    },

    /** Back from a detail or the create form: statuses and counts may have moved. */
    onShow() {
      if (this.data.estateId && !this.data.loading) return this.reload();
      return undefined;
    },

    onPullDownRefresh() {
      return this.reload().then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      return this.onMore();
    },

    /** The first page of the current tab, replacing what is shown. */
    async reload() {
      this.setData({ loading: true, error: null, moreError: '' });
      const tab = this.data.tab;
      const res = await this.fetch(0);
      if (tab !== this.data.tab) return; // the user switched tabs meanwhile; that load wins
      if (!res.ok) {
        this.setData({ loading: false, error: res, items: [] });
        return;
      }
      this.setData({
        loading: false,
        items: res.data.items.map(itemView),
        hasMore: res.data.hasMore,
        nextPage: 1,
      });
    },

    fetch(page: number) {
      const status = TABS.find((t) => t.value === this.data.tab)?.status;
      return call('proposal', 'list', {
        estateId: this.data.estateId,
        ...(status ? { status } : {}),
        page,
      });
    },

    async onMore() {
      if (!this.data.hasMore || this.data.loadingMore || this.data.loading) return;
      this.setData({ loadingMore: true, moreError: '' });
      const tab = this.data.tab;
      const res = await this.fetch(this.data.nextPage);
      if (tab !== this.data.tab) return;
      if (!res.ok) {
        this.setData({ loadingMore: false, moreError: res.message });
        return;
      }
      this.setData({
        loadingMore: false,
        items: [...this.data.items, ...res.data.items.map(itemView)],
        hasMore: res.data.hasMore,
        nextPage: this.data.nextPage + 1,
      });
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      if (e.detail.value === this.data.tab) return undefined;
      this.setData({ tab: e.detail.value, items: [], hasMore: false, loadingMore: false });
      return this.reload();
    },

    onOpen(e: ItemTap) {
      wx.navigateTo({ url: `/pages/proposal/proposal?id=${e.currentTarget.dataset.id}` });
    },

    onCreate() {
      wx.navigateTo({ url: `/pages/proposal-edit/proposal-edit?estateId=${this.data.estateId}` });
    },

    onRetry() {
      if (!this.data.estateId) return this.onLoad({ tab: this.data.tab });
      return this.reload();
    },

    onBind() {
      wx.navigateTo({ url: '/pages/bind/bind?redirect=%2Fpages%2Fproposals%2Fproposals' });
    },
  },
});
