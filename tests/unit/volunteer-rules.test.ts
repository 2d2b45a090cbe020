import { checkCode, codeFor, CODE_WINDOW_MS, currentCode } from '../../core/volunteer/checkin-code';
import { hoursDecimal, hoursText, timeText } from '../../core/volunteer/format';
import { idNumberValid, maskIdNumber } from '../../core/volunteer/hours';
import type { TaskDoc } from '../../core/volunteer/model';
import {
  abilities,
  creditedMinutes,
  placesOf,
  reminderTimes,
  standingOf,
  statusLine,
  type Situation,
} from '../../core/volunteer/rules';

const MIN = 60_000;
const HOUR = 60 * MIN;
// 2026-11-21 12:00 China time.
const NOW = new Date('2026-11-21T04:00:00Z');

function task(over: Partial<TaskDoc> = {}): TaskDoc {
  const startAt = new Date(NOW.getTime() + 31 * HOUR); // Sunday 19:00
  return {
    _id: 'vk_1',
    estateId: 'e1',
    teamId: 'vt_1',
    teamName: '邻里安全志愿服务队',
    title: '夜间巡逻',
    description: '',
    place: '南门',
    startAt,
    endAt: new Date(startAt.getTime() + 2 * HOUR),
    signupDeadline: new Date(startAt.getTime() - HOUR),
    places: 3,
    creditMinutes: 120,
    status: 'open',
    confirmed: [],
    waitlist: [],
    version: 1,
    checkinSecret: 'secret',
    organiserMemberId: 'm_lead',
    organiserLabel: '',
    cancelReason: null,
    remindDayAt: null,
    remindHourAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  };
}

const ids = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('places', () => {
  it.each([
    [0, 0, { confirmed: 0, waitlisted: 0, left: 3, filledPercent: 0, line: '还剩 3 个名额' }],
    [2, 0, { confirmed: 2, left: 1, filledPercent: 66, line: '还剩 1 个名额' }],
    [3, 0, { confirmed: 3, left: 0, filledPercent: 100, line: '已满，可候补' }],
    [3, 5, { confirmed: 3, waitlisted: 5, left: 0, line: '已满，候补 5 人' }],
  ])('%i confirmed, %i waitlisted of 3 places', (c, wl, expected) => {
    expect(placesOf(task({ confirmed: ids(c), waitlist: ids(wl, 'w') }))).toMatchObject(expected);
  });

  it('places the member: confirmed, waitlist position (1-based), or nothing', () => {
    const t = task({ confirmed: ['a', 'b', 'c'], waitlist: ['d', 'e'] });
    expect(standingOf(t, 'b')).toEqual({ status: 'confirmed', position: null });
    expect(standingOf(t, 'd')).toEqual({ status: 'waitlisted', position: 1 });
    expect(standingOf(t, 'e')).toEqual({ status: 'waitlisted', position: 2 });
    expect(standingOf(t, 'z')).toEqual({ status: 'none', position: null });
  });
});

describe('the status line follows the task through its life', () => {
  const t = task({ confirmed: ids(3), waitlist: ids(2, 'w') });
  it.each([
    ['while signing up', NOW, '已满，候补 2 人'],
    ['after the deadline', new Date(t.signupDeadline.getTime() + MIN), '报名已截止 · 已报名 3/3'],
    ['while running', new Date(t.startAt.getTime() + MIN), '进行中'],
    ['after the end', t.endAt, '已结束'],
  ])('%s', (_, now, line) => expect(statusLine(t, now)).toBe(line));
  it('cancelled', () => expect(statusLine({ ...t, status: 'cancelled' }, NOW)).toBe('已取消'));
});

describe('what a member may do', () => {
  const s = (over: Partial<Situation>): Situation => ({
    task: task(),
    memberId: 'm1',
    roles: ['resident'],
    signup: null,
    now: NOW,
    ...over,
  });

  it('signs up until the deadline, not twice, not when the waitlist is full', () => {
    expect(abilities(s({})).signup).toBe(true);
    expect(abilities(s({ task: task({ confirmed: ['m1'] }) })).signup).toMatchObject({
      message: '你已经报名了',
    });
    const deadline = task().signupDeadline;
    expect(abilities(s({ now: deadline })).signup).toMatchObject({ message: '报名已截止' });
    const full = task({ places: 1, confirmed: ['x'], waitlist: ids(500, 'w') });
    expect(abilities(s({ task: full })).signup).toMatchObject({ message: '名额和候补都已满' });
    expect(abilities(s({ task: task({ status: 'cancelled' }) })).signup).toMatchObject({
      message: '这个任务已取消',
    });
  });

  it('checks in from 30 minutes before the start, only with a place', () => {
    const t = task({ confirmed: ['m1'], waitlist: ['m2'] });
    const at = (ms: number) => new Date(t.startAt.getTime() + ms);
    expect(abilities(s({ task: t, now: at(-31 * MIN) })).checkin).toMatchObject({
      message: '开始前 30 分钟才能签到',
    });
    expect(abilities(s({ task: t, now: at(-30 * MIN) })).checkin).toBe(true);
    expect(abilities(s({ task: t, now: at(2 * HOUR) })).checkin).toMatchObject({
      message: '任务已经结束，不能再签到',
    });
    expect(abilities(s({ task: t, memberId: 'm2', now: at(0) })).checkin).toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('manages the task: its poster, the committee, staff; not other members', () => {
    expect(abilities(s({ memberId: 'm_lead', roles: ['resident', 'lead'] })).manage).toBe(true);
    expect(abilities(s({ roles: ['resident', 'committee'] })).manage).toBe(true);
    expect(abilities(s({ roles: ['staff'] })).manage).toBe(true);
    expect(abilities(s({ roles: ['resident', 'lead'] })).manage).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('credited minutes (integers only)', () => {
  const t = task();
  const at = (min: number) => new Date(t.startAt.getTime() + min * MIN);
  it.each([
    ['on time, whole task', -10, 125, 120],
    ['late and early', 15, 95, 80],
    ['seconds do not round up', 0, 59.99, 59],
    ['left before the start', -20, -5, 0],
    ['came after the end', 130, 140, 0],
  ])('%s', (_, from, to, minutes) => expect(creditedMinutes(t, at(from), at(to))).toBe(minutes));
  it('never more than the task credits', () => {
    expect(creditedMinutes({ ...t, creditMinutes: 90 }, at(0), at(120))).toBe(90);
  });
});

describe('hours as text', () => {
  it.each([
    [0, '0 分钟', '0.00'],
    [20, '20 分钟', '0.33'],
    [30, '30 分钟', '0.50'],
    [60, '1 小时', '1.00'],
    [100, '1 小时 40 分', '1.67'],
    [145, '2 小时 25 分', '2.42'],
    [1439, '23 小时 59 分', '23.98'],
  ])('%i minutes', (m, text, decimal) => {
    expect(hoursText(m)).toBe(text);
    expect(hoursDecimal(m)).toBe(decimal);
  });

  it('times read in China time, across midnight with the second date', () => {
    const start = new Date('2026-11-22T11:00:00Z'); // 19:00 in China, a Sunday
    expect(timeText(start, new Date('2026-11-22T13:00:00Z'))).toBe('11月22日 周日 19:00–21:00');
    expect(timeText(start, new Date('2026-11-22T17:30:00Z'))).toBe(
      '11月22日 周日 19:00–11月23日 周一 01:30',
    );
  });
});

describe('reminders', () => {
  it('a day and an hour before, unless that moment has passed', () => {
    const start = new Date(NOW.getTime() + 30 * HOUR);
    expect(reminderTimes(start, NOW)).toEqual({
      remindDayAt: new Date(NOW.getTime() + 6 * HOUR),
      remindHourAt: new Date(NOW.getTime() + 29 * HOUR),
    });
    const soon = new Date(NOW.getTime() + 3 * HOUR);
    expect(reminderTimes(soon, NOW)).toEqual({
      remindDayAt: null,
      remindHourAt: new Date(NOW.getTime() + 2 * HOUR),
    });
    expect(reminderTimes(new Date(NOW.getTime() + 30 * MIN), NOW)).toEqual({
      remindDayAt: null,
      remindHourAt: null,
    });
  });
});

describe('check-in codes', () => {
  const w = Math.floor(NOW.getTime() / CODE_WINDOW_MS);
  it('are six digits, fixed per task and minute, different across tasks and minutes', () => {
    const c = codeFor('secret', 'vk_1', w);
    expect(c).toMatch(/^\d{6}$/);
    expect(codeFor('secret', 'vk_1', w)).toBe(c);
    expect(new Set([c, codeFor('secret', 'vk_2', w), codeFor('secret', 'vk_1', w + 1)]).size).toBe(
      3,
    );
    expect(currentCode('secret', 'vk_1', NOW)).toMatchObject({
      code: c,
      payload: `gongzhi:checkin:vk_1:${c}`,
      refreshAt: new Date((w + 1) * CODE_WINDOW_MS),
      validUntil: new Date((w + 2) * CODE_WINDOW_MS),
    });
  });

  it('are accepted this minute and the next, then expired; typed or scanned', () => {
    const c = codeFor('secret', 'vk_1', w);
    const later = (windows: number) => new Date(NOW.getTime() + windows * CODE_WINDOW_MS);
    expect(checkCode('secret', 'vk_1', c, NOW)).toBe('ok');
    expect(checkCode('secret', 'vk_1', ` ${c} `, later(1))).toBe('ok');
    expect(checkCode('secret', 'vk_1', `gongzhi:checkin:vk_1:${c}`, NOW)).toBe('ok');
    expect(checkCode('secret', 'vk_1', c, later(2))).toBe('expired');
    expect(checkCode('secret', 'vk_1', `gongzhi:checkin:vk_9:${c}`, NOW)).toBe('otherTask');
    expect(checkCode('other-secret', 'vk_1', c, NOW)).not.toBe('ok');
    expect(checkCode('secret', 'vk_1', 'abc', NOW)).toBe('wrong');
  });
});

describe('ID numbers on the service record', () => {
  it('checks the GB 11643 check digit and masks the middle', () => {
    expect(idNumberValid('11010519491231002X')).toBe(true);
    expect(idNumberValid('110105194912310021')).toBe(false);
    expect(idNumberValid('1101051949123100')).toBe(false);
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });
});
