/** The demo estate's volunteers, seeded through the functions (local/seed/volunteer.ts). */
import { seedDemo } from '../../local/seed/demo';
import type { DemoEstate } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { client } from '../support/gateway';
import { ok } from './volunteer.fixtures';

let stack: Stack;
let demo: DemoEstate;
beforeAll(async () => {
  stack = await startStack();
  demo = await seedDemo(stack);
  // The whole demo, some 700 calls through the functions: slow on a loaded 2-core machine.
}, 120_000);
afterAll(() => stack.close());

describe('the demo estate 糖果悦园 has volunteers', () => {
  it('three teams and upcoming tasks, one full with a waitlist', async () => {
    const api = client(stack.cloudbase.url, demo.residents[0]);
    const list = ok(await api.call('volunteer', 'list', { estateId: demo.estateId }));
    expect(list.teams.map((t) => t.name)).toEqual([
      '邻里安全志愿服务队',
      '环境清洁队',
      '长者关爱队',
    ]);
    expect(list.teams[0].description).toContain('退役军人');
    expect(list.items.map((t) => [t.title, t.statusLine])).toEqual([
      ['周末夜间巡逻', '已满，候补 2 人'],
      ['楼道杂物清理日', '还剩 7 个名额'],
      ['探访独居长者', '还剩 5 个名额'],
    ]);
    expect(list.canCreate).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('楼长') });
    const home = ok(await api.call('community', 'home', {}));
    const patrol = home.activities.find((a) => a.title === '周末夜间巡逻');
    expect(patrol).toMatchObject({
      kind: 'task',
      status: expect.stringContaining('已满，候补 2 人'),
    });
    expect(home.activities.map((a) => a.title)).not.toContain('上周末夜间巡逻');
  });

  it("last week's patrol credited its crew's hours", async () => {
    const api = client(stack.cloudbase.url, demo.residents[0]);
    const teams = ok(await api.call('volunteer', 'teamHours', { estateId: demo.estateId }));
    expect(teams.teams[0]).toMatchObject({
      teamName: '邻里安全志愿服务队',
      minutes: 330,
      volunteers: 3,
      tasks: 1,
    });
    const crewMember = demo.residents.slice(-4)[0];
    const mine = ok(
      await client(stack.cloudbase.url, crewMember).call('volunteer', 'myHours', {
        estateId: demo.estateId,
      }),
    );
    expect(mine).toMatchObject({ totalMinutes: 120, totalText: '2 小时', tasks: 1 });
  });
});
