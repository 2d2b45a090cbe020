import type { Fail } from '../../../typings/api';
import type { RollEntry } from '../../../typings/vote';
import { call } from '../../services/cloud';
import { choosePhotos } from '../../services/photos';

interface Household {
  unitId: string;
  label: string;
  areaText: string;
  voted: boolean;
}

interface Form {
  unitId: string;
  label: string;
  option: number;
  evidence: string;
  error: string;
  saving: boolean;
}

interface PaperPage {
  id: string;
  loading: boolean;
  error: Fail | null;
  title: string;
  options: Array<{ index: number; label: string }>;
  buildings: Array<{ id: string; name: string }>;
  /** Why this caller may not record now (not committee, vote not open), as the server says. */
  refusal: string;
  buildingId: string;
  rollLoading: boolean;
  /** "已投 3 / 4 户" */
  rollSummary: string;
  households: Household[];
  form: Form;
  /** The last ballot recorded here. */
  done: { label: string; receipt: string } | null;
}

const emptyForm = (): Form => ({
  unitId: '',
  label: '',
  option: -1,
  evidence: '',
  error: '',
  saving: false,
});

const household = (h: RollEntry): Household => ({
  unitId: h.unitId,
  label: h.units.join('、'),
  areaText: h.areaText,
  voted: h.voted,
});

type Tap<D extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  D
>;

/**
 * Committee: records a household's paper ballot with a photo of it. Pick a building, then a
 * household that has not voted (the server's roll), the option, the photo. The server keeps one
 * ballot per household whatever the channel; its refusals are shown as they come.
 */
// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    id: '',
    loading: true,
    error: null,
    title: '',
    options: [],
    buildings: [],
    refusal: '',
    buildingId: '',
    rollLoading: false,
    rollSummary: '',
    households: [],
    form: emptyForm(),
    done: null,
  } as PaperPage,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, error: null });
      const res = await call('vote', 'results', { voteId: this.data.id });
      if (!res.ok) {
        this.setData({ loading: false, error: res });
        return;
      }
      const v = res.data;
      wx.setNavigationBarTitle({ title: '录入纸质选票' });
      this.setData({
        loading: false,
        title: v.title,
        options: v.options.map((o) => ({ index: o.index, label: o.label })),
        buildings: v.buildings.map((b) => ({ id: b.buildingId, name: b.name })),
        refusal: v.can.recordPaper === true ? '' : v.can.recordPaper.message,
      });
    },

    onRetry() {
      return this.load();
    },

    async onBuilding(e: Tap<{ id: string }>) {
      this.setData({ buildingId: e.currentTarget.dataset.id, form: emptyForm() });
      await this.loadRoll();
    },

    /** The building's households and whether each has voted (never how). */
    async loadRoll() {
      const buildingId = this.data.buildingId;
      this.setData({ rollLoading: true });
      const res = await call('vote', 'roll', { voteId: this.data.id, buildingId });
      if (buildingId !== this.data.buildingId) return; // another building was picked meanwhile
      if (!res.ok) {
        this.setData({
          rollLoading: false,
          households: [],
          rollSummary: '',
          'form.error': res.message,
        });
        return;
      }
      const r = res.data;
      this.setData({
        rollLoading: false,
        households: r.households.map(household),
        rollSummary: `${r.name}：已投 ${r.voted} / ${r.households.length} 户`,
      });
    },

    onHousehold(e: Tap<{ index: number }>) {
      const h = this.data.households[Number(e.currentTarget.dataset.index)];
      if (!h || h.voted) return;
      this.setData({ 'form.unitId': h.unitId, 'form.label': h.label, 'form.error': '' });
    },

    onOption(e: Tap<{ index: number }>) {
      this.setData({ 'form.option': Number(e.currentTarget.dataset.index), 'form.error': '' });
    },

    async onPhoto() {
      const [evidence] = (await choosePhotos('vote/paper', 1)).map((p) => p.fileId);
      if (evidence) this.setData({ 'form.evidence': evidence, 'form.error': '' });
    },

    async onSubmit() {
      const f = this.data.form;
      if (f.saving || !f.unitId || f.option < 0 || !f.evidence) return;
      this.setData({ 'form.saving': true, 'form.error': '' });
      const res = await call('vote', 'recordPaper', {
        voteId: this.data.id,
        unitId: f.unitId,
        option: f.option,
        evidence: f.evidence,
      });
      if (!res.ok) {
        // E.g. the household voted online meanwhile: say so, and show the roll as it is now.
        this.setData({ 'form.saving': false, 'form.error': res.message });
        await this.loadRoll();
        return;
      }
      this.setData({ done: { label: f.label, receipt: res.data.receipt }, form: emptyForm() });
      wx.showToast({ title: '已录入纸质选票', icon: 'success' });
      await this.loadRoll();
    },
  },
});
