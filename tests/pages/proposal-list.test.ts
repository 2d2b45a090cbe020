/**
 * The proposal list through the whole path: page → services/cloud → gateway → proposal.list →
 * store. The demo estate's proposals are only read here; paging runs in an estate of its own.
 */
import { as, ok, ownEstate, published } from './proposal-fixture';
import { demoEstate, useBackend } from './support';
import { loadPage, setIdentity, waitFor, wxLog, type LoadedPage } from './harness';

const demo = demoEstate();
// Not an author of any demo proposal, and in no other test's way.
const reader = demo.residents[6];
const draftAuthor = demo.residents[5];

async function openList(
  openid: string,
  query: Record<string, string> = { estateId: demo.estateId },
) {
  setIdentity(openid);
  const page = loadPage('pages/proposals/proposals', { beforeLoad: useBackend() });
  await page.callOnLoad(query);
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

const titles = (page: LoadedPage) =>
  (page.comp.data.items as Array<{ title: string }>).map((i) => i.title);

/** Taps a tab by its label, as a finger would (tdesign's tab item inside t-tabs). */
async function tapTab(page: LoadedPage, label: string) {
  const tab = page.comp
    .querySelectorAll('#tabs >>> .t-tabs__item')
    .find((t) => page.text(t).includes(label));
  if (!tab) throw new Error(`no tab ${label}`);
  await page.tap(tab);
  await waitFor(() => page.comp.data.loading === false);
}

describe('proposal list page', () => {
  it('shows what is under way first, with category, status and the server summary', async () => {
    const page = await openList(reader);
    expect(page.comp.data.error).toBeNull();
    expect(page.comp.data.tab).toBe('open');
    expect(titles(page)).toEqual(
      expect.arrayContaining(['电动车充电桩选址', '更换6部电梯', '公共区域加装监控']),
    );
    for (const ended of [
      '后山公园开放时间调整',
      '在中庭开设收费停车位',
      '增设小区智能快递柜',
      '外墙重新粉刷',
      '架空层设置共享书架',
    ])
      expect(titles(page)).not.toContain(ended);

    const text = page.text();
    expect(text).toContain('电动车充电桩选址');
    expect(text).toContain('联署中 · 还需'); // the server's line, e.g. "联署中 · 还需 4 户联署"
    expect(text).toContain('改变共有部分的用途或者利用共有部分从事经营活动');
    expect(text).toContain('表决中');
    expect(text).toContain('已排期表决');
    expect(text).toContain('使用建筑物及其附属设施的维修资金');
    // Fewer than a page: no "加载更多".
    expect(() => page.find('.proposals__more')).toThrow(/no node/);
  });

  it('switches tabs: 全部 has the finished ones with their labels, never a draft', async () => {
    const page = await openList(reader);
    await tapTab(page, '全部');
    expect(page.comp.data.tab).toBe('all');
    expect(titles(page)).toEqual(
      expect.arrayContaining(['在中庭开设收费停车位', '增设小区智能快递柜', '外墙重新粉刷']),
    );
    expect(titles(page)).not.toContain('架空层设置共享书架');
    const text = page.text();
    expect(text).toContain('未予准入');
    expect(text).toContain('联署期满未达门槛');
    expect(text).toContain('已撤回');

    await tapTab(page, '表决中');
    expect(titles(page)).toEqual(['更换6部电梯']);

    await tapTab(page, '已表决');
    expect(titles(page)).toEqual(['后山公园开放时间调整']);
    expect(page.text()).toContain('表决已结束');
  });

  it('lists drafts to their author only', async () => {
    const mine = await openList(draftAuthor, { estateId: demo.estateId, tab: 'draft' });
    expect(titles(mine)).toEqual(['架空层设置共享书架']);
    expect(mine.text('.item')).toContain('草稿');

    const other = await openList(reader, { estateId: demo.estateId, tab: 'draft' });
    expect(titles(other)).toEqual([]);
    expect(other.text('.proposals__empty')).toContain('你还没有草稿');
  });

  it("uses the caller's estate when the link has none, and opens items and the form", async () => {
    const page = await openList(reader, {});
    expect(page.comp.data.estateId).toBe(demo.estateId);
    const index = titles(page).indexOf('电动车充电桩选址');
    const id = (page.comp.data.items as Array<{ id: string }>)[index].id;

    await page.tap(page.comp.querySelectorAll('.item')[index]);
    await page.tap('.proposals__new');
    expect(wxLog.navigations).toEqual([
      { api: 'navigateTo', url: `/pages/proposal/proposal?id=${id}` },
      { api: 'navigateTo', url: `/pages/proposal-edit/proposal-edit?estateId=${demo.estateId}` },
    ]);
  });

  it('tells someone who has not joined to bind a household', async () => {
    const page = await openList('page-proposals-stranger', {});
    expect(page.comp.data.error).toMatchObject({ code: 'NOT_MEMBER' });
    expect(page.text('.proposals__error')).toContain('绑定房屋');
    await page.tap('.proposals__bind');
    expect(wxLog.navigations[0].url).toMatch(/^\/pages\/bind\/bind\?redirect=/);
  });

  it('pages through with 加载更多 (20 a page, newest first)', async () => {
    const authors = [1, 2, 3, 4, 5].map((n) => `page-proposals-author-${n}`);
    const { estateId } = await ownEstate({ name: '议题分页花园', units: 10, members: authors });
    // Five proposals a day per person: 25 from five authors, one after another for a clear order.
    const made: string[] = [];
    for (let i = 0; i < 25; i++) {
      const title = `分页测试议题第${i + 1}号`;
      await published(estateId, authors[i % 5], { title });
      made.push(title);
    }

    const page = await openList(authors[0], { estateId, tab: 'all' });
    expect(titles(page)).toEqual(made.slice(5).reverse());
    expect(page.comp.data.hasMore).toBe(true);

    await page.tap('.proposals__more');
    await waitFor(() => page.comp.data.loadingMore === false && !page.comp.data.hasMore);
    expect(titles(page)).toEqual([...made].reverse());
    expect(page.text('.proposals__end')).toBe('没有更多了');
    expect(() => page.find('.proposals__more')).toThrow(/no node/);

    // The server agrees there is nothing after the second page.
    const third = await ok(as(authors[0]).call('proposal', 'list', { estateId, page: 2 }));
    expect(third.items).toEqual([]);
  });
});

describe('home page → proposals', () => {
  it('opens a proposal from the feed and the list from its entry', async () => {
    setIdentity(reader);
    const home = loadPage('pages/home/home', { beforeLoad: useBackend() });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);

    const activities = home.comp.data.activities as Array<{ id: string; title: string }>;
    const index = activities.findIndex((a) => a.title === '电动车充电桩选址');
    expect(index).toBeGreaterThanOrEqual(0);
    const { items } = await ok(
      as(reader).call('proposal', 'list', { estateId: demo.estateId, status: 'cosigning' }),
    );
    const charging = items.find((i) => i.title === '电动车充电桩选址')!;

    await home.tap(home.comp.querySelectorAll('.activity')[index]);
    await home.tap('.entry__proposal');
    expect(wxLog.navigations).toEqual([
      { api: 'navigateTo', url: `/pages/proposal/proposal?id=${charging.id}` },
      { api: 'navigateTo', url: `/pages/proposals/proposals?estateId=${demo.estateId}` },
    ]);
  });
});
