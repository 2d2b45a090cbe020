/**
 * The vote pages through the whole path, with no mock in between: page → services/cloud →
 * gateway → vote function (results, myBallot, cast, recordPaper, roll, recount, close,
 * verifyReceipt) → node-sdk → store. The demo estate's votes are only read; casting, paper
 * ballots and closing happen in an estate of the test's own, because page test files share one
 * seeded stack.
 */
import type { ResultsView } from '../../typings/vote';
import { localFileId } from '../../local/storage';
import { openVoteOn, type Caller } from '../support/vote';
import { as, ok, ownEstate, type OwnEstate } from './proposal-fixture';
import { demoEstate, useBackend } from './support';
import { answerModal, loadPage, setIdentity, waitFor, wxLog, type LoadedPage } from './harness';

const demo = demoEstate();
const bound = demo.units.filter((u) => u.openid);
// A demo resident far from the ones other page tests act as.
const reader = bound[30].openid!;

// Eight households: 1栋 has the first four (members 0–3 bind them in order), 2栋 the rest.
const chair = 'page-vote-chair';
const voter = 'page-vote-voter';
const neighbour = 'page-vote-neighbour';
const fourth = 'page-vote-fourth';
const fifth = 'page-vote-fifth';
const spouse = 'page-vote-spouse'; // a second member of the voter's household
let own: OwnEstate;
let voteId = '';

const caller: Caller = (openid) => (fn, action, req) => ok(as(openid!).call(fn, action, req));

beforeAll(async () => {
  own = await ownEstate({
    name: '表决页面花园',
    units: 8,
    members: [chair, voter, neighbour, fourth, fifth],
    family: [[spouse, 1]],
    committee: [chair],
  });
  ({ voteId } = await openVoteOn(
    caller,
    {
      estateId: own.estateId,
      committee: [chair],
      units: [chair, voter, neighbour, fourth, fifth].map((openid) => ({ openid })),
    },
    { title: '楼道加装扶手', category: 'community' },
  ));
});

/** The clipboard as the page leaves it (simulate's stub forgets). */
const copied: string[] = [];
beforeEach(() => {
  copied.length = 0;
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  wx.setClipboardData = (o: { data: string }) => {
    copied.push(o.data);
    return Promise.resolve({ errMsg: 'setClipboardData:ok' });
  };
  // One photo picked, as if from the camera (simulate's stub picks none).
  wx.chooseMedia = () =>
    Promise.resolve({ tempFiles: [{ tempFilePath: 'http://tmp/ballot-7.jpg' }], type: 'image' });
});

async function open(
  route: 'vote' | 'vote-results' | 'vote-paper',
  openid: string,
  id: string,
  mode: 'local' | 'cloud' = 'local',
): Promise<LoadedPage> {
  setIdentity(openid);
  const page = loadPage(`pages/${route}/${route}`, { beforeLoad: useBackend(mode) });
  await page.callOnLoad({ id });
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

const results = (id: string, openid = chair) =>
  ok(as(openid).call('vote', 'results', { voteId: id }));
const ballotOf = (id: string, openid: string) =>
  ok(as(openid).call('vote', 'myBallot', { voteId: id }));
/** What the pages sent to the vote function, by action (wx.request in local mode, wx.cloud in cloud). */
const sent = (action: string) =>
  [...wxLog.requests.map((r) => r.data), ...wxLog.cloudCalls.map((c) => c.data)].filter(
    (d) => (d as { action?: string } | undefined)?.action === action,
  );
const mine = (page: LoadedPage) => page.comp.data.mine as { canCast: boolean } | null;
const texts = (page: LoadedPage, selector: string) =>
  page.comp.querySelectorAll(selector).map((n) => page.text(n));

/** The demo vote of a proposal, by the id the proposal's view carries. */
async function demoVote(title: string): Promise<string> {
  const { items } = await ok(as(reader).call('proposal', 'list', { estateId: demo.estateId }));
  const proposal = await ok(
    as(reader).call('proposal', 'get', { proposalId: items.find((i) => i.title === title)!.id }),
  );
  return proposal.vote!.voteId!;
}

describe('the demo estate, read only', () => {
  it.each(['local', 'cloud'] as const)(
    '更换6部电梯 (open, Civil Code mode): my choice and receipt, no second ballot (%s mode)',
    async (mode) => {
      const lifts = await demoVote('更换6部电梯');
      const stored = await ballotOf(lifts, reader);
      expect(stored.cast).not.toBeNull(); // the seed voted for the first 60 households
      const page = await open('vote', reader, lifts, mode);

      expect(page.text('.head__title')).toBe('更换6部电梯');
      expect(page.text('.head__status')).toBe('表决中');
      expect(page.text('.head__mode')).toContain('民法典第二百七十八条');
      expect(page.text('.head__times')).toMatch(
        /^投票时间：\d{4}-\d\d-\d\d \d\d:\d\d 至 \d{4}-\d\d-\d\d \d\d:\d\d$/,
      );
      expect(page.text('.mine__units')).toBe(`我的选票：${stored.units.join('、')}`);
      expect(page.text('.receipt__choice')).toBe(`你的选择：${stored.cast!.choice}`);
      expect(page.text('.receipt__value')).toBe(stored.cast!.receipt);
      expect(texts(page, '.ballot__option')).toEqual(['赞成', '反对', '弃权']);
      // Cast already: the options are locked and the server says why.
      expect(mine(page)).toMatchObject({ canCast: false });
      expect(page.comp.data.choice).toBe(stored.cast!.option);
      expect(page.text('.ballot__why')).toBe('这户已经投过票了（每户一票）');
      // Tapping another option or the button does nothing: no dialog, no ballot sent.
      await page.tap(page.comp.querySelectorAll('.ballot__option')[(stored.cast!.option + 1) % 3]);
      await page.tap('.ballot__cast');
      expect(page.comp.data.choice).toBe(stored.cast!.option);
      expect(wxLog.modals).toEqual([]);
      expect(sent('cast')).toEqual([]);

      await page.tap('.receipt__code');
      expect(copied).toEqual([stored.cast!.receipt]);
      await page.tap('.vote__results');
      expect(wxLog.navigations.at(-1)).toEqual({
        api: 'navigateTo',
        url: `/pages/vote-results/vote-results?id=${lifts}`,
      });
      const share = (page.page.onShareAppMessage as () => { title: string; path: string })();
      expect(share).toEqual({
        title: '请参加表决：更换6部电梯',
        path: `/pages/vote/vote?id=${lifts}`,
      });
    },
  );

  it('更换6部电梯: a household that has not voted is offered the ballot, with its finality', async () => {
    const lifts = await demoVote('更换6部电梯');
    let fresh = '';
    for (const u of bound.slice(60)) {
      if ((await ballotOf(lifts, u.openid!)).cast === null) {
        fresh = u.openid!;
        break;
      }
    }
    expect(fresh).not.toBe('');
    const page = await open('vote', fresh, lifts);
    expect(mine(page)).toMatchObject({ canCast: true });
    expect(page.text('.ballot__finality')).toBe('每户一票，投出后不能修改。');
    expect(page.text('.ballot__cast')).toBe('投票');
    expect(() => page.find('.receipt')).toThrow(/no node/);
    expect(() => page.find('.ballot__why')).toThrow(/no node/);
  });

  it('更换6部电梯 results: the area and heads meters decide, households only for reference', async () => {
    const lifts = await demoVote('更换6部电梯');
    const server = await results(lifts, reader);
    const page = await open('vote-results', reader, lifts);
    expect(page.text('.quorum .card__title')).toBe('参与情况（实时）');
    expect(page.text('.quorum__summary')).toBe(server.quorum.summary);
    expect(texts(page, '.meter__label')).toEqual(['户数', '面积', '人数']);
    expect(page.text('.meter--households .meter__percent')).toBe(
      `参与 ${server.quorum.households.percentText} · 仅供参考`,
    );
    expect(() => page.find('.meter--households .meter__state')).toThrow(/no node/);
    expect(page.text('.meter--area .meter__percent')).toBe(
      `参与 ${server.quorum.area.percentText} · 须达三分之二以上`,
    );
    expect(page.text('.meter--heads .meter__figures')).toBe(
      `${server.participated.heads} / ${server.eligible.heads} 人`,
    );
    expect(page.text('.meter--heads .meter__state')).toBe('未达到');
    expect(texts(page, '.option__heads')).toHaveLength(3);
    expect(page.text('.outcome')).toBe('表决进行中，结果以截止后重新计票为准');
    // Live: no published list, and a resident has no committee actions.
    expect(() => page.find('.published')).toThrow(/no node/);
    expect(() => page.find('.actions')).toThrow(/no node/);
  });

  it('后山公园开放时间调整 (closed): my receipt, the final result, the published list and a lookup', async () => {
    const park = await demoVote('后山公园开放时间调整');
    const stored = await ballotOf(park, reader);
    const ballot = await open('vote', reader, park);
    expect(ballot.text('.head__status')).toBe('表决已结束');
    expect(ballot.text('.receipt__value')).toBe(stored.cast!.receipt);
    expect(ballot.text('.ballot__why')).toBe('表决已经结束');
    expect(mine(ballot)).toMatchObject({ canCast: false });

    const page = await open('vote-results', reader, park);
    expect(page.text('.quorum .card__title')).toBe('参与情况（最终）');
    expect(page.text('.outcome')).toBe('表决通过');
    expect(page.text('.meter--households .meter__figures')).toBe('104 / 120 户');
    expect(page.text('.meter--households .meter__percent')).toBe('参与 86.6% · 须过半数');
    expect(page.text('.meter--households .meter__state')).toBe('已达到');
    expect(page.text('.meter--area .meter__percent')).toMatch(/ · 仅供参考$/);
    expect(() => page.find('.meter--heads')).toThrow(/no node/);
    expect(texts(page, '.option__households')[0]).toBe('按户：100 户 · 96.1%');
    expect(texts(page, '.building__name')).toEqual(['1栋', '2栋', '3栋', '4栋']);

    // 104 ballots, 50 a page; room, area and choice, never a name or an openid.
    expect(page.comp.querySelectorAll('.row')).toHaveLength(50);
    await page.tap('.published__more');
    await waitFor(() => page.comp.querySelectorAll('.row').length === 100);
    await page.tap('.published__more');
    await waitFor(() => page.comp.querySelectorAll('.row').length === 104);
    expect(() => page.find('.published__more')).toThrow(/no node/);
    const rows = page.comp.data.rows as Array<{
      receipt: string;
      units: string;
      areaText: string;
      choice: string;
    }>;
    expect(new Set(rows.map((r) => r.receipt)).size).toBe(104);
    expect(texts(page, '.row__facts').filter((t) => t.includes('纸质选票'))).toHaveLength(20);
    expect(page.text('.published')).not.toMatch(/demo-|openid|先生|女士/);

    // My own ballot, found by the receipt typed in lower case.
    const row = rows.find((r) => r.receipt === stored.cast!.receipt)!;
    expect(row).toMatchObject({ units: stored.units.join('、'), choice: stored.cast!.choice });
    await page.input('.lookup__input', stored.cast!.receipt.toLowerCase());
    await page.tap('.lookup__button');
    await waitFor(() => page.comp.data.lookup);
    expect(page.text('.lookup__answer')).toBe(
      `已计入：${row.units} · ${row.areaText} · ${row.choice}`,
    );
    await page.input('.lookup__input', 'AAAAAAAAAA');
    await page.tap('.lookup__button');
    await waitFor(() => page.comp.data.lookup);
    expect(page.text('.lookup__answer')).toBe('公示名单中没有这个回执码，请核对后再试');
  });

  it('后山公园开放时间调整: the committee recounts a closed vote; nothing else to do', async () => {
    const park = await demoVote('后山公园开放时间调整');
    const page = await open('vote-results', demo.committee[0], park);
    expect(() => page.find('.actions__close')).toThrow(/no node/);
    expect(() => page.find('.actions__paper')).toThrow(/no node/);
    await page.tap('.actions__recount');
    await waitFor(() => page.comp.data.recount);
    expect(page.text('.recount')).toBe('重新计票一致：共 104 张选票');
  });

  it('opens the ballot from the home feed and from the proposal page', async () => {
    const lifts = await demoVote('更换6部电梯');
    setIdentity(reader);
    const home = loadPage('pages/home/home', { beforeLoad: useBackend() });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);
    const feed = home.comp.data.activities as Array<{ id: string; kind: string; title: string }>;
    const at = feed.findIndex((a) => a.kind === 'vote' && a.title === '更换6部电梯');
    expect(feed[at].id).toBe(`vote_${lifts}`);
    await home.tap(home.comp.querySelectorAll('.activity')[at]);
    expect(wxLog.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/vote/vote?id=${lifts}`,
    });

    const { items } = await ok(as(reader).call('proposal', 'list', { estateId: demo.estateId }));
    const idOf = (title: string) => items.find((i) => i.title === title)!.id;
    const proposal = async (title: string) => {
      const page = loadPage('pages/proposal/proposal', { beforeLoad: useBackend() });
      await page.callOnLoad({ id: idOf(title) });
      await waitFor(() => page.comp.data.loading === false);
      return page;
    };
    const voting = await proposal('更换6部电梯');
    expect(voting.text('.vote__open')).toBe('去投票');
    await voting.tap('.vote__open');
    expect(wxLog.navigations.at(-1)?.url).toBe(`/pages/vote/vote?id=${lifts}`);
    const decided = await proposal('后山公园开放时间调整');
    expect(decided.text('.vote__open')).toBe('查看表决结果');
    await decided.tap('.vote__open');
    expect(wxLog.navigations.at(-1)?.url).toBe(
      `/pages/vote-results/vote-results?id=${await demoVote('后山公园开放时间调整')}`,
    );
    // Scheduled, not open yet: no vote to go to.
    const scheduled = await proposal('公共区域加装监控');
    expect(scheduled.text('.vote__times')).not.toBe('');
    expect(() => scheduled.find('.vote__open')).toThrow(/no node/);
  });

  it('sends someone who has not joined to bind first, then back to the ballot', async () => {
    const lifts = await demoVote('更换6部电梯');
    const page = await open('vote', 'page-vote-stranger', lifts);
    expect(page.comp.data.error).toMatchObject({ code: 'NOT_MEMBER' });
    const back = encodeURIComponent(`/pages/vote/vote?id=${lifts}`);
    expect(wxLog.navigations).toEqual([
      { api: 'redirectTo', url: `/pages/bind/bind?redirect=${back}` },
    ]);
    expect(sent('myBallot')).toHaveLength(1);
    expect(sent('cast')).toEqual([]);
  });
});

describe('an estate of its own: casting, paper ballots, closing', () => {
  let receipt = '';

  it('casts after confirming, shows the receipt; the same household is refused a second ballot', async () => {
    // The spouse's page is open before anyone in the household votes.
    const stale = await open('vote', spouse, voteId);
    expect(mine(stale)).toMatchObject({ canCast: true });

    const page = await open('vote', voter, voteId);
    expect(page.text('.head__mode')).toBe('按户表决：过半数住户参与，参与票数过半通过');
    expect(page.text('.mine__units')).toBe(`我的选票：${own.labels[voter]}`);
    // Nothing chosen yet: the button waits.
    expect(page.comp.data.choice).toBe(-1);
    await page.tap('.ballot__cast');
    expect(wxLog.modals).toEqual([]);

    // Changing one's mind in the dialog sends nothing.
    await page.tap('.ballot__option--0');
    await waitFor(() => page.comp.data.choice === 0);
    answerModal({ confirm: false });
    await page.tap('.ballot__cast');
    await waitFor(() => wxLog.modals.length === 1);
    expect(wxLog.modals[0]).toEqual({
      title: '确认投票',
      content: `你选择「赞成」（${own.labels[voter]}）。每户一票，投出后不能修改。`,
    });
    expect(sent('cast')).toEqual([]);
    expect((await results(voteId)).participated.households).toBe(0);

    answerModal({ confirm: true });
    await page.tap('.ballot__cast');
    await waitFor(() => page.text('.receipt__value'));
    receipt = page.text('.receipt__value');
    expect(receipt).toMatch(/^[A-Z2-9]{10}$/);
    expect(page.text('.receipt__choice')).toBe('你的选择：赞成');
    expect(page.text('.receipt__facts')).toMatch(/^网上投票 · /);
    expect(page.text('.ballot__why')).toBe('这户已经投过票了（每户一票）');
    expect(wxLog.toasts.at(-1)).toMatchObject({ title: '投票成功' });
    await page.tap('.receipt__code');
    expect(copied).toEqual([receipt]);

    // The spouse, on the page opened earlier, votes 反对: the server refuses, nothing moves.
    setIdentity(spouse);
    await stale.tap('.ballot__option--1');
    await waitFor(() => stale.comp.data.choice === 1);
    await stale.tap('.ballot__cast');
    await waitFor(() => wxLog.toasts.some((t) => t.title === '这户已经投过票了（每户一票）'));
    await waitFor(() => stale.text('.receipt__value') === receipt);
    expect(stale.text('.receipt__choice')).toBe('你的选择：赞成');
    expect(mine(stale)).toMatchObject({ canCast: false });
    const tally = await results(voteId);
    expect(tally.participated.households).toBe(1);
    expect(tally.options.map((o) => o.support.households)).toEqual([1, 0, 0]);
  });

  it('shows the live meters: households decide, area for reference; committee actions only to the committee', async () => {
    const page = await open('vote-results', neighbour, voteId);
    expect(page.text('.quorum__summary')).toBe('还需 4 户参与');
    expect(texts(page, '.meter__label')).toEqual(['户数', '面积']);
    expect(page.text('.meter--households .meter__figures')).toBe('1 / 8 户');
    expect(page.text('.meter--households .meter__percent')).toBe('参与 12.5% · 须过半数');
    expect(page.text('.meter--households .meter__state')).toBe('未达到');
    expect(page.text('.meter--area .meter__percent')).toMatch(/^参与 \d+\.\d% · 仅供参考$/);
    expect(() => page.find('.meter--area .meter__state')).toThrow(/no node/);
    expect(texts(page, '.option__households')).toEqual([
      '按户：1 户 · 100.0%',
      '按户：0 户 · 0.0%',
      '按户：0 户 · 0.0%',
    ]);
    expect(() => page.find('.option__heads')).toThrow(/no node/);
    expect(texts(page, '.building__participation')[0]).toMatch(/^参与 1 \/ 4 户 · /);
    expect(texts(page, '.building__participation')[1]).toMatch(/^参与 0 \/ 4 户 · /);
    expect(texts(page, '.building__options')[0]).toBe('赞成 1 户 · 反对 0 户 · 弃权 0 户');
    expect(page.text('.head__ballot')).toBe('去投票');
    expect(() => page.find('.actions')).toThrow(/no node/);
    expect(() => page.find('.published')).toThrow(/no node/);

    const committee = await open('vote-results', chair, voteId);
    expect(committee.text('.actions__paper')).toBe('录入纸质选票');
    expect(committee.text('.actions__recount')).toBe('重新计票');
    // Households have not all voted: the committee cannot end it early.
    expect(() => committee.find('.actions__close')).toThrow(/no node/);
    await committee.tap('.actions__recount');
    await waitFor(() => committee.comp.data.recount);
    expect(committee.text('.recount')).toBe('重新计票一致：共 1 张选票');
    await committee.tap('.actions__paper');
    expect(wxLog.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/vote-paper/vote-paper?id=${voteId}`,
    });
  });

  it('records a paper ballot for a household, which is then refused online', async () => {
    // The neighbour's ballot page is open before the committee records their paper ballot.
    const stale = await open('vote', neighbour, voteId);
    expect(mine(stale)).toMatchObject({ canCast: true });

    const resident = await open('vote-paper', voter, voteId);
    expect(resident.text('.paper__refusal')).toBe('只有业委会成员可以录入纸质选票');
    expect(() => resident.find('.building')).toThrow(/no node/);

    const page = await open('vote-paper', chair, voteId);
    expect(texts(page, '.building')).toEqual(['1栋', '2栋']);
    await page.tap(page.comp.querySelectorAll('.building')[0]);
    await waitFor(() => (page.comp.data.households as unknown[]).length === 4);
    expect(page.text('.roll__summary')).toBe('1栋：已投 1 / 4 户');
    const households = () => page.comp.data.households as Array<{ label: string; voted: boolean }>;
    const at = (label: string) => households().findIndex((h) => h.label === label);
    expect(households()[at(own.labels[voter])].voted).toBe(true);
    // A household that has voted cannot be picked.
    await page.tap(page.comp.querySelectorAll('.household')[at(own.labels[voter])]);
    expect(page.comp.data.form).toMatchObject({ unitId: '' });
    expect(() => page.find('.option')).toThrow(/no node/);

    await page.tap(page.comp.querySelectorAll('.household')[at(own.labels[neighbour])]);
    await page.tap('.option--1'); // 反对
    expect(page.comp.data.form).toMatchObject({ option: 1, evidence: '' });
    await page.tap('.photo__choose');
    await waitFor(() => (page.comp.data.form as { evidence: string }).evidence);
    expect((page.comp.data.form as { evidence: string }).evidence).toMatch(
      /^cloud:\/\/gongzhi-local\.[\w-]+\/vote\/paper\/\d+-0-ballot-7\.jpg$/,
    );
    await page.tap('.form__submit');
    await waitFor(() => page.comp.data.done);
    expect(page.text('.done__what')).toBe(`已录入 ${own.labels[neighbour]} 的纸质选票`);
    expect(page.text('.done__receipt')).toMatch(/^回执码 [A-Z2-9]{10}（/);
    await waitFor(() => households()[at(own.labels[neighbour])].voted);
    expect(page.text('.roll__summary')).toBe('1栋：已投 2 / 4 户');
    // The roll says who voted, never how.
    expect(JSON.stringify(page.comp.data.households)).not.toMatch(/反对|赞成|choice|option/);

    // The neighbour now tries online from the page opened earlier: refused, nothing moves.
    setIdentity(neighbour);
    await stale.tap('.ballot__option--0');
    await waitFor(() => stale.comp.data.choice === 0);
    await stale.tap('.ballot__cast');
    await waitFor(() => wxLog.toasts.some((t) => t.title === '这户已有纸质选票（每户一票）'));
    await waitFor(() => stale.text('.receipt__choice') === '你的选择：反对');
    expect(stale.text('.receipt__facts')).toMatch(/^业委会录入的纸质选票 · /);
    const tally = await results(voteId);
    expect(tally.participated.households).toBe(2);
    expect(tally.options.map((o) => o.support.households)).toEqual([1, 1, 0]);
  });

  it('lets the committee end the vote once every household has voted; then the list and a lookup', async () => {
    // The rest vote: three members online, the committee records the others on paper.
    await ok(as(chair).call('vote', 'cast', { voteId, option: 0 }));
    await ok(as(fourth).call('vote', 'cast', { voteId, option: 0 }));
    await ok(as(fifth).call('vote', 'cast', { voteId, option: 2 }));
    const live = await results(voteId);
    const rest = live.buildings[1].buildingId;
    const roll = await ok(as(chair).call('vote', 'roll', { voteId, buildingId: rest }));
    for (const h of roll.households.filter((x) => !x.voted)) {
      await ok(
        as(chair).call('vote', 'recordPaper', {
          voteId,
          unitId: h.unitId,
          option: 0,
          evidence: localFileId('vote/paper/rest.jpg'),
        }),
      );
    }

    const resident = await open('vote-results', voter, voteId);
    expect(() => resident.find('.actions__close')).toThrow(/no node/);

    const page = await open('vote-results', chair, voteId);
    expect(page.text('.quorum__summary')).toBe('参与户数已过半，表决有效');
    answerModal({ confirm: true });
    await page.tap('.actions__close');
    await waitFor(() => (page.comp.data.shown as { final: boolean } | null)?.final);
    expect(wxLog.modals.at(-1)?.title).toBe('提前结束表决？');
    expect(page.text('.head__status')).toBe('表决已结束');
    expect(page.text('.outcome')).toBe('表决通过');
    expect(page.text('.meter--households .meter__figures')).toBe('8 / 8 户');
    expect(() => page.find('.actions__close')).toThrow(/no node/);
    expect(() => page.find('.actions__paper')).toThrow(/no node/);
    expect(page.comp.querySelectorAll('.row')).toHaveLength(8);
    expect(() => page.find('.published__more')).toThrow(/no node/);
    expect(texts(page, '.row__facts').filter((t) => t.includes('纸质选票'))).toHaveLength(4); // neighbour + 3
    expect(page.text('.published')).not.toMatch(/page-vote-/);

    const check = await open('vote-results', voter, voteId);
    await check.input('.lookup__input', receipt);
    await check.tap('.lookup__button');
    await waitFor(() => check.comp.data.lookup);
    expect(check.text('.lookup__answer')).toMatch(
      new RegExp(`^已计入：${own.labels[voter]} · [\\d.,]+ ㎡ · 赞成$`),
    );
    const final: ResultsView = await results(voteId, voter);
    expect(final).toMatchObject({ final: true, winner: 0 });
    // Closed: no more ballots, not even on paper.
    const late = await ballotOf(voteId, voter);
    expect(late.can.cast).toEqual({ code: 'INVALID_STATE', message: '表决已经结束' });
  });
});
