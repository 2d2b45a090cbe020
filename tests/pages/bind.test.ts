/**
 * The bind page through the whole path: page → services/cloud → gateway → community.bind →
 * store. Only the camera (wx.scanCode) is stubbed.
 */
import { client } from '../support/gateway';
import { demoEstate, useBackend } from './support';
import { loadPage, setIdentity, waitFor, wxLog } from './harness';

const estate = demoEstate();
const gateway = () => process.env.GONGZHI_GATEWAY_URL as string;
const wx = (globalThis as unknown as { wx: Record<string, (...args: never[]) => unknown> }).wx;

// Households not yet joined, each with its printed code. Page test files share one seeded stack
// and run in parallel, so this file takes codes from the end of the list (me.test.ts takes the
// ones after these four; other areas start from the front) and each code is used by one test only.
const spare = estate.units.filter((u) => u.code).reverse();
const [forBind, forRedirect, forUnsafe, forUsed] = spare;

async function openBind(query: Record<string, string> = {}, mode: 'local' | 'cloud' = 'local') {
  const page = loadPage('pages/bind/bind', { beforeLoad: useBackend(mode) });
  await page.callOnLoad(query);
  return page;
}

async function myEstates(openid: string) {
  const res = await client(gateway(), openid).call('community', 'me', {});
  if (!res.result.ok) throw new Error(res.result.message);
  return res.result.data.estates;
}

afterEach(() => jest.restoreAllMocks());

describe('bind page', () => {
  it('binds with a good code: toast, back home, and the household is in "me"', async () => {
    const newcomer = 'page-bind-newcomer';
    setIdentity(newcomer);
    const bind = await openBind();

    await bind.input('.bind__field', forBind.code!.toLowerCase());
    expect(bind.comp.data.code).toBe(forBind.code);
    await bind.tap('.bind__submit');

    await waitFor(() => wxLog.navigations.length > 0);
    expect(wxLog.toasts).toContainEqual(
      expect.objectContaining({ title: `已绑定 ${forBind.label}` }),
    );
    expect(wxLog.navigations).toEqual([
      { api: 'reLaunch', url: `/pages/home/home?estateId=${estate.estateId}` },
    ]);
    const [mine] = await myEstates(newcomer);
    expect(mine.units).toEqual([{ id: forBind.unitId, label: forBind.label }]);
    expect(mine.roles).toEqual(['resident']);
  });

  it('goes to the page a shared link asked for, after a scanned code', async () => {
    setIdentity('page-bind-from-link');
    const scanCode = jest
      .spyOn(wx, 'scanCode')
      .mockImplementation(() =>
        Promise.resolve({ result: ` ${forRedirect.code!.toLowerCase()} ` }),
      );
    const target = '/pages/proposal/proposal?id=p_123';
    const bind = await openBind({ redirect: encodeURIComponent(target) });

    await bind.tap('.bind__scan');
    await waitFor(() => bind.comp.data.code === forRedirect.code);
    expect(scanCode).toHaveBeenCalledWith(expect.objectContaining({ onlyFromCamera: false }));
    await bind.tap('.bind__submit');

    await waitFor(() => wxLog.navigations.length > 0);
    expect(wxLog.navigations).toEqual([{ api: 'redirectTo', url: target }]);
  });

  it('ignores a redirect that is not one of our pages', async () => {
    setIdentity('page-bind-unsafe-link');
    const bind = await openBind({ redirect: encodeURIComponent('https://example.com/pages/x') });
    await bind.input('.bind__field', forUnsafe.code!);
    await bind.tap('.bind__submit');

    await waitFor(() => wxLog.navigations.length > 0);
    expect(wxLog.navigations).toEqual([
      { api: 'reLaunch', url: `/pages/home/home?estateId=${estate.estateId}` },
    ]);
  });

  it('shows the refusal of a wrong code next to the field, and nothing changes', async () => {
    const stranger = 'page-bind-wrong-code';
    setIdentity(stranger);
    const bind = await openBind();
    await bind.input('.bind__field', 'WXYZ2345');
    await bind.tap('.bind__submit');

    await waitFor(() => bind.comp.data.error);
    expect(bind.text('.bind__field')).toContain('绑定码不正确或已失效');
    expect(wxLog.toasts).toEqual([]);
    expect(wxLog.navigations).toEqual([]);
    expect(await myEstates(stranger)).toEqual([]);

    // Typing again clears the message.
    await bind.input('.bind__field', 'WXYZ234');
    expect(bind.comp.data.error).toBe('');
  });

  it('says when a code was already used by someone else', async () => {
    await client(gateway(), 'page-bind-code-owner').call('community', 'bind', {
      code: forUsed.code!,
    });
    setIdentity('page-bind-used-code');
    const bind = await openBind();
    await bind.input('.bind__field', forUsed.code!);
    await bind.tap('.bind__submit');

    await waitFor(() => bind.comp.data.error);
    expect(bind.text('.bind__field')).toContain('已经被使用过了');
    expect(wxLog.navigations).toEqual([]);
  });

  it('shows the wait message once guessing is rate-limited', async () => {
    setIdentity('page-bind-guesser');
    const bind = await openBind();
    await bind.input('.bind__field', 'WXYZ2345');
    // Ten tries per window; a window may turn over mid-test, so try until the limit shows.
    for (let i = 0; i < 25 && !String(bind.comp.data.error).includes('尝试次数过多'); i++) {
      await bind.tap('.bind__submit');
      await waitFor(() => !bind.comp.data.submitting);
    }
    expect(bind.text('.bind__field')).toContain('尝试次数过多');
  });

  it('is reached from home when the caller has no household yet', async () => {
    setIdentity('page-bind-from-home');
    const home = loadPage('pages/home/home', { beforeLoad: useBackend() });
    await home.callOnLoad({});
    await waitFor(() => home.comp.data.loading === false);
    await home.tap('.home__bind');
    expect(wxLog.navigations).toEqual([{ api: 'navigateTo', url: '/pages/bind/bind' }]);
  });
});
