import type { Fail, Refusal } from '../../../typings/api';
import type { MyBallot } from '../../../typings/vote';
import { call } from '../../services/cloud';
import { dateTime } from '../proposal/present';
import { ballotPath, headOf, resultsPath, type VoteHead } from './present';

/** My ballot as shown: the choice and receipt once cast, and whether I may cast now and why not. */
interface Mine {
  units: string;
  unitId: string;
  /** The caller's households when they have several, to switch between. */
  households: Array<{ unitId: string; label: string; current: boolean }>;
  cast: { choice: string; receipt: string; facts: string } | null;
  canCast: boolean;
  /** The server's reason a ballot cannot be cast now, e.g. "表决已经结束". */
  why: string;
  buttonLabel: string;
  /** Said before the first ballot and in the confirm dialog. */
  finality: string;
}

interface BallotPage {
  id: string;
  loading: boolean;
  error: Fail | null;
  head: VoteHead | null;
  options: Array<{ index: number; label: string }>;
  /** The chosen option, -1 for none yet. */
  choice: number;
  /** Null when the caller has no ballot in this vote (`why` says so). */
  mine: Mine | null;
  /** Why the caller has no ballot here (e.g. "你家不在这次表决的范围内"). */
  why: string;
  casting: boolean;
}

type Tap<D extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  D
>;

const whyNot = (verdict: true | Refusal): string => (verdict === true ? '' : verdict.message);

function mineOf(b: MyBallot): Mine {
  const canCast = b.can.cast === true;
  return {
    units: b.units.join('、'),
    unitId: b.unitId,
    households:
      b.households.length > 1
        ? b.households.map((h) => ({ ...h, current: h.unitId === b.unitId }))
        : [],
    cast: b.cast
      ? {
          choice: b.cast.choice,
          receipt: b.cast.receipt,
          facts: `${b.cast.channel === 'paper' ? '业委会录入的纸质选票' : '网上投票'} · ${dateTime(b.cast.at)}`,
        }
      : null,
    canCast,
    why: whyNot(b.can.cast),
    buttonLabel: !b.cast ? '投票' : canCast ? '修改选择' : '已投票',
    finality: b.allowRevote
      ? '本小区允许在截止前修改选择，以最后一次为准。'
      : '每户一票，投出后不能修改。',
  };
}

/**
 * The ballot: the vote, my household, the options, and after casting my choice and receipt.
 * The server says whether I may cast and words every refusal; the page shows them as they are.
 */
// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    id: '',
    loading: true,
    error: null,
    head: null,
    options: [],
    choice: -1,
    mine: null,
    why: '',
    casting: false,
  } as BallotPage,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },

    /** The vote (results) and my ballot side by side; someone outside the vote still sees the vote. */
    async load(unitId?: string) {
      this.setData({ loading: true, error: null });
      const voteId = this.data.id;
      const [vote, ballot] = await Promise.all([
        call('vote', 'results', { voteId }),
        call('vote', 'myBallot', unitId ? { voteId, unitId } : { voteId }),
      ]);
      if (!vote.ok) {
        this.setData({ loading: false, error: vote });
        // A shared link opened by someone who has not joined: bind first, then come back here.
        if (vote.code === 'NOT_MEMBER') {
          wx.redirectTo({ url: `/pages/bind/bind?redirect=${encodeURIComponent(this.path())}` });
        }
        return;
      }
      const v = vote.data;
      this.setData({
        loading: false,
        head: headOf(v),
        options: v.options.map((o) => ({ index: o.index, label: o.label })),
        ...(ballot.ok ? this.ballotData(ballot.data) : { mine: null, why: ballot.message }),
      });
    },

    ballotData(b: MyBallot) {
      return { mine: mineOf(b), why: '', choice: b.cast ? b.cast.option : -1 };
    },

    path(): string {
      return ballotPath(this.data.id);
    },

    onRetry() {
      return this.load();
    },

    onChoose(e: Tap<{ index: number }>) {
      if (this.data.mine?.canCast) this.setData({ choice: Number(e.currentTarget.dataset.index) });
    },

    onHousehold(e: Tap<{ unitId: string }>) {
      return this.load(e.currentTarget.dataset.unitId);
    },

    /** Confirms, then casts. A refusal (e.g. a family member was quicker) is shown as the server words it. */
    async onCast() {
      const { mine, choice, options, casting } = this.data;
      if (!mine?.canCast || choice < 0 || casting) return;
      const { confirm } = await wx.showModal({
        title: '确认投票',
        content: `你选择「${options[choice].label}」（${mine.units}）。${mine.finality}`,
        confirmText: '确认投票',
      });
      if (!confirm) return;
      this.setData({ casting: true });
      const res = await call('vote', 'cast', {
        voteId: this.data.id,
        option: choice,
        unitId: mine.unitId,
      });
      this.setData({ casting: false });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none', duration: 2500 });
        await this.load(mine.unitId);
        return;
      }
      this.setData(this.ballotData(res.data));
      wx.showToast({ title: '投票成功', icon: 'success' });
    },

    onCopyReceipt() {
      const receipt = this.data.mine?.cast?.receipt;
      if (receipt) wx.setClipboardData({ data: receipt });
    },

    onResults() {
      wx.navigateTo({ url: resultsPath(this.data.id) });
    },

    onShareAppMessage() {
      const title = this.data.head?.title;
      return { title: title ? `请参加表决：${title}` : '共治 · 表决', path: this.path() };
    },
  },
});
