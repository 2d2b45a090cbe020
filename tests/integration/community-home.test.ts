import { Collections } from '../../core/collections';
import { seedEstate, sizedEstate, type DemoEstate } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { client, postFn } from '../support/gateway';

let stack: Stack;
let estate: DemoEstate;
let other: DemoEstate;

beforeAll(async () => {
  stack = await startStack();
  estate = await seedEstate(stack.db, sizedEstate('home-a', 30));
  other = await seedEstate(stack.db, sizedEstate('home-b', 10));
  const activities = stack.db.collection(Collections.activities);
  const at = (min: number) => new Date(Date.UTC(2026, 10, 1, 8, min));
  await Promise.all([
    activities.doc('proposal_p1').set({
      estateId: 'home-a',
      kind: 'proposal',
      title: '电动车充电桩选址',
      status: '联署中 · 还需 2 户',
      open: true,
      updatedAt: at(1),
    }),
    activities.doc('vote_v1').set({
      estateId: 'home-a',
      kind: 'vote',
      title: '更换6部电梯',
      status: '表决中',
      open: true,
      updatedAt: at(3),
    }),
    activities.doc('task_t1').set({
      estateId: 'home-a',
      kind: 'task',
      title: '邻里安全巡逻',
      status: '还剩 3 个名额',
      open: true,
      updatedAt: at(2),
    }),
    activities.doc('task_t0').set({
      estateId: 'home-a',
      kind: 'task',
      title: '已结束的活动',
      status: '已结束',
      open: false,
      updatedAt: at(4),
    }),
    activities.doc('campaign_c9').set({
      estateId: 'home-b',
      kind: 'campaign',
      title: '别的小区的募捐',
      status: '募捐中',
      open: true,
      updatedAt: at(5),
    }),
  ]);
});
afterAll(() => stack.close());

describe('community.home through the gateway', () => {
  it('shows a member their estate, their household and what is open, newest first', async () => {
    const me = estate.units[0];
    const { status, result } = await client(stack.cloudbase.url, me.openid).call(
      'community',
      'home',
      {},
    );
    expect(status).toBe(200);
    if (!result.ok) throw new Error(result.message);
    expect(result.data.estate).toEqual({
      id: 'home-a',
      name: '测试小区 home-a',
      district: '本地测试',
      buildings: 1,
      units: 30,
      boundUnits: 30,
    });
    expect(result.data.units).toEqual([me.label]);
    expect(result.data.roles).toEqual(['resident', 'committee']);
    expect(result.data.activities.map((a) => a.title)).toEqual([
      '更换6部电梯',
      '邻里安全巡逻',
      '电动车充电桩选址',
    ]);
    expect(result.data.open).toEqual({ proposal: 1, vote: 1, campaign: 0, task: 1 });
  });

  it('never shows another estate, even when asked for it by id', async () => {
    const { result } = await client(stack.cloudbase.url, estate.units[5].openid).call(
      'community',
      'home',
      { estateId: 'home-b' },
    );
    expect(result).toEqual({
      ok: false,
      code: 'NOT_MEMBER',
      message: expect.stringContaining('绑定'),
    });
  });

  it('refuses anonymous callers and strangers with typed errors', async () => {
    const anon = await client(stack.cloudbase.url).call('community', 'home', {});
    expect(anon.result).toMatchObject({ ok: false, code: 'NOT_SIGNED_IN' });
    const stranger = await client(stack.cloudbase.url, 'somebody-new').call(
      'community',
      'home',
      {},
    );
    expect(stranger.result).toMatchObject({ ok: false, code: 'NOT_MEMBER' });
  });

  it('rejects bad input with a Chinese message and unknown actions with UNKNOWN_ACTION', async () => {
    const openid = other.units[0].openid;
    const bad = await postFn(
      stack.cloudbase.url,
      'community',
      { action: 'home', estateId: { $ne: 1 } },
      { openid },
    );
    expect(bad.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'estateId' });
    const extra = await postFn(
      stack.cloudbase.url,
      'community',
      { action: 'home', __proto__x: 1 },
      { openid },
    );
    expect(extra.result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const unknown = await postFn(
      stack.cloudbase.url,
      'community',
      { action: 'dropEverything' },
      { openid },
    );
    expect(unknown.result).toEqual({ ok: false, code: 'UNKNOWN_ACTION', message: '不支持的操作' });
  });

  it("takes WeChat's envelope: userInfo is dropped unread, and a forged one changes nobody", async () => {
    const me = other.units[0].openid;
    const stranger = estate.units[0].openid;
    // The gateway injects { appId, openId } as wx.cloud.callFunction does, over what was sent.
    const forged = await postFn(
      stack.cloudbase.url,
      'community',
      { action: 'home', userInfo: { appId: 'wx-forged', openId: stranger } },
      { openid: me },
    );
    expect(forged.result).toMatchObject({ ok: true, data: { estate: { id: other.estateId } } });
    // The HTTP API injects { appId } alone, with no caller: still refused as anonymous, not as bad input.
    const viaHttpApi = await stack.runner.invoke(
      'community',
      { action: 'home', userInfo: { appId: 'wx-some-app' } },
      {},
      'envelope-http-api',
    );
    expect(viaHttpApi).toMatchObject({ ok: false, code: 'NOT_SIGNED_IN' });
  });

  it('costs a fixed number of database round trips, whatever the size of the estate', async () => {
    const big = await seedEstate(stack.db, sizedEstate('home-big', 300));
    const small = await postFn(
      stack.cloudbase.url,
      'community',
      { action: 'home', estateId: 'home-a' },
      { openid: estate.units[1].openid },
    );
    const large = await postFn(
      stack.cloudbase.url,
      'community',
      { action: 'home', estateId: 'home-big' },
      { openid: big.units[1].openid },
    );
    expect(small.dbCalls).toBe(5);
    expect(large.dbCalls).toBe(small.dbCalls);
  });
});
