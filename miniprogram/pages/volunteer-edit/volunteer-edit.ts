import type { TeamSummary } from '../../../typings/volunteer';
import { call } from '../../services/cloud';
import { formatChina, parseChina } from '../../shared/china-time';

const HOUR = 3_600_000;

interface EditView {
  loading: boolean;
  /** Why the caller cannot post here ('' = may post). */
  refusal: string;
  estateId: string;
  teams: TeamSummary[];
  teamNames: string[];
  teamIndex: number;
  title: string;
  place: string;
  description: string;
  date: string;
  today: string;
  start: string;
  end: string;
  places: string;
  saving: boolean;
  /** The server's refusal, shown beside its field ('' = a general one, shown as a toast). */
  error: { field: string; message: string } | null;
}

type Field = WechatMiniprogram.CustomEvent<{ value: string }>;
type Picked = WechatMiniprogram.CustomEvent<{ value: string | number }>;

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    loading: true,
    refusal: '',
    estateId: '',
    teams: [],
    teamNames: [],
    teamIndex: 0,
    title: '',
    place: '',
    description: '',
    // The pickers show China time, whatever zone the phone is in.
    date: formatChina(Date.now() + 24 * HOUR, 'YYYY-MM-DD'),
    today: formatChina(Date.now(), 'YYYY-MM-DD'),
    start: '19:00',
    end: '21:00',
    places: '6',
    saving: false,
    error: null,
  } as EditView,

  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const res = await call(
        'volunteer',
        'list',
        query.estateId ? { estateId: query.estateId } : {},
      );
      if (!res.ok) {
        this.setData({ loading: false, refusal: res.message });
        return;
      }
      const { canCreate, teams, estateId } = res.data;
      this.setData({
        loading: false,
        estateId,
        teams,
        teamNames: teams.map((t) => t.name),
        refusal:
          canCreate !== true
            ? canCreate.message
            : teams.length === 0
              ? '本小区还没有志愿服务队，请业委会先成立一支'
              : '',
      });
    },

    onTitle(e: Field) {
      this.setData({ title: e.detail.value, error: null });
    },
    onPlace(e: Field) {
      this.setData({ place: e.detail.value, error: null });
    },
    onDescription(e: Field) {
      this.setData({ description: e.detail.value, error: null });
    },
    onPlaces(e: Field) {
      this.setData({ places: e.detail.value, error: null });
    },
    onTeam(e: Picked) {
      this.setData({ teamIndex: Number(e.detail.value), error: null });
    },
    onDate(e: Picked) {
      this.setData({ date: String(e.detail.value), error: null });
    },
    onStart(e: Picked) {
      this.setData({ start: String(e.detail.value), error: null });
    },
    onEnd(e: Picked) {
      this.setData({ end: String(e.detail.value), error: null });
    },

    async onSubmit() {
      const d = this.data;
      if (d.saving || d.refusal) return;
      const startAt = parseChina(`${d.date} ${d.start}`);
      const endAt = parseChina(`${d.date} ${d.end}`);
      // The pickers only give real dates and times; anything else is not sent.
      if (!startAt || !endAt) return;
      // Signups close an hour before the start; for a need posted at short notice, at the start.
      const hourBefore = new Date(startAt.getTime() - HOUR);
      const signupDeadline = hourBefore.getTime() > Date.now() ? hourBefore : startAt;
      this.setData({ saving: true, error: null });
      const res = await call('volunteer', 'createTask', {
        estateId: d.estateId,
        teamId: d.teams[d.teamIndex].id,
        title: d.title,
        description: d.description,
        place: d.place,
        startAt: startAt.toISOString(),
        endAt: endAt.toISOString(),
        signupDeadline: signupDeadline.toISOString(),
        places: Number(d.places),
      });
      this.setData({ saving: false });
      if (!res.ok) {
        this.setData({ error: { field: res.field ?? '', message: res.message } });
        wx.showToast({ title: res.message, icon: 'none', duration: 2500 });
        return;
      }
      wx.showToast({ title: '已发布，分享到群里召集邻居吧', icon: 'none' });
      wx.redirectTo({ url: `/pages/volunteer-task/volunteer-task?id=${res.data.id}` });
    },
  },
});
