/**
 * The "me" page through the whole path: page → services/cloud → gateway → community.me / leave
 * → store. What the page offers (the committee entry) follows `can` from the server.
 */
import { client } from '../support/gateway';
import { demoEstate, useBackend } from './support';
import { answerModal, loadPage, setIdentity, waitFor, wxLog } from './harness';

const estate = demoEstate();
const gateway = () => process.env.GONGZHI_GATEWAY_URL as string;

// Page test files share one seeded stack: bind.test.ts uses the last four spare codes.
const forLeave = estate.units.filter((u) => u.code).reverse()[4];

/** Calls of community.leave the page made (local mode sends them with wx.request). */
const leaveCalls = () =>
  wxLog.requests.filter((r) => (r.data as { action?: string } | undefined)?.action === 'leave');

async function openMe(openid: string, mode: 'local' | 'cloud' = 'local') {
  setIdentity(openid);
  const me = loadPage('pages/me/me', { beforeLoad: useBackend(mode) });
  await me.callOnLoad({});
  await waitFor(() => me.comp.data.loading === false);
  return me;
}

describe.each(['local', 'cloud'] as const)('me page (%s mode)', (mode) => {
  it('shows a resident their household and role, records, and no committee entry', async () => {
    const resident = estate.residents[0];
    const unit = estate.units.find((u) => u.openid === resident)!;
    const me = await openMe(resident, mode);

    expect(me.comp.data.error).toBeNull();
    expect(me.text('.estate__name')).toBe('糖果悦园');
    expect(me.text('.estate__units')).toContain(unit.label);
    expect(me.text('.estate__roles')).toBe('居民');
    expect(() => me.find('.estate__manage')).toThrow(/no node/);
    expect(me.text('.estate__leave')).toBe('退出小区');
    // The seed bound this household through the function, which recorded it.
    expect(me.text('.records')).toContain(`绑定了 ${unit.label}`);
    expect(me.text('.record')).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });
});

describe('me page', () => {
  it('shows a lead their role, still without the committee entry', async () => {
    const me = await openMe(estate.leads[0]);
    expect(me.text('.estate__roles')).toContain('楼长');
    expect(() => me.find('.estate__manage')).toThrow(/no node/);
  });

  it('offers the committee the roster page of their estate', async () => {
    const me = await openMe(estate.committee[0]);
    expect(me.text('.estate__roles')).toContain('业委会');
    await me.tap('.estate__manage');
    expect(wxLog.navigations).toEqual([
      {
        api: 'navigateTo',
        url: `/pages/committee-roster/committee-roster?estateId=${estate.estateId}`,
      },
    ]);
  });

  it('tells someone with no household how to join', async () => {
    const me = await openMe('page-me-stranger');
    expect(me.text('.me__none')).toContain('还没有绑定任何房屋');
    expect(me.text('.me__no-records')).toContain('暂无记录');
    await me.tap('.me__bind-first');
    expect(wxLog.navigations).toEqual([{ api: 'navigateTo', url: '/pages/bind/bind' }]);
  });

  it('binds another household from the page', async () => {
    const me = await openMe(estate.residents[1]);
    await me.tap('.me__bind');
    expect(wxLog.navigations).toEqual([{ api: 'navigateTo', url: '/pages/bind/bind' }]);
  });

  it('is reached from home', async () => {
    setIdentity(estate.residents[0]);
    const home = loadPage('pages/home/home', { beforeLoad: useBackend() });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);
    await home.tap('.estate__mine');
    expect(wxLog.navigations).toEqual([{ api: 'navigateTo', url: '/pages/me/me' }]);
  });

  it('leaves the estate only after confirming', async () => {
    const leaver = 'page-me-leaver';
    const bound = await client(gateway(), leaver).call('community', 'bind', {
      code: forLeave.code!,
    });
    expect(bound.result.ok).toBe(true);
    const me = await openMe(leaver);
    expect(me.text('.estate__units')).toContain(forLeave.label);

    answerModal({ confirm: false });
    await me.tap('.estate__leave');
    await waitFor(() => wxLog.modals.length === 1);
    expect(wxLog.modals[0].title).toBe('退出糖果悦园？');
    expect(leaveCalls()).toEqual([]);
    expect(me.comp.data.estates).toHaveLength(1);

    answerModal({ confirm: true });
    await me.tap('.estate__leave');
    await waitFor(() => me.find('.me__none'));
    expect(leaveCalls()).toHaveLength(1);
    expect(wxLog.toasts).toContainEqual(expect.objectContaining({ title: '已退出糖果悦园' }));
    expect(me.text('.records')).toContain('退出了小区');
    const after = await client(gateway(), leaver).call('community', 'me', {});
    expect(after.result.ok && after.result.data.estates).toEqual([]);
  });
});
