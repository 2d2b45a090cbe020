import { seedDemo } from '../../local/seed/demo';
import type { DemoEstate } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { client } from '../support/gateway';

let stack: Stack;
let demo: DemoEstate;
beforeAll(async () => {
  stack = await startStack();
  demo = await seedDemo(stack);
  // The whole demo, some 700 calls through the functions: slow on a loaded 2-core machine.
}, 120_000);
afterAll(() => stack.close());

const ok = <T>(r: { result: { ok: boolean; data?: T; message?: string } }): T => {
  if (!r.result.ok) throw new Error(r.result.message);
  return r.result.data as T;
};

describe('the demo estate 糖果悦园', () => {
  it('has 120 households, 84 joined, a committee, a lead per building and office staff', async () => {
    expect(demo.units).toHaveLength(120);
    expect(demo.units.filter((u) => u.openid)).toHaveLength(84);
    expect(demo.units.filter((u) => u.code)).toHaveLength(36);
    expect(demo.committee).toHaveLength(3);
    expect(demo.leads).toHaveLength(4);
    const home = ok(
      await client(stack.cloudbase.url, demo.residents[0]).call('community', 'home', {}),
    );
    expect(home.estate).toMatchObject({
      name: '糖果悦园',
      buildings: 4,
      units: 120,
      boundUnits: 84,
    });
  });

  it('has proposals in every state a resident meets before a vote', async () => {
    const api = client(stack.cloudbase.url, demo.residents[0]);
    const all = ok(await api.call('proposal', 'list', { estateId: demo.estateId }));
    const byTitle = Object.fromEntries(all.items.map((i) => [i.title, i.status]));
    expect(byTitle).toEqual({
      电动车充电桩选址: 'cosigning',
      更换6部电梯: 'voting',
      后山公园开放时间调整: 'decided',
      公共区域加装监控: 'scheduled',
      在中庭开设收费停车位: 'rejected',
      增设小区智能快递柜: 'expired',
      外墙重新粉刷: 'withdrawn',
    });
    const charging = all.items.find((i) => i.title === '电动车充电桩选址')!;
    expect(charging.summary).toBe('联署中 · 还需 4 户联署');
    const lifts = ok(
      await api.call('proposal', 'get', {
        proposalId: all.items.find((i) => i.title === '更换6部电梯')!.id,
      }),
    );
    expect(lifts.hearings).toHaveLength(2);
    expect(lifts.category.code).toBe('useFund');
    const home = ok(await api.call('community', 'home', {}));
    expect(home.activities.map((a) => a.title)).toEqual(
      expect.arrayContaining(['电动车充电桩选址', '更换6部电梯']),
    );
    expect(home.activities.map((a) => a.title)).not.toContain('增设小区智能快递柜');
  });

  it('has the elevator vote open and the park vote closed: 87% took part, 83% approved', async () => {
    const api = client(stack.cloudbase.url, demo.residents[0]);
    const all = ok(await api.call('proposal', 'list', { estateId: demo.estateId }));
    const voteOf = (title: string) => `v_${all.items.find((i) => i.title === title)!.id}`;
    const park = ok(await api.call('vote', 'results', { voteId: voteOf('后山公园开放时间调整') }));
    expect(park).toMatchObject({ final: true, winner: 0, outcomeText: '表决通过' });
    expect(park.quorum.households.percentText).toBe('86.6%');
    expect(park.options[0].support.households).toBe(100); // 100 of 120 households: 83.3%
    expect(park.published!.rows.length).toBe(50);
    const lifts = ok(await api.call('vote', 'results', { voteId: voteOf('更换6部电梯') }));
    expect(lifts).toMatchObject({ final: false, mode: 'civilCode', status: 'open' });
    expect(lifts.participated.heads).toBe(60); // 60 owners' ballots; some owners hold two units
  });
});
