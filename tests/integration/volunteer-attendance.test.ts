/**
 * Check-in and check-out with the organiser's code, hours, and the service record, through
 * the gateway.
 */
import { Collections, memberId } from '../../core/collections';
import { parseCsv } from '../../core/csv';
import { codeFor, CODE_WINDOW_MS } from '../../core/volunteer/checkin-code';
import { startStack, type Stack } from '../../local/stack';
import type { TaskView } from '../../typings/volunteer';
import {
  createTask,
  HOUR,
  MINUTE,
  moveTask,
  ok,
  snapshot,
  world,
  type World,
} from './volunteer.fixtures';

let stack: Stack;
let w: World;
beforeAll(async () => {
  stack = await startStack();
  w = await world(stack, 'vol-attend', 40);
});
afterAll(() => stack.close());

const lead = () => w.as(w.estate.leads[0]);
const mid = (openid: string) => memberId(w.estate.estateId, openid);

async function secretOf(taskId: string): Promise<string> {
  const { data } = await stack.db.collection(Collections.volunteerTasks).doc(taskId).get();
  return (data as Array<{ checkinSecret: string }>)[0].checkinSecret;
}

async function signupDoc(taskId: string, openid: string) {
  const { data } = await stack.db
    .collection(Collections.volunteerSignups)
    .doc(`${taskId}_${mid(openid)}`)
    .get();
  return (data as Array<Record<string, unknown>>)[0];
}

/** A task with two places (a, b confirmed) and c on the waitlist. */
async function staffedTask(from: number, over = {}) {
  const task = await createTask(w, { places: 2, ...over });
  const [a, b, c] = w.members.slice(from, from + 3);
  for (const p of [a, b, c]) ok(await w.as(p).call('volunteer', 'signup', { taskId: task.id }));
  return { task, a, b, c };
}

const code = async (taskId: string) =>
  ok(await lead().call('volunteer', 'checkinCode', { taskId })).code;

describe('the check-in code', () => {
  it('is shown to the organiser only, and only around the task', async () => {
    const { task, a } = await staffedTask(5);
    const early = await lead().call('volunteer', 'checkinCode', { taskId: task.id });
    expect(early.result).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    await moveTask(w, task.id, 10 * MINUTE);
    const shown = ok(await lead().call('volunteer', 'checkinCode', { taskId: task.id }));
    expect(shown.code).toMatch(/^\d{6}$/);
    expect(shown.payload).toBe(`gongzhi:checkin:${task.id}:${shown.code}`);
    expect(new Date(shown.validUntil).getTime() - new Date(shown.refreshAt).getTime()).toBe(
      CODE_WINDOW_MS,
    );
    const asVolunteer = await w.as(a).call('volunteer', 'checkinCode', { taskId: task.id });
    expect(asVolunteer.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // The committee may step in for any task.
    const chair = await w
      .as(w.estate.committee[0])
      .call('volunteer', 'checkinCode', { taskId: task.id });
    expect(chair.result).toMatchObject({ ok: true, data: { code: shown.code } });
  });
});

describe('checking in', () => {
  it('with the current code (typed or scanned), once, for confirmed volunteers only', async () => {
    const { task, a, b, c } = await staffedTask(10);
    await moveTask(w, task.id, 10 * MINUTE);
    const current = await code(task.id);

    const waitlisted = await w
      .as(c)
      .call('volunteer', 'checkin', { taskId: task.id, code: current });
    expect(waitlisted.result).toMatchObject({ ok: false, code: 'INVALID_STATE' });

    const done = ok(await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: current }));
    expect(done.attendance.checkinAt).not.toBeNull();
    expect(done.can.checkin).toEqual({ code: 'INVALID_STATE', message: '你已经签到了' });
    expect(done.can.checkout).toBe(true);
    expect(done.can.cancelSignup).not.toBe(true);

    const scanned = ok(
      await w.as(b).call('volunteer', 'checkin', {
        taskId: task.id,
        code: `gongzhi:checkin:${task.id}:${current}`,
      }),
    );
    expect(scanned.attendance.checkinAt).not.toBeNull();
    const again = await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: current });
    expect(again.result).toMatchObject({ ok: false, message: '你已经签到了' });
    // Who checked in cannot leave the list any more.
    const leave = await w.as(a).call('volunteer', 'cancelSignup', { taskId: task.id });
    expect(leave.result).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });

  it("refuses wrong, expired and other tasks' codes, and changes nothing", async () => {
    const { task, a } = await staffedTask(15);
    const other = await createTask(w);
    await moveTask(w, task.id, 10 * MINUTE);
    const secret = await secretOf(task.id);
    const window = Math.floor(Date.now() / CODE_WINDOW_MS);
    const expired = codeFor(secret, task.id, window - 5);
    const current = await code(task.id);
    const wrong = current === '000000' ? '111111' : '000000';
    const before = await signupDoc(task.id, a);
    const cases: Array<[string, string]> = [
      [wrong, '签到码不正确，请核对组织者出示的签到码'],
      [expired, '签到码已过期，请扫描组织者手机上当前的签到码'],
      [`gongzhi:checkin:${other.id}:${current}`, '这是另一个任务的签到码'],
    ];
    for (const [typed, message] of cases) {
      const r = await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: typed });
      expect(r.result).toEqual({ ok: false, code: 'INVALID_INPUT', field: 'code', message });
    }
    expect(await signupDoc(task.id, a)).toEqual(before);
  });

  it('stops guessing after ten tries', async () => {
    const { task, a } = await staffedTask(20);
    await moveTask(w, task.id, 10 * MINUTE);
    const current = await code(task.id);
    const wrong = current === '000000' ? '111111' : '000000';
    for (let i = 0; i < 10; i++)
      await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: wrong });
    const r = await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: current });
    expect(r.result).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });

  it('only within the window: from 30 minutes before the start to the end', async () => {
    const { task, a } = await staffedTask(25);
    await moveTask(w, task.id, 31 * MINUTE);
    const early = await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: '123456' });
    expect(early.result).toMatchObject({ ok: false, message: '开始前 30 分钟才能签到' });
    await moveTask(w, task.id, -3 * HOUR); // a 2-hour task that ended an hour ago
    const late = await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: '123456' });
    expect(late.result).toMatchObject({ ok: false, message: '任务已经结束，不能再签到' });
  });
});

describe('hours', () => {
  let task: TaskView;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ({ task, a, b } = await staffedTask(30, { title: '消防通道清理', place: '3栋架空层' }));
    await moveTask(w, task.id, 10 * MINUTE);
    const current = await code(task.id);
    ok(await w.as(a).call('volunteer', 'checkin', { taskId: task.id, code: current }));
    // Started 90 minutes ago (a 2-hour task): a came early and checks out now.
    await moveTask(w, task.id, -90 * MINUTE);
    await stack.db
      .collection(Collections.volunteerSignups)
      .doc(`${task.id}_${mid(a)}`)
      .update({ checkinAt: new Date(Date.now() - 95 * MINUTE) });
  });

  it('check-out credits the whole minutes present within the task, at most its credit', async () => {
    const out = ok(
      await w.as(a).call('volunteer', 'checkout', { taskId: task.id, code: await code(task.id) }),
    );
    expect(out.attendance.minutes).toBe(90);
    expect(out.attendance.hoursText).toBe('1 小时 30 分');
    expect(out.can.checkout).toEqual({ code: 'INVALID_STATE', message: '你已经签退了' });
    const noCheckin = await w
      .as(b)
      .call('volunteer', 'checkout', { taskId: task.id, code: await code(task.id) });
    expect(noCheckin.result).toMatchObject({ ok: false, message: '请先签到' });
  });

  it('the organiser confirms: corrections and no-shows, all or nothing', async () => {
    const stranger = w.members[39];
    const before = await snapshot(w);
    const bad = await lead().call('volunteer', 'confirmHours', {
      taskId: task.id,
      entries: [
        { memberId: mid(b), minutes: 0 },
        { memberId: mid(stranger), minutes: 60 },
      ],
    });
    expect(bad.result).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'entries[1].memberId',
    });
    const tooMuch = await lead().call('volunteer', 'confirmHours', {
      taskId: task.id,
      entries: [{ memberId: mid(a), minutes: 121 }],
    });
    expect(tooMuch.result).toMatchObject({ ok: false, field: 'entries[0].minutes' });
    const byResident = await w.as(a).call('volunteer', 'confirmHours', {
      taskId: task.id,
      entries: [{ memberId: mid(a), minutes: 120 }],
    });
    expect(byResident.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await snapshot(w)).toBe(before);

    const roster = ok(
      await lead().call('volunteer', 'confirmHours', {
        taskId: task.id,
        entries: [
          { memberId: mid(a), minutes: 100 },
          { memberId: mid(b), minutes: 0 },
        ],
      }),
    );
    expect(roster.confirmed.map((r) => [r.memberId, r.minutes, r.hoursConfirmed])).toEqual([
      [mid(a), 100, true],
      [mid(b), 0, true],
    ]);
    expect(roster.totalMinutes).toBe(100);
    expect(roster.waitlist).toHaveLength(1);
  });

  it('add up per volunteer and per team', async () => {
    // A second task of another team, credited by the organiser.
    const clean = ok(
      await w.as(w.estate.committee[0]).call('volunteer', 'createTeam', {
        estateId: w.estate.estateId,
        name: '环境清洁队',
      }),
    );
    const other = await createTask(w, { teamId: clean.id, title: '楼道大扫除', places: 3 });
    ok(await w.as(a).call('volunteer', 'signup', { taskId: other.id }));
    await moveTask(w, other.id, -3 * HOUR);
    ok(
      await lead().call('volunteer', 'confirmHours', {
        taskId: other.id,
        entries: [{ memberId: mid(a), minutes: 45 }],
      }),
    );

    const mine = ok(await w.as(a).call('volunteer', 'myHours', { estateId: w.estate.estateId }));
    expect(mine).toMatchObject({ totalMinutes: 145, totalText: '2 小时 25 分', tasks: 2 });
    expect(mine.byTeam.map((t) => [t.teamName, t.minutes])).toEqual([
      ['邻里安全志愿服务队', 100],
      ['环境清洁队', 45],
    ]);
    expect(mine.records.map((r) => r.title)).toEqual(['消防通道清理', '楼道大扫除']);

    const teams = ok(
      await w
        .as(b)
        .call('volunteer', 'teamHours', { estateId: w.estate.estateId, teamId: w.teamId }),
    );
    expect(teams.teams.map((t) => [t.teamName, t.minutes, t.volunteers, t.tasks])).toEqual([
      ['邻里安全志愿服务队', 100, 1, 1],
      ['环境清洁队', 45, 1, 1],
    ]);
    expect(teams.volunteers).toEqual([
      { name: expect.stringContaining('住户'), minutes: 100, hoursText: '1 小时 40 分' },
    ]);
  });

  it("exports the service record as CSV with the record rules' fields", async () => {
    const bad = await w.as(a).call('volunteer', 'exportRecord', {
      estateId: w.estate.estateId,
      idNumber: '440605199001011235',
    });
    expect(bad.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'idNumber' });
    const record = ok(
      await w.as(a).call('volunteer', 'exportRecord', {
        estateId: w.estate.estateId,
        realName: '李志愿',
        idNumber: '11010519491231002X',
      }),
    );
    expect(record).toMatchObject({ rows: 2, totalMinutes: 145 });
    expect(record.filename).toMatch(/^志愿服务记录-李志愿-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(record.csv).map((r) => r.cells);
    expect(rows[0]).toEqual([
      '序号',
      '志愿者姓名',
      '证件号码',
      '服务项目',
      '服务内容',
      '服务地点',
      '志愿服务组织',
      '开始时间',
      '结束时间',
      '服务时长（小时）',
      '服务时长（分钟）',
      '记录方式',
      '记录日期',
    ]);
    expect(rows[1].slice(3, 4)).toEqual(['楼道大扫除']); // oldest first
    expect(rows[1].slice(9, 12)).toEqual(['0.75', '45', '组织者确认']);
    expect(rows[2]).toEqual([
      '2',
      '李志愿',
      '1101**********002X',
      '消防通道清理',
      expect.stringContaining('消防通道'),
      '3栋架空层',
      '测试小区 vol-attend邻里安全志愿服务队',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      '1.67',
      '100',
      '组织者确认',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    ]);
    expect(rows[3].slice(0, 3)).toEqual(['合计', '李志愿', '1101**********002X']);
    expect(rows[3].slice(9, 11)).toEqual(['2.42', '145']);
    expect(record.csv).not.toContain('11010519491231002X');
    // Never stored: nothing anywhere holds the number.
    expect(await snapshot(w)).not.toContain('11010519491231002X');
  });
});
