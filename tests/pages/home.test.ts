/**
 * The home page through the whole path, with no mock in between:
 * page → services/cloud → wx.request / wx.cloud shim → gateway → community function → node-sdk → store.
 */
import { demoEstate, useBackend } from './support';
import { loadPage, setIdentity, waitFor, wxLog } from './harness';

const estate = demoEstate();

describe.each(['local', 'cloud'] as const)('home page (%s mode)', (mode) => {
  it("shows the member's estate, household and role from the server", async () => {
    const lead = estate.leads[0];
    const unit = estate.units.find((u) => u.openid === lead)!;
    setIdentity(lead);
    const home = loadPage('pages/home/home', { beforeLoad: useBackend(mode) });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);

    expect(home.comp.data.error).toBeNull();
    expect(home.text('.estate__name')).toBe('糖果悦园');
    expect(home.text('.estate__district')).toContain('海南洲社区');
    expect(home.text('.estate__stats')).toContain(String(estate.units.length));
    expect(home.text('.estate__me')).toContain(unit.label);
    expect(home.text('.estate__me')).toContain('楼长');
    // The feed lists what the demo estate has going on, with the server's status lines.
    expect(home.text('.home')).toContain('电动车充电桩选址');
    expect(home.text('.home')).toContain('还需 4 户联署');
    const openCounts = home.comp.data.openCounts as Array<{ kind: string; n: number }>;
    expect(openCounts.find((c) => c.kind === 'proposal')?.n).toBeGreaterThan(0);
  });

  it('tells a stranger to bind a household, with a retry button, and shows no estate data', async () => {
    setIdentity('someone-not-yet-bound');
    const home = loadPage('pages/home/home', { beforeLoad: useBackend(mode) });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);

    expect(home.comp.data.error).toMatchObject({ code: 'NOT_MEMBER' });
    expect(home.text('.home__error')).toContain('绑定码');
    expect(home.text('.home__retry')).toBe('重试');
    expect(home.comp.data.home).toBeNull();
  });
});

describe('home page: the way to every area', () => {
  it('opens each area from its entry and each feed item from its kind', async () => {
    setIdentity(estate.residents[0]);
    const home = loadPage('pages/home/home', { beforeLoad: useBackend('local') });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);
    const estateId = estate.estateId;

    for (const kind of ['proposal', 'campaign', 'task'])
      await home.tap(`.entry__${kind} >>> .t-cell`);
    expect(wxLog.navigations.map((n) => n.url)).toEqual([
      `/pages/proposals/proposals?estateId=${estateId}`,
      `/pages/fund/fund?estateId=${estateId}`,
      `/pages/volunteer/volunteer?estateId=${estateId}`,
    ]);

    // The feed holds a proposal, a vote, a campaign and a task of the demo estate: each opens its page.
    const activities = home.comp.data.activities as Array<{ kind: string; id: string }>;
    const cells = home.comp.querySelectorAll('.activity');
    const opened: Record<string, string> = {};
    for (const kind of ['proposal', 'vote', 'campaign', 'task']) {
      const index = activities.findIndex((a) => a.kind === kind);
      expect(index).toBeGreaterThanOrEqual(0);
      wxLog.navigations.length = 0;
      await home.tap(cells[index].querySelector('.t-cell')!);
      opened[kind] = wxLog.navigations[0]?.url ?? '';
      expect(opened[kind]).toBe(`${PAGE[kind]}?id=${activities[index].id.slice(kind.length + 1)}`);
    }
  });
});

const PAGE: Record<string, string> = {
  proposal: '/pages/proposal/proposal',
  vote: '/pages/vote/vote',
  campaign: '/pages/fund-campaign/fund-campaign',
  task: '/pages/volunteer-task/volunteer-task',
};

describe('which backend a build talks to', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(['trial', 'release'])(
    'a %s build calls the cloud functions even when development builds are set to local',
    async (envVersion) => {
      setIdentity(estate.leads[0]);
      const home = loadPage('pages/home/home', {
        beforeLoad: () => {
          useBackend('local')();
          const wx = (globalThis as unknown as { wx: { getAccountInfoSync(): unknown } }).wx;
          jest.spyOn(wx, 'getAccountInfoSync').mockReturnValue({
            miniProgram: { appId: 'wx-gongzhi', envVersion, version: '1.0.0' },
          });
        },
      });
      await home.callOnLoad({});
      await waitFor(() => home.comp.data.loading === false);
      expect(home.text('.estate__name')).toBe('糖果悦园');
      expect(wxLog.cloudCalls.map((c) => c.name)).toContain('community');
      expect(wxLog.requests).toEqual([]); // nothing went to the local gateway
    },
  );

  it('a development build uses the local gateway', async () => {
    setIdentity(estate.leads[0]);
    const home = loadPage('pages/home/home', { beforeLoad: useBackend('local') });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);
    expect(wxLog.cloudCalls).toEqual([]);
    expect(wxLog.requests.map((r) => r.url)).toContain(
      `${process.env.GONGZHI_GATEWAY_URL}/fn/community`,
    );
  });
});
