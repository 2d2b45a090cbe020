/**
 * The proposal page and the committee's forms through the whole path: page → services/cloud →
 * gateway → proposal.get / cosign / withdrawCosign / addHearing → store. The demo estate's
 * proposals are only read; co-signing and hearings happen in an estate of its own.
 */
import type { ProposalView } from '../../typings/proposal';
import { as, ok, ownEstate, published, type OwnEstate } from './proposal-fixture';
import { demoEstate, useBackend } from './support';
import { loadPage, setIdentity, waitFor, wxLog, type LoadedPage } from './harness';

const demo = demoEstate();
// The seed co-signs 电动车充电桩选址 with the bound households 1–8; this one is far from those.
const reader = demo.units.filter((u) => u.openid)[40].openid!;

const author = 'page-detail-author';
const early = 'page-detail-early';
const signer = 'page-detail-signer';
const family = 'page-detail-family';
const neighbour = 'page-detail-neighbour';
const chair = 'page-detail-chair';
let own: OwnEstate;
let lights = '';

beforeAll(async () => {
  // 40 households: the threshold is ceil(10% × 40) = 4, far enough for a co-sign and a withdrawal.
  own = await ownEstate({
    name: '议题详情花园',
    units: 40,
    members: [author, early, signer, neighbour, chair],
    family: [[family, 2]],
    committee: [chair],
  });
  lights = await published(own.estateId, author, {
    title: '楼道加装感应灯',
    body: '晚上楼道太黑，老人上下楼容易摔倒。建议每层加装声光感应灯，费用从公共收益列支。',
  });
  await ok(as(early).call('proposal', 'cosign', { proposalId: lights }));
});

async function demoId(title: string): Promise<string> {
  const { items } = await ok(as(reader).call('proposal', 'list', { estateId: demo.estateId }));
  return items.find((i) => i.title === title)!.id;
}

async function openProposal(openid: string, id: string, mode: 'local' | 'cloud' = 'local') {
  setIdentity(openid);
  const page = loadPage('pages/proposal/proposal', { beforeLoad: useBackend(mode) });
  await page.callOnLoad({ id });
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

const viewOf = (page: LoadedPage) => page.comp.data.view as ProposalView;

describe('proposal page: the demo estate, read only', () => {
  it.each(['local', 'cloud'] as const)(
    'shows 电动车充电桩选址 with its category, progress and "还需 4 户联署" (%s mode)',
    async (mode) => {
      const id = await demoId('电动车充电桩选址');
      const page = await openProposal(reader, id, mode);

      expect(page.text('.head__title')).toBe('电动车充电桩选址');
      expect(page.text('.head__status')).toBe('联署中');
      expect(page.text('.head__meta')).toContain('范围：全小区');
      expect(page.text('.category__matter')).toContain('民法典第二百七十八条第八项');
      expect(page.text('.category__special')).toContain('四分之三以上');
      expect(page.text('.body__text')).toContain('集中安装带计时计费和自动断电的充电桩');
      expect(page.text('.body__options')).toBe('表决选项：赞成 / 反对 / 弃权');

      expect(page.text('.cosign__summary')).toBe('还需 4 户联署');
      expect(page.text('.cosign__count')).toBe('8/12 户');
      expect(page.text('.cosign__facts')).toContain('已联署 8 户，门槛 12 户');
      expect(page.text('.cosign__deadline')).toMatch(/联署截止：\d{4}-\d\d-\d\d \d\d:\d\d/);
      expect(() => page.find('.cosign__meeting')).toThrow(/no node/);
      expect(page.text('.cosign__button')).toBe('联署支持');
      expect(page.comp.data.shown).toMatchObject({ cosign: { enabled: true, why: '' } });
      // Not the author, not the committee: nothing else to do.
      expect(() => page.find('.author')).toThrow(/no node/);
      expect(() => page.find('.committee')).toThrow(/no node/);

      const share = (page.page.onShareAppMessage as () => { title: string; path: string })();
      expect(share).toEqual({
        title: '电动车充电桩选址（还需 4 户联署）',
        path: `/pages/proposal/proposal?id=${id}`,
      });
    },
  );

  it('shows the two hearings of 更换6部电梯 while it is put to the vote; the committee sees its actions, a resident does not', async () => {
    const id = await demoId('更换6部电梯');
    const resident = await openProposal(reader, id);
    expect(resident.text('.head__status')).toBe('表决中');
    expect(resident.text('.category__matter')).toContain('第五项');
    expect(() => resident.find('.category__special')).toThrow(/no node/);
    expect(resident.comp.querySelectorAll('.hearing')).toHaveLength(2);
    expect(resident.text('.hearings')).toContain('听证记录（2 次）');
    expect(resident.text('.hearings')).toContain('第一次听证会');
    expect(resident.text('.hearings')).toContain('第二次听证会');
    expect(() => resident.find('.committee')).toThrow(/no node/);

    const member = await openProposal(demo.committee[0], id);
    expect(member.text('.committee')).toContain('业委会操作');
    expect(member.text('.committee__addHearing')).toBe('记录听证会');
    // Already put to the vote: not schedulable, rejectable or admissible again, and no
    // milestones before the vote ends.
    for (const gone of ['schedule', 'reject', 'admit', 'addMilestone'])
      expect(() => member.find(`.committee__${gone}`)).toThrow(/no node/);
  });

  it('shows the public reason of a rejection, the times of a scheduled vote, and follow-up after a decided one', async () => {
    const rejected = await openProposal(reader, await demoId('在中庭开设收费停车位'));
    expect(rejected.text('.rejection')).toContain('中庭是消防车通道和登高场地');
    expect(rejected.text('.cosign__why')).toContain('不能联署');

    const cameras = await openProposal(reader, await demoId('公共区域加装监控'));
    expect(cameras.text('.head__status')).toBe('已排期表决');
    expect(cameras.text('.vote__times')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d 至 \d{4}-\d\d-\d\d \d\d:\d\d$/,
    );

    const parkId = await demoId('后山公园开放时间调整');
    expect((await openProposal(reader, parkId)).text('.head__status')).toBe('表决已结束');
    const member = await openProposal(demo.committee[0], parkId);
    expect(member.text('.committee__addMilestone')).toBe('记录进展');
    expect(() => member.find('.committee__addHearing')).toThrow(/no node/);
  });

  it('sends someone who has not joined to bind first, then back here', async () => {
    const id = await demoId('电动车充电桩选址');
    const page = await openProposal('page-detail-stranger', id);
    expect(page.comp.data.error).toMatchObject({ code: 'NOT_MEMBER' });
    const back = encodeURIComponent(`/pages/proposal/proposal?id=${id}`);
    expect(wxLog.navigations).toEqual([
      { api: 'redirectTo', url: `/pages/bind/bind?redirect=${back}` },
    ]);
  });
});

describe('proposal page: co-signing, one per household', () => {
  it('co-signs, then refuses the household a second co-sign, then withdraws', async () => {
    // The family member's page is open before anyone in the household co-signs.
    const stale = await openProposal(family, lights);
    expect(stale.comp.data.shown).toMatchObject({ cosign: { enabled: true } });

    const page = await openProposal(signer, lights);
    expect(page.text('.cosign__summary')).toBe('还需 3 户联署');
    expect(page.text('.cosign__count')).toBe('1/4 户');
    await page.tap('.cosign__button');

    await waitFor(() => viewOf(page).progress?.cosigned === 2);
    expect(page.text('.cosign__summary')).toBe('还需 2 户联署');
    expect(page.text('.cosign__count')).toBe('2/4 户');
    expect(page.text('.cosign__mine')).toBe(`你家（${own.labels[signer]}）已联署`);
    expect(page.text('.cosign__button')).toBe('你家已联署');
    expect(page.comp.data.shown).toMatchObject({ cosign: { enabled: false } });
    expect(page.text('.cosign__why')).toBe('你家已经联署过了（每户一次）');
    expect(page.text('.cosign__withdraw')).toBe('撤回我家的联署');
    expect(wxLog.toasts).toContainEqual(expect.objectContaining({ title: '已联署，谢谢支持' }));

    // The other member of the household taps on the page opened earlier: refused by the server.
    setIdentity(family);
    await stale.tap('.cosign__button');
    await waitFor(() => wxLog.toasts.some((t) => t.title === '你家已经联署过了（每户一次）'));
    await waitFor(() => viewOf(stale).myCosign !== null && stale.comp.data.loading === false);
    expect(stale.text('.cosign__why')).toBe('你家已经联署过了（每户一次）');
    expect(stale.text('.cosign__summary')).toBe('还需 2 户联署');
    const after = await ok(as(neighbour).call('proposal', 'get', { proposalId: lights }));
    expect(after.progress).toMatchObject({ cosigned: 2, remaining: 2 });

    // Withdrawing gives the household its co-sign back.
    setIdentity(signer);
    await page.tap('.cosign__withdraw');
    await waitFor(() => viewOf(page).progress?.cosigned === 1);
    expect(page.text('.cosign__summary')).toBe('还需 3 户联署');
    expect(page.text('.cosign__button')).toBe('联署支持');
    expect(() => page.find('.cosign__withdraw')).toThrow(/no node/);
    expect(() => page.find('.cosign__mine')).toThrow(/no node/);
  });
});

describe('committee actions', () => {
  async function openForm(openid: string, action: string) {
    setIdentity(openid);
    const page = loadPage('pages/proposal-committee/proposal-committee', {
      beforeLoad: useBackend(),
    });
    await page.callOnLoad({ id: lights, action });
    await waitFor(() => page.comp.data.loading === false);
    return page;
  }

  it('lets the committee log a hearing, which the proposal page then shows', async () => {
    const resident = await openProposal(neighbour, lights);
    expect(() => resident.find('.committee')).toThrow(/no node/);

    const detail = await openProposal(chair, lights);
    await detail.tap('.committee__addHearing');
    expect(wxLog.navigations).toEqual([
      {
        api: 'navigateTo',
        url: `/pages/proposal-committee/proposal-committee?id=${lights}&action=addHearing`,
      },
    ]);

    const form = await openForm(chair, 'addHearing');
    expect(form.text('.committee__heading')).toBe('记录听证会');
    expect(form.text('.committee__proposal')).toContain('楼道加装感应灯');
    // Too short: the server's message under the field, and nothing recorded.
    await form.input('.committee__summary', '开会');
    await form.tap('.committee__submit');
    await waitFor(() => form.comp.data.submitting === false && form.text('#error-summary'));
    expect(form.text('#error-summary')).toBe('听证纪要至少 5 个字');
    expect(wxLog.navigations).toHaveLength(1);

    await form.input(
      '.committee__summary',
      '第一次听证会：物业报价每层 120 元，多数住户同意加装。',
    );
    expect(form.comp.data.errors).toEqual({ summary: '' });
    await form.tap('.committee__submit');
    await waitFor(() => wxLog.navigations.length === 2);
    expect(wxLog.navigations[1]).toEqual({ api: 'navigateBack', delta: 1 });
    expect(wxLog.toasts).toContainEqual(expect.objectContaining({ title: '听证记录已添加' }));

    // Back on the proposal page.
    await detail.callOnShow();
    await waitFor(() => viewOf(detail).hearings.length === 1);
    expect(detail.text('.hearings')).toContain('物业报价每层 120 元');
    expect(detail.text('.hearings')).toContain('第 1 次');
  });

  it("shows a resident the server's refusal instead of the form", async () => {
    const form = await openForm(neighbour, 'addHearing');
    expect(form.comp.data.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(() => form.find('.committee__submit')).toThrow(/no node/);
    expect(form.text('.committee__error')).toContain('记录听证会');
  });
});

describe('an admitted proposal', () => {
  const owners = ['page-admitted-a', 'page-admitted-b', 'page-admitted-chair'];
  let proposalId = '';

  beforeAll(async () => {
    // Five households of 85–125 m²: two co-signs pass the threshold (1) and also 20% of area
    // (180 of 525 m²) and of heads (2 of 5).
    const small = await ownEstate({
      name: '议题准入花园',
      units: 5,
      members: owners,
      committee: [owners[2]],
    });
    proposalId = await published(small.estateId, owners[0], { title: '小区大门加装门禁' });
    for (const openid of owners.slice(0, 2))
      await ok(as(openid).call('proposal', 'cosign', { proposalId }));
  });

  it('says when the co-signs also reach the 20% / 20% of a temporary owners meeting', async () => {
    const page = await openProposal(owners[1], proposalId);
    expect(page.text('.head__status')).toBe('已准入，待排期表决');
    expect(page.text('.cosign__summary')).toBe('已达到联署门槛');
    expect(page.text('.cosign__meeting')).toContain('面积 34.2%');
    expect(page.text('.cosign__meeting')).toContain('业主人数 40.0%');
    expect(page.text('.cosign__meeting')).toContain('临时业主大会');
    // Support still counts after admission, but no longer comes back out.
    expect(() => page.find('.cosign__withdraw')).toThrow(/no node/);
  });

  it('is scheduled for a vote by the committee', async () => {
    const detail = await openProposal(owners[2], proposalId);
    await detail.tap('.committee__schedule');
    setIdentity(owners[2]);
    const form = loadPage('pages/proposal-committee/proposal-committee', {
      beforeLoad: useBackend(),
    });
    await form.callOnLoad({ id: proposalId, action: 'schedule' });
    await waitFor(() => form.comp.data.loading === false);
    expect(form.text('.committee__opens')).toMatch(/开始时间 ?\d{4}-\d\d-\d\d 08:00/);
    expect(form.text('.committee__closes')).toMatch(/结束时间 ?\d{4}-\d\d-\d\d 20:00/);
    await form.tap('.committee__submit');
    await waitFor(() => wxLog.navigations.some((n) => n.api === 'navigateBack'));

    await detail.callOnShow();
    await waitFor(() => viewOf(detail).status === 'scheduled');
    expect(detail.text('.head__status')).toBe('已排期表决');
    expect(detail.text('.vote__times')).toMatch(/08:00 至 .* 20:00$/);
    expect(() => detail.find('.committee__schedule')).toThrow(/no node/);
  });
});
