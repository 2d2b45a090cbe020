import type { Fail } from '../../../typings/api';
import type { PublishedBallot, QuorumMeter, ResultsView } from '../../../typings/vote';
import { call } from '../../services/cloud';
import { ballotPath, headOf, paperPath, resultsPath, type VoteHead } from '../vote/present';

interface MeterLine {
  key: string;
  label: string;
  /** "30 / 40 户" */
  figures: string;
  percentText: string;
  /** Width of the bar, 0–100. */
  bar: number;
  thresholdText: string;
  /** '' for a measure shown for reference only. */
  state: '' | '已达到' | '未达到';
  met: boolean;
}

interface Shown {
  head: VoteHead;
  final: boolean;
  summary: string;
  quorumMet: boolean;
  meters: MeterLine[];
  options: Array<{
    label: string;
    households: string;
    area: string;
    heads: string;
    passes: boolean;
  }>;
  buildings: Array<{ name: string; participation: string; options: string }>;
  outcome: string;
  can: { cast: boolean; recordPaper: boolean; close: boolean; recount: boolean };
}

interface Row {
  receipt: string;
  units: string;
  areaText: string;
  choice: string;
  paper: boolean;
}

interface ResultsPage {
  id: string;
  loading: boolean;
  error: Fail | null;
  shown: Shown | null;
  /** The published list after close, as far as loaded. */
  rows: Row[];
  page: number;
  hasMore: boolean;
  published: boolean;
  receipt: string;
  lookup: { found: boolean; text: string } | null;
  recount: { matches: boolean; text: string } | null;
  acting: string;
}

const bar = (part: number, total: number): number =>
  total > 0 ? Math.min(100, Math.floor((part * 100) / total)) : 0;

function meter(
  key: string,
  label: string,
  m: QuorumMeter,
  figures: string,
  part: number,
  total: number,
): MeterLine {
  return {
    key,
    label,
    figures,
    percentText: m.percentText,
    bar: bar(part, total),
    thresholdText: m.thresholdText,
    state: m.decides ? (m.met ? '已达到' : '未达到') : '',
    met: m.met,
  };
}

const row = (b: PublishedBallot): Row => ({
  receipt: b.receipt,
  units: b.units.join('、'),
  areaText: b.areaText,
  choice: b.choice,
  paper: b.channel === 'paper',
});

function present(v: ResultsView): Shown {
  const { eligible: e, participated: p, quorum: q } = v;
  const meters = [
    meter(
      'households',
      '户数',
      q.households,
      `${p.households} / ${e.households} 户`,
      p.households,
      e.households,
    ),
    meter('area', '面积', q.area, `${p.areaText} / ${e.areaText}`, p.areaCenti, e.areaCenti),
  ];
  // Heads count only in Civil Code mode (a multi-unit owner is one person).
  if (q.heads.decides)
    meters.push(meter('heads', '人数', q.heads, `${p.heads} / ${e.heads} 人`, p.heads, e.heads));
  return {
    head: headOf(v),
    final: v.final,
    summary: q.summary,
    quorumMet: q.met,
    meters,
    options: v.options.map((o) => ({
      label: o.label,
      households: `${o.support.households} 户 · ${o.householdPercentText}`,
      area: `${o.support.areaText} · ${o.areaPercentText}`,
      heads: q.heads.decides ? `${o.support.heads} 人` : '',
      passes: o.passes,
    })),
    buildings: v.buildings.map((b) => ({
      name: b.name,
      participation: `参与 ${b.participated.households} / ${b.eligible.households} 户 · ${b.participated.areaText} / ${b.eligible.areaText}`,
      options: b.options.map((o, i) => `${v.options[i].label} ${o.households} 户`).join(' · '),
    })),
    outcome: v.outcomeText,
    can: {
      cast: v.can.cast === true,
      recordPaper: v.can.recordPaper === true,
      close: v.can.close === true,
      recount: v.can.recount === true,
    },
  };
}

/**
 * Results: live while the vote is open (the running tally), final after close (the recount),
 * then the published list and a receipt lookup. Committee actions appear only when the server
 * allows them.
 */
// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    id: '',
    loading: true,
    error: null,
    shown: null,
    rows: [],
    page: 0,
    hasMore: false,
    published: false,
    receipt: '',
    lookup: null,
    recount: null,
    acting: '',
  } as ResultsPage,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    /** Back from recording a paper ballot: show the new figures. */
    onShow() {
      if (this.data.shown) return this.load();
      return undefined;
    },

    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      this.setData({ loading: true, error: null });
      const res = await call('vote', 'results', { voteId: this.data.id });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        if (res.code === 'NOT_MEMBER') {
          const back = encodeURIComponent(resultsPath(this.data.id));
          wx.redirectTo({ url: `/pages/bind/bind?redirect=${back}` });
        }
        return;
      }
      const v = res.data;
      this.setData({
        loading: false,
        shown: present(v),
        rows: (v.published?.rows ?? []).map(row),
        page: 0,
        hasMore: v.published?.hasMore ?? false,
        published: v.published !== null,
      });
    },

    onRetry() {
      return this.load();
    },

    async onMore() {
      if (!this.data.hasMore || this.data.acting) return;
      this.setData({ acting: 'more' });
      const page = this.data.page + 1;
      const res = await call('vote', 'results', { voteId: this.data.id, page });
      this.setData({ acting: '' });
      if (!res.ok || !res.data.published) {
        wx.showToast({ title: res.ok ? '名单暂不可用' : res.message, icon: 'none' });
        return;
      }
      this.setData({
        rows: [...this.data.rows, ...res.data.published.rows.map(row)],
        page,
        hasMore: res.data.published.hasMore,
      });
    },

    onReceipt(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ receipt: e.detail.value, lookup: null });
    },

    async onLookup() {
      const receipt = this.data.receipt.trim();
      if (!receipt || this.data.acting) return;
      this.setData({ acting: 'lookup' });
      const res = await call('vote', 'verifyReceipt', { voteId: this.data.id, receipt });
      this.setData({ acting: '' });
      if (!res.ok) {
        this.setData({ lookup: { found: false, text: res.message } });
        return;
      }
      const b = res.data.ballot;
      this.setData({
        lookup: b
          ? {
              found: true,
              text: `已计入：${b.units.join('、')} · ${b.areaText} · ${b.choice}`,
            }
          : { found: false, text: '公示名单中没有这个回执码，请核对后再试' },
      });
    },

    async onRecount() {
      if (this.data.acting) return;
      this.setData({ acting: 'recount' });
      const res = await call('vote', 'recount', { voteId: this.data.id });
      this.setData({ acting: '' });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      const r = res.data;
      this.setData({
        recount: {
          matches: r.matches,
          text: r.matches
            ? `重新计票一致：共 ${r.ballots} 张选票`
            : `重新计票不一致（共 ${r.ballots} 张选票）：${r.differences.join('；')}`,
        },
      });
    },

    async onClose() {
      if (this.data.acting) return;
      const { confirm } = await wx.showModal({
        title: '提前结束表决？',
        content: '结束后按选票重新计票并公示结果，不能再投票。',
        confirmText: '结束表决',
      });
      if (!confirm) return;
      this.setData({ acting: 'close' });
      const res = await call('vote', 'close', { voteId: this.data.id });
      this.setData({ acting: '' });
      wx.showToast({ title: res.ok ? '表决已结束' : res.message, icon: 'none' });
      await this.load();
    },

    onPaper() {
      wx.navigateTo({ url: paperPath(this.data.id) });
    },

    onBallot() {
      wx.navigateTo({ url: ballotPath(this.data.id) });
    },

    onShareAppMessage() {
      const title = this.data.shown?.head.title;
      return {
        title: title ? `表决结果：${title}` : '共治 · 表决',
        path: resultsPath(this.data.id),
      };
    },
  },
});
