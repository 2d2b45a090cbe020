/**
 * The fund pages through the whole path, with no mock in between: page → services/cloud (and
 * services/payment) → gateway → fund function → node-sdk → store. The demo estate's 糖果甜蜜基金
 * is only read; donating, recording and approving happen in an estate of its own, because page
 * test files share one seeded stack.
 */
import type { Result } from '../../typings/api';
import { localFileId } from '../../local/storage';
import { as, ok, ownEstate } from './proposal-fixture';
import { demoEstate, useBackend } from './support';
import {
  answerModal,
  answerPayment,
  loadPage,
  setIdentity,
  waitFor,
  wxLog,
  type LoadedPage,
} from './harness';

const demo = demoEstate();
const chair = 'page-fund-chair';
const second = 'page-fund-second';
const donor = 'page-fund-donor';
let estateId = '';
let fundId = '';
let campaignId = '';

beforeAll(async () => {
  ({ estateId } = await ownEstate({
    name: '甜蜜基金页面花园',
    units: 12,
    members: [chair, second, donor],
    committee: [chair, second],
  }));
  ({ fundId } = await ok(as(chair).call('fund', 'createFund', { estateId, name: '页面测试基金' })));
  const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  ({ id: campaignId } = await ok(
    as(chair).call('fund', 'createCampaign', {
      fundId,
      title: '补种花圃',
      purpose: '用旧轮胎做花圃，补种绿化',
      goalFen: 200_000,
      deadline,
    }),
  ));
});

async function open(
  path: string,
  openid: string,
  query: Record<string, string>,
  mode: 'local' | 'cloud' = 'local',
): Promise<LoadedPage> {
  setIdentity(openid);
  const page = loadPage(path, { beforeLoad: useBackend(mode) });
  await page.callOnLoad(query);
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

/** The demo fund's id, as a member reads it. */
async function demoFund(): Promise<string> {
  const overview = await ok(as(demo.residents[1]).call('fund', 'fund', {}));
  return overview.fund.id;
}

/** wx.chooseMedia as if the user picked one photo (simulate's stub picks none). */
function pickOnePhoto(): void {
  (globalThis as unknown as { wx: Record<string, unknown> }).wx.chooseMedia = () =>
    Promise.resolve({ tempFiles: [{ tempFilePath: 'http://tmp/receipt-001.jpg' }], type: 'image' });
}

describe('fund overview (demo estate, read only)', () => {
  it.each(['local', 'cloud'] as const)(
    'shows 糖果甜蜜基金: balance, the campaign, the latest entries (%s mode)',
    async (mode) => {
      const page = await open('pages/fund/fund', demo.residents[1], {}, mode);
      expect(page.comp.data.error).toBeNull();
      expect(page.text('.card__name')).toBe('糖果甜蜜基金');
      expect(page.text('.card__balance')).toBe('¥5,351.30');
      expect(page.text('.card__totals')).toBe('累计收入 ¥10,211.30 · 累计支出 ¥4,860');
      expect(page.text('.campaign__title')).toBe('寻回后山公园');
      expect(page.text('.campaign__status')).toBe('已筹 ¥10,211.30 / ¥30,000');
      const entries = page.comp.querySelectorAll('.entry');
      expect(entries).toHaveLength(10);
      expect(page.text(entries[0])).toContain('支出 · 里水镇建材店');
      expect(page.text(entries[0])).toContain('-¥4,860｜余额 ¥5,351.30');
      expect(page.text('.ledger__head')).toMatch(/^链尾哈希 [0-9a-f]{12} · 共 13 条$/);
      // A resident sees no committee work.
      expect(() => page.find('.actions__offline')).toThrow(/no node/);
    },
  );

  it('pages back through older entries and verifies the whole chain on request', async () => {
    const page = await open('pages/fund/fund', demo.residents[1], {});
    await page.tap('.ledger__more');
    await waitFor(() => (page.comp.data.entries as unknown[]).length === 13);
    expect(() => page.find('.ledger__more')).toThrow(/no node/);
    await page.tap('.ledger__verify');
    await waitFor(() => page.comp.data.check);
    expect(page.text('.ledger__check')).toMatch(
      /^账本完整：13 条记录的哈希链与余额全部核验通过，链尾 [0-9a-f]{12}$/,
    );
  });

  it('shows the committee what waits for a second member', async () => {
    const page = await open('pages/fund/fund', demo.committee[2], {});
    expect(page.text('.actions__offline')).toBe('线下捐款复核（1）');
    expect(page.text('.actions__expenses')).toBe('支出审批（1）');
    await page.tap('.actions__offline');
    expect(wxLog.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/fund-offline/fund-offline?fundId=${await demoFund()}`,
    });
  });

  it('tells someone who has not joined the estate to bind first', async () => {
    const page = await open('pages/fund/fund', 'page-fund-stranger', {});
    expect(page.comp.data.error).toMatchObject({ code: 'NOT_MEMBER' });
    expect(page.text('.fund__error')).toContain('绑定码');
  });
});

describe('campaign page', () => {
  it('shows the demo campaign with its progress and donors, anonymous ones as 匿名', async () => {
    const overview = await ok(as(demo.residents[1]).call('fund', 'fund', {}));
    const page = await open('pages/fund-campaign/fund-campaign', demo.residents[2], {
      id: overview.campaigns[0].id,
    });
    expect(page.text('.head__title')).toBe('寻回后山公园');
    expect(page.text('.progress__raised')).toBe('已筹 ¥10,211.30 / 目标 ¥30,000');
    expect(page.text('.progress__facts')).toBe('12 位捐款人 · 12 笔 · 已达 34%');
    const donors = page.comp.querySelectorAll('.donor').map((d) => page.text(d));
    expect(donors[0]).toMatch(/^2栋 冯先生转账 · .*¥3,000$/);
    expect(donors[1]).toMatch(/^匿名现金 · .*¥1,236.50$/);
    expect(donors.filter((d) => d.startsWith('匿名'))).toHaveLength(4);
  });

  it('donates a chip amount anonymously with WeChat Pay, credited when WeChat calls back', async () => {
    const page = await open('pages/fund-campaign/fund-campaign', donor, { id: campaignId });
    expect(page.text('.progress__raised')).toBe('已筹 ¥0 / 目标 ¥2,000');
    await page.tap('.progress__donate');
    expect(page.comp.data.sheet).toMatchObject({ visible: true });
    await page.tap(page.comp.querySelectorAll('.chip')[2]); // ¥100
    await page.tap('.sheet__switch');
    expect(page.comp.data.sheet).toMatchObject({ chip: 10_000, anonymous: true });
    answerPayment('paid');
    await page.tap('.sheet__pay');
    await waitFor(() => page.text('.progress__raised') === '已筹 ¥100 / 目标 ¥2,000');
    expect(wxLog.payments).toEqual([
      { package: expect.stringMatching(/^prepay_id=wx/), answer: 'paid' },
    ]);
    expect(wxLog.toasts.at(-1)).toMatchObject({ title: '感谢你的捐款' });
    expect(page.text('.donor')).toMatch(/^匿名（我）微信支付 · .*¥100$/);
    expect(page.comp.data.sheet).toMatchObject({ visible: false });

    // Another member sees the gift, without the donor's name.
    const other = await open('pages/fund-campaign/fund-campaign', second, { id: campaignId });
    expect(other.text('.donor')).toMatch(/^匿名微信支付/);
  });

  it('shows the server refusal of a custom amount below ¥1, and opens no payment', async () => {
    const page = await open('pages/fund-campaign/fund-campaign', donor, { id: campaignId });
    await page.tap('.progress__donate');
    await page.input('.sheet__custom', '0.5');
    await page.tap('.sheet__pay');
    await waitFor(() => page.comp.data.sheet && (page.comp.data.sheet as { error: string }).error);
    expect(page.text('.sheet__error')).toBe('捐款金额应在 ¥1 到 ¥50,000 之间');
    expect(wxLog.payments).toHaveLength(0);
    await page.input('.sheet__custom', '12.345');
    await page.tap('.sheet__pay');
    expect(page.text('.sheet__error')).toContain('最多两位小数');
  });

  it('lists a failed payment in my donations, and a custom amount paid', async () => {
    const page = await open('pages/fund-campaign/fund-campaign', donor, { id: campaignId });
    await page.tap('.progress__donate');
    await page.input('.sheet__custom', '12.5');
    answerPayment('failed'); // the bank declines on WeChat's sheet
    await page.tap('.sheet__pay');
    await waitFor(() => wxLog.toasts.length > 0);
    expect(wxLog.toasts.at(-1)).toMatchObject({ title: '支付没有成功，可以稍后再试' });

    const mine = await open('pages/fund-donations/fund-donations', donor, { estateId });
    const gifts = mine.comp.querySelectorAll('.gift').map((g) => mine.text(g));
    expect(gifts[0]).toMatch(/^补种花圃.*¥12.50支付未成功$/);
    expect(gifts[1]).toMatch(/^补种花圃.* · 匿名¥100已到账$/);
    expect(mine.text('.mine__total')).toBe('累计捐款 ¥100');
  });
});

describe('my donations (demo estate)', () => {
  it('shows the donation a resident never paid as 待支付', async () => {
    const page = await open('pages/fund-donations/fund-donations', demo.residents[0], {
      estateId: demo.estateId,
    });
    expect(page.text('.gift')).toMatch(/^寻回后山公园.*¥50待支付$/);
    expect(page.text('.mine__total')).toBe('累计捐款 ¥0');
  });
});

describe('committee pages', () => {
  beforeEach(pickOnePhoto);

  it('records cash with a photo; only another member can confirm it, and then it is credited', async () => {
    const a = await open('pages/fund-offline/fund-offline', chair, { fundId });
    await a.input('.form__amount', '200');
    await a.input('.form__donor', '王伯');
    await a.tap('.form__choose');
    await waitFor(() => (a.comp.data.form as { photos: string[] }).photos.length === 1);
    expect((a.comp.data.form as { photos: string[] }).photos[0]).toMatch(
      /^cloud:\/\/gongzhi-local\.[\w-]+\/fund\/offline\/\d+-0-receipt-001\.jpg$/,
    );
    await a.tap('.form__submit');
    await waitFor(() => a.comp.querySelectorAll('.record').length === 1);
    expect(a.text('.record')).toMatch(/^¥200王伯现金 · 补种花圃 · .* 查看凭证（1 张）/);
    expect(a.text('.record__waiting')).toBe('你登记的，等待其他委员复核');
    expect(() => a.find('.record__confirm')).toThrow(/no node/);

    const before = await ok(as(second).call('fund', 'fund', { fundId }));
    const b = await open('pages/fund-offline/fund-offline', second, { fundId });
    // B looks at the photo first: the fund hands the committee a temporary URL to it.
    const wx = (globalThis as unknown as { wx: { previewImage(o: object): void } }).wx;
    const shown = jest.spyOn(wx, 'previewImage').mockImplementation(() => undefined);
    await b.tap('.record__photos');
    await waitFor(() => shown.mock.calls.length === 1);
    const { urls } = shown.mock.calls[0][0] as { urls: string[] };
    expect(urls).toEqual([
      expect.stringMatching(/\/storage\/files\/fund\/offline\/.+\?t=\d+&sign=/),
    ]);
    shown.mockRestore();
    await b.tap('.record__confirm');
    await waitFor(() => b.comp.querySelectorAll('.record').length === 0);
    expect(wxLog.toasts.at(-1)).toMatchObject({ title: '已复核入账' });
    const after = await ok(as(second).call('fund', 'fund', { fundId }));
    expect(after.fund.balanceFen).toBe(before.fund.balanceFen + 20_000);
  });

  it('submits an expense; another member approves it, then it is marked paid', async () => {
    const a = await open('pages/fund-expenses/fund-expenses', chair, { fundId });
    await a.input('.form__amount', '150');
    await a.input('.form__payee', '海南洲花木场');
    await a.input('.form__purpose', '花苗');
    await a.tap('.form__choose');
    await waitFor(() => (a.comp.data.form as { receipts: string[] }).receipts.length === 1);
    await a.tap('.form__submit');
    await waitFor(() => a.comp.querySelectorAll('.expense').length === 1);
    expect(a.text('.expense__status')).toBe('待审批');
    expect(a.text('.expense__waiting')).toBe('你提交的，等待其他委员审批');

    const b = await open('pages/fund-expenses/fund-expenses', second, { fundId });
    const toasts = wxLog.toasts.length;
    await b.tap('.expense__approve');
    await waitFor(() => wxLog.toasts.length > toasts);
    expect(wxLog.toasts.at(-1)).toMatchObject({ title: '已批准' });
    await waitFor(() => b.text('.expense__status') === '已批准，待付款');
    expect(b.text('.expense__facts')).toMatch(/批准：.* · 账本第 \d+ 条/);
    await b.tap('.expense__paid');
    await waitFor(() => b.text('.expense__status') === '已付款');

    const resident = await open('pages/fund-expenses/fund-expenses', donor, { fundId });
    expect(resident.text('.expense__purpose')).toBe('花苗');
    expect(() => resident.find('.form')).toThrow(/no node/);
  });

  it('shows the refusal of an expense that would overdraw, and a rejection with its reason', async () => {
    const big = await ok(
      as(chair).call('fund', 'submitExpense', {
        fundId,
        amountFen: 9_999_900,
        payee: '工程队',
        purpose: '整修步道',
        receipts: [localFileId('quote.jpg')],
        idempotencyKey: `page-fund-${Date.now()}`,
      }),
    );
    const b = await open('pages/fund-expenses/fund-expenses', second, { fundId });
    const card = () =>
      b.comp.querySelectorAll('.expense').find((e) => b.text(e).includes('整修步道'))!;
    await b.tap('.expense__approve'); // the only expense waiting for them
    await waitFor(() => wxLog.toasts.length > 0);
    expect(wxLog.toasts.at(-1)?.title).toMatch(/^基金余额不足/);
    answerModal({ confirm: true, content: '超出预算，请分期' });
    await b.tap('.expense__reject');
    await waitFor(() => b.text(card()).includes('已驳回'));
    expect(b.text(card())).toContain('理由：超出预算，请分期');
    const stored = (await as(chair).call('fund', 'expenses', { fundId })) as {
      result: Result<{ expenses: Array<{ id: string; status: string }> }>;
    };
    expect(
      stored.result.ok && stored.result.data.expenses.find((e) => e.id === big.id)?.status,
    ).toBe('rejected');
  });
});
