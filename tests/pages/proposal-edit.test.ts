/**
 * The create/edit form and publishing through the whole path: page → services/cloud → gateway →
 * proposal.meta / create / update / publish / withdraw → store, in an estate of its own (new
 * proposals would otherwise show up in the demo estate's feed for other test files).
 */
import type { ProposalView } from '../../typings/proposal';
import { as, ok, ownEstate, published, type OwnEstate } from './proposal-fixture';
import { useBackend } from './support';
import { answerModal, loadPage, setIdentity, waitFor, wxLog } from './harness';

const writer = 'page-edit-writer';
const drafter = 'page-edit-drafter';
const careless = 'page-edit-careless';
let own: OwnEstate;

beforeAll(async () => {
  // 20 households, 10 per building.
  own = await ownEstate({ name: '议题表单花园', units: 20, members: [writer, drafter, careless] });
});

async function openForm(openid: string, query: Record<string, string>) {
  setIdentity(openid);
  const page = loadPage('pages/proposal-edit/proposal-edit', { beforeLoad: useBackend() });
  await page.callOnLoad(query);
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

async function openProposal(openid: string, id: string) {
  setIdentity(openid);
  const page = loadPage('pages/proposal/proposal', { beforeLoad: useBackend() });
  await page.callOnLoad({ id });
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

const draftsOf = async (openid: string) =>
  (await ok(as(openid).call('proposal', 'list', { estateId: own.estateId, status: 'draft' })))
    .items;
const get = (openid: string, proposalId: string): Promise<ProposalView> =>
  ok(as(openid).call('proposal', 'get', { proposalId }));

describe('proposal form', () => {
  it('offers the categories with their help texts, the default options and the buildings', async () => {
    const form = await openForm(writer, { estateId: own.estateId });
    expect(form.comp.data.error).toBeNull();
    expect(form.comp.querySelectorAll('.category')).toHaveLength(10);
    const useFund = form.text('.category--useFund');
    expect(useFund).toContain('第五项 · 使用建筑物及其附属设施的维修资金');
    expect(useFund).toContain('更换电梯属于这一项');
    expect(form.text('.category--community')).toContain('其他社区事务');
    expect(form.comp.data.form).toMatchObject({
      options: ['赞成', '反对', '弃权'],
      scopeKind: 'estate',
    });
    expect(form.comp.querySelectorAll('.option')).toHaveLength(3);

    expect(() => form.find('.buildings')).toThrow(/no node/);
    await form.tap('.scope__buildings');
    expect(form.text('.buildings')).toBe('1栋 2栋');
    // Nothing to publish before there is a draft.
    expect(() => form.find('.edit__publish')).toThrow(/no node/);
  });

  it("shows the server's message under a too-short title, and creates nothing", async () => {
    const form = await openForm(careless, { estateId: own.estateId });
    await form.input('.edit__title', '修路');
    await form.input('.edit__body', '小区南门外的路面坑洼积水，建议修补。');
    await form.tap('.category--community');
    await form.tap('.edit__save');

    await waitFor(
      () =>
        form.comp.data.saving === false && (form.comp.data.errors as Record<string, string>).title,
    );
    expect(form.text('#error-title')).toBe('标题至少 4 个字');
    expect(form.comp.data.proposalId).toBe('');
    expect(wxLog.toasts).toEqual([]);
    expect(await draftsOf(careless)).toEqual([]);

    // Typing again clears the message.
    await form.input('.edit__title', '修补南门路面');
    expect(() => form.find('#error-title')).toThrow(/no node/);
  });

  it('creates a draft for some buildings, then publishes it and opens the proposal', async () => {
    const form = await openForm(writer, { estateId: own.estateId });
    await form.input('.edit__title', '1栋天台防水维修');
    await form.input('.edit__body', '1栋顶层住户反映天台漏水，建议使用维修资金重做防水层。');
    await form.tap('.category--useFund');
    await form.tap('.scope__buildings');
    await form.tap(form.comp.querySelectorAll('.building')[0]);
    await form.tap('.edit__save');

    await waitFor(() => form.comp.data.proposalId);
    const id = form.comp.data.proposalId as string;
    expect(wxLog.toasts).toContainEqual(
      expect.objectContaining({ title: '草稿已保存，仅你自己可见' }),
    );
    const draft = await get(writer, id);
    expect(draft).toMatchObject({
      status: 'draft',
      title: '1栋天台防水维修',
      category: { code: 'useFund', matter: 5 },
      scope: { kind: 'buildings', label: '1栋' },
      options: ['赞成', '反对', '弃权'],
    });
    expect((await draftsOf(writer)).map((d) => d.id)).toEqual([id]);

    expect(form.text('.deadline')).toMatch(/联署截止时间 ?\d{4}-\d\d-\d\d 20:00/);
    await form.tap('.edit__publish');
    await waitFor(() => wxLog.navigations.length > 0);
    expect(wxLog.navigations).toEqual([
      { api: 'redirectTo', url: `/pages/proposal/proposal?id=${id}` },
    ]);
    const live = await get(writer, id);
    expect(live.status).toBe('cosigning');
    // Only 1栋's ten households count: ceil(10% × 10) = 1.
    expect(live.progress).toMatchObject({ households: 10, needed: 1, summary: '还需 1 户联署' });
    expect(await draftsOf(writer)).toEqual([]);
  });

  it('edits a draft, showing a bad option by its field', async () => {
    const { id } = await ok(
      as(drafter).call('proposal', 'create', {
        estateId: own.estateId,
        title: '增设儿童滑梯',
        body: '中心花园的儿童游乐设施太少，建议增设一座滑梯。',
        category: 'community',
        scope: { kind: 'estate' },
        options: ['同意', '不同意'],
      }),
    );
    const form = await openForm(drafter, { id });
    expect(form.comp.data.form).toMatchObject({
      title: '增设儿童滑梯',
      category: 'community',
      options: ['同意', '不同意'],
    });

    await form.input('.edit__title', '增设儿童滑梯和秋千');
    await form.tap('.option__add');
    await form.tap('.edit__save');
    await waitFor(
      () =>
        form.comp.data.saving === false &&
        (form.comp.data.errors as Record<string, string>).options,
    );
    expect(form.text('#error-options')).toBe('请填写选项');
    expect((await get(drafter, id)).title).toBe('增设儿童滑梯');

    await form.input(form.comp.querySelectorAll('.option__input')[2], '都不要');
    await form.tap('.edit__save');
    await waitFor(() => wxLog.toasts.length > 0);
    expect(await get(drafter, id)).toMatchObject({
      title: '增设儿童滑梯和秋千',
      options: ['同意', '不同意', '都不要'],
    });
  });

  it('refuses to edit a published proposal, with the reason', async () => {
    const id = await published(own.estateId, drafter, { title: '快递柜挪到北门' });
    const form = await openForm(drafter, { id });
    expect(form.comp.data.error).toMatchObject({ message: '议题联署中，不能修改' });
    expect(form.text('.edit__failed')).toContain('议题联署中，不能修改');
  });
});

describe('a draft on the proposal page', () => {
  it('is published from the page with a deadline, and withdrawn only after confirming', async () => {
    const { id } = await ok(
      as(drafter).call('proposal', 'create', {
        estateId: own.estateId,
        title: '垃圾分类督导志愿者',
        body: '每天早晚各一小时在投放点督导垃圾分类，请大家联署支持。',
        category: 'community',
        scope: { kind: 'estate' },
      }),
    );
    const page = await openProposal(drafter, id);
    expect(page.text('.head__status')).toBe('草稿');
    expect(() => page.find('.cosign')).toThrow(/no node/);
    expect(page.text('.author__publish')).toBe('发布并开始联署');
    await page.tap('.author__edit');
    expect(wxLog.navigations).toEqual([
      { api: 'navigateTo', url: `/pages/proposal-edit/proposal-edit?id=${id}` },
    ]);

    await page.tap('.author__publish');
    expect(page.comp.data.publishVisible).toBe(true);
    expect(page.text('.publish__deadline')).toMatch(/\d{4}-\d\d-\d\d 20:00/);
    await page.tap('.publish__confirm');
    await waitFor(() => (page.comp.data.view as ProposalView).status === 'cosigning');
    expect(page.text('.head__status')).toBe('联署中');
    expect(page.text('.cosign__summary')).toBe('还需 2 户联署');
    expect(() => page.find('.author__publish')).toThrow(/no node/);

    answerModal({ confirm: false });
    await page.tap('.author__withdraw');
    await waitFor(() => wxLog.modals.length === 1);
    expect((await get(drafter, id)).status).toBe('cosigning');

    answerModal({ confirm: true });
    await page.tap('.author__withdraw');
    await waitFor(() => (page.comp.data.view as ProposalView).status === 'withdrawn');
    expect(page.text('.head__status')).toBe('已撤回');
    expect(() => page.find('.author')).toThrow(/no node/);
    expect((await get(drafter, id)).status).toBe('withdrawn');
  });
});
