import type { Fail } from '../../../typings/api';
import type { CategoryCode, ProposalDraft, ProposalView } from '../../../typings/proposal';
import { call } from '../../services/cloud';
import { deadlinePicker, fieldRoot, fromPicker, matterItem } from '../proposal/present';
import { choosePhotos, previewsOf } from '../../services/photos';

/**
 * The counters under the title and body show these maxima, which are the server's limits as its
 * messages state them (the contract does not carry them). Typing past them is allowed: the
 * server refuses the save with its own message on the field.
 */
const COUNTER_MAX = { title: 60, body: 5000 };
/** "Cloud file ids of photos or documents (at most 9)" — typings/proposal.ts. */
const MAX_ATTACHMENTS = 9;

type ScopeKind = 'estate' | 'buildings';

interface Form {
  title: string;
  body: string;
  /** '' until the author picks one; the server then names the field. */
  category: CategoryCode | '';
  scopeKind: ScopeKind;
  buildingIds: string[];
  options: string[];
  attachments: string[];
}

interface EditView {
  estateId: string;
  /** '' until the draft exists on the server; then saving updates it. */
  proposalId: string;
  loading: boolean;
  /** Why the form cannot be used at all (not a member, not your draft, already published). */
  error: Fail | null;
  form: Form;
  categories: Array<{ code: CategoryCode; title: string; hint: string; special: boolean }>;
  buildings: Array<{ id: string; name: string; checked: boolean }>;
  /** The server's validation message, by the top-level field it names (`options[2]` → options). */
  errors: Record<string, string>;
  /** A refusal that names no field (rate limit, network). */
  formError: string;
  saving: boolean;
  publishing: boolean;
  /** The attachments' pictures, by file id: this phone's copies, or temporary URLs. */
  previews: Record<string, string>;
  uploading: boolean;
  counterMax: typeof COUNTER_MAX;
  picker: { start: string; end: string; value: string };
  pickerVisible: boolean;
}

type IndexEvent<D extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.CustomEvent<
  D,
  WechatMiniprogram.IAnyObject,
  { index: number }
>;
type DataTap<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  T
>;

const EMPTY_FORM: Form = {
  title: '',
  body: '',
  category: '',
  scopeKind: 'estate',
  buildingIds: [],
  options: [],
  attachments: [],
};

function formOf(view: ProposalView): Form {
  return {
    title: view.title,
    body: view.body,
    category: view.category.code,
    scopeKind: view.scope.kind,
    buildingIds: view.scope.buildingIds,
    options: view.options,
    attachments: view.attachments,
  };
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    estateId: '',
    proposalId: '',
    loading: true,
    error: null,
    form: EMPTY_FORM,
    categories: [],
    buildings: [],
    errors: {},
    formError: '',
    saving: false,
    publishing: false,
    previews: {},
    uploading: false,
    counterMax: COUNTER_MAX,
    picker: deadlinePicker(),
    pickerVisible: false,
  } as EditView,

  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ loading: true, error: null });
      let form: Form | null = null;
      let estateId = query.estateId ?? '';
      if (query.id) {
        const got = await call('proposal', 'get', { proposalId: query.id });
        if (!got.ok) return this.fail(got);
        if (got.data.can.update !== true) return this.fail({ ok: false, ...got.data.can.update });
        form = formOf(got.data);
        estateId = got.data.estateId;
        if (form.attachments.length > 0) void this.loadPreviews(got.data.id);
        this.setData({ proposalId: got.data.id });
        wx.setNavigationBarTitle({ title: '编辑议题' });
      }
      const meta = await call('proposal', 'meta', { estateId });
      if (!meta.ok) return this.fail(meta);
      const m = meta.data;
      form = form ?? { ...EMPTY_FORM, options: [...m.defaultOptions] };
      const chosen = new Set(form.buildingIds);
      this.setData({
        loading: false,
        estateId,
        form,
        categories: m.categories.map((c) => ({
          code: c.code,
          title: c.article278 ? `${matterItem(c)} · ${c.label}` : c.label,
          hint: c.hint,
          special: c.specialMajority,
        })),
        buildings: m.buildings.map((b) => ({ ...b, checked: chosen.has(b.id) })),
      });
    },

    fail(res: Fail) {
      this.setData({ loading: false, error: res });
    },

    onRetry() {
      const { proposalId, estateId } = this.data;
      return this.onLoad(proposalId ? { id: proposalId } : { estateId });
    },

    /** Editing a field clears the server's message about it. */
    edited(field: string, changes: Record<string, unknown>) {
      this.setData({ ...changes, [`errors.${field}`]: '', formError: '' });
    },

    onTitle(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.edited('title', { 'form.title': e.detail.value });
    },

    onBody(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.edited('body', { 'form.body': e.detail.value });
    },

    onCategory(e: DataTap<{ code: CategoryCode }>) {
      this.edited('category', { 'form.category': e.currentTarget.dataset.code });
    },

    onScope(e: DataTap<{ kind: ScopeKind }>) {
      this.edited('scope', { 'form.scopeKind': e.currentTarget.dataset.kind });
    },

    onBuilding(e: DataTap<{ id: string }>) {
      const buildings = this.data.buildings.map((b) =>
        b.id === e.currentTarget.dataset.id ? { ...b, checked: !b.checked } : b,
      );
      this.edited('scope', {
        buildings,
        'form.buildingIds': buildings.filter((b) => b.checked).map((b) => b.id),
      });
    },

    onOption(e: IndexEvent<{ value: string }>) {
      this.edited('options', {
        [`form.options[${e.currentTarget.dataset.index}]`]: e.detail.value,
      });
    },

    onAddOption() {
      this.edited('options', { 'form.options': [...this.data.form.options, ''] });
    },

    onRemoveOption(e: DataTap<{ index: number }>) {
      const options = this.data.form.options.filter((_, i) => i !== e.currentTarget.dataset.index);
      this.edited('options', { 'form.options': options });
    },

    async onAddImages() {
      if (this.data.uploading) return;
      this.setData({ uploading: true });
      try {
        const room = MAX_ATTACHMENTS - this.data.form.attachments.length;
        const added = await choosePhotos(`proposals/${this.data.estateId}`, room);
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

    /** The draft's stored attachments, through the temporary URLs the proposal hands out. */
    async loadPreviews(proposalId: string) {
      const res = await call('proposal', 'photos', { proposalId });
      if (res.ok)
        this.setData({ previews: { ...this.data.previews, ...previewsOf(res.data.photos) } });
    },

    onRemoveImage(e: DataTap<{ index: number }>) {
      const attachments = this.data.form.attachments.filter(
        (_, i) => i !== e.currentTarget.dataset.index,
      );
      this.edited('attachments', { 'form.attachments': attachments });
    },

    draft(): ProposalDraft {
      const f = this.data.form;
      return {
        title: f.title,
        body: f.body,
        // An empty category is sent as is: the server's refusal names the field.
        category: f.category as CategoryCode,
        scope:
          f.scopeKind === 'estate'
            ? { kind: 'estate' }
            : { kind: 'buildings', buildingIds: f.buildingIds },
        options: f.options,
        attachments: f.attachments,
      };
    },

    /** Shows a refusal by the field it names, or above the buttons when it names none. */
    refused(res: Fail) {
      const field = fieldRoot(res.field);
      if (res.code === 'INVALID_INPUT' && field) this.setData({ [`errors.${field}`]: res.message });
      else this.setData({ formError: res.message });
    },

    /** Creates the draft, or saves the changes to it. True when the server has the form as shown. */
    async save(): Promise<boolean> {
      this.setData({ errors: {}, formError: '' });
      const draft = this.draft();
      if (this.data.proposalId) {
        const res = await call('proposal', 'update', {
          proposalId: this.data.proposalId,
          ...draft,
        });
        if (!res.ok) this.refused(res);
        return res.ok;
      }
      const res = await call('proposal', 'create', { estateId: this.data.estateId, ...draft });
      if (!res.ok) {
        this.refused(res);
        return false;
      }
      this.setData({ proposalId: res.data.id });
      return true;
    },

    async onSave() {
      if (this.data.saving || this.data.publishing) return;
      this.setData({ saving: true });
      const ok = await this.save();
      this.setData({ saving: false });
      if (ok) wx.showToast({ title: '草稿已保存，仅你自己可见', icon: 'none' });
    },

    onPickDeadline() {
      this.setData({ pickerVisible: true });
    },

    onDeadlinePicked(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.edited('cosignDeadline', { pickerVisible: false, 'picker.value': e.detail.value });
    },

    onPickerCancel() {
      this.setData({ pickerVisible: false });
    },

    /** Saves what is on screen, then publishes it and opens the proposal page. */
    async onPublish() {
      if (this.data.saving || this.data.publishing || !this.data.proposalId) return;
      this.setData({ publishing: true });
      if (!(await this.save())) {
        this.setData({ publishing: false });
        return;
      }
      const proposalId = this.data.proposalId;
      const cosignDeadline = fromPicker(this.data.picker.value);
      const res = await call('proposal', 'publish', { proposalId, cosignDeadline });
      this.setData({ publishing: false });
      if (!res.ok) {
        this.refused(res);
        return;
      }
      wx.showToast({ title: '已发布，开始联署', icon: 'none' });
      wx.redirectTo({ url: `/pages/proposal/proposal?id=${proposalId}` });
    },
  },
});
