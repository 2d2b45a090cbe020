/**
 * Places and the waitlist through the gateway: exact under concurrency, refusals that change
 * nothing, round trips that do not grow with the number of signups.
 */
import { Collections, memberId } from '../../core/collections';
import { inBatches } from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import type { TaskView } from '../../typings/volunteer';
import { postFn } from '../support/gateway';
import {
  createTask,
  count,
  DAY,
  HOUR,
  moveTask,
  ok,
  snapshot,
  taskInput,
  world,
  type World,
} from './volunteer.fixtures';

let stack: Stack;
let w: World;
beforeAll(async () => {
  stack = await startStack();
  w = await world(stack, 'vol-signup', 120);
});
afterAll(() => stack.close());

const volunteers = (from: number, n: number) => w.members.slice(from, from + n);
const signup = (openid: string, taskId: string) =>
  w.as(openid).call('volunteer', 'signup', { taskId });
const cancel = (openid: string, taskId: string) =>
  w.as(openid).call('volunteer', 'cancelSignup', { taskId });
const view = async (openid: string, taskId: string) =>
  ok(await w.as(openid).call('volunteer', 'get', { taskId }));

describe('signing up', () => {
  it('takes a place, then a waitlist position once full; the page says which', async () => {
    const task = await createTask(w, { places: 2 });
    expect(task.places).toMatchObject({ places: 2, confirmed: 0, left: 2, line: '还剩 2 个名额' });
    const [a, b, c] = volunteers(10, 3);
    const first = ok(await signup(a, task.id));
    expect(first).toMatchObject({ myStatus: 'confirmed', waitlistPosition: null });
    expect(first.can.signup).toEqual({ code: 'INVALID_STATE', message: '你已经报名了' });
    expect(first.can.cancelSignup).toBe(true);
    ok(await signup(b, task.id));
    const third = ok(await signup(c, task.id));
    expect(third).toMatchObject({ myStatus: 'waitlisted', waitlistPosition: 1 });
    expect(third.places).toMatchObject({
      confirmed: 2,
      waitlisted: 1,
      left: 0,
      line: '已满，候补 1 人',
    });
    expect(third.myLine).toContain('第 1 位候补');
  });

  it('is idempotent: a double tap holds one place and writes one record', async () => {
    const task = await createTask(w, { places: 3 });
    const [a] = volunteers(20, 1);
    const both = await Promise.all([signup(a, task.id), signup(a, task.id)]);
    for (const r of both) expect(ok(r).myStatus).toBe('confirmed');
    const again = ok(await signup(a, task.id));
    expect(again.places.confirmed).toBe(1);
    expect(await count(w, Collections.volunteerSignups, { taskId: task.id })).toBe(1);
    expect(
      await count(w, Collections.auditLog, { action: 'volunteer.signup', target: task.id }),
    ).toBe(1);
  });

  it('40 members at once for 10 places: exactly 10 confirmed and 30 waitlisted, in order', async () => {
    const task = await createTask(w, { places: 10 });
    const people = volunteers(30, 40);
    const answers = await Promise.all(people.map((p) => signup(p, task.id)));
    const views = answers.map((r) => ok(r) as TaskView);
    expect(views.filter((v) => v.myStatus === 'confirmed')).toHaveLength(10);
    const positions = views
      .filter((v) => v.myStatus === 'waitlisted')
      .map((v) => v.waitlistPosition!)
      .sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

    // Each answer's position is where the member stands now, and the order is the arrival order.
    const now = await Promise.all(people.map((p) => view(p, task.id)));
    now.forEach((v, i) => {
      expect(v.myStatus).toBe(views[i].myStatus);
      expect(v.waitlistPosition).toBe(views[i].waitlistPosition);
    });
    expect(now[0].places).toMatchObject({ confirmed: 10, waitlisted: 30, left: 0 });
    expect(await count(w, Collections.volunteerSignups, { taskId: task.id })).toBe(40);
  });

  it('concurrent cancellations promote exactly as many, first come first served', async () => {
    const task = await createTask(w, { places: 10 });
    const people = volunteers(30, 40);
    for (const p of people) ok(await signup(p, task.id)); // in order: 10 places, 30 waitlisted
    const leaving = people.slice(0, 10).filter((_, i) => i % 2 === 0); // 5 with places
    const leavingWaitlist = [people[12], people[15]];
    await Promise.all([...leaving, ...leavingWaitlist].map((p) => cancel(p, task.id).then(ok)));

    const after = await view(people[0], task.id);
    expect(after.places).toMatchObject({ confirmed: 10, waitlisted: 23 });
    // The first five still waiting (skipping the two who left) were promoted…
    const promoted = [people[10], people[11], people[13], people[14], people[16]];
    for (const p of promoted) expect((await view(p, task.id)).myStatus).toBe('confirmed');
    // …and the rest kept their order.
    const rest = people.slice(17);
    const positions = await Promise.all(
      rest.map(async (p) => (await view(p, task.id)).waitlistPosition),
    );
    expect(positions).toEqual(rest.map((_, i) => i + 1));
    // Each promoted member is told exactly once.
    const notices = await w.stack.db
      .collection(Collections.notifyOutbox)
      .where({ topic: `task:${task.id}`, template: 'waitlistPromoted' })
      .get();
    const told = (notices.data as Array<{ toOpenid: string }>).map((n) => n.toOpenid).sort();
    expect(told).toEqual([...promoted].sort());
  });

  it('a leaver goes to the end of the queue when signing up again', async () => {
    const task = await createTask(w, { places: 1 });
    const [a, b, c] = volunteers(80, 3);
    for (const p of [a, b, c]) ok(await signup(p, task.id));
    ok(await cancel(a, task.id));
    expect((await view(b, task.id)).myStatus).toBe('confirmed');
    const back = ok(await signup(a, task.id));
    expect(back).toMatchObject({ myStatus: 'waitlisted', waitlistPosition: 2 });
  });
});

describe('refusals change nothing', () => {
  it('after the signup deadline, and for a cancelled task', async () => {
    const late = await createTask(w);
    await moveTask(w, late.id, 30 * 60_000); // starts in 30 min: the deadline passed
    const before = await snapshot(w);
    const r = await signup(w.members[90], late.id);
    expect(r.result).toEqual({ ok: false, code: 'INVALID_STATE', message: '报名已截止' });
    expect(await snapshot(w)).toBe(before);

    const off = await createTask(w);
    ok(await signup(w.members[91], off.id));
    ok(
      await w
        .as(w.estate.leads[0])
        .call('volunteer', 'cancelTask', { taskId: off.id, reason: '台风预警，改期' }),
    );
    const before2 = await snapshot(w);
    const r2 = await signup(w.members[92], off.id);
    expect(r2.result).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
      message: '这个任务已取消',
    });
    const r3 = await cancel(w.members[91], off.id);
    expect(r3.result).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(await snapshot(w)).toBe(before2);
  });

  it('for strangers, members of another estate, and bad input', async () => {
    const task = await createTask(w);
    const other = await world(stack, 'vol-signup-other', 10);
    const before = await snapshot(w);
    expect((await signup('not-bound-yet', task.id)).result).toMatchObject({
      ok: false,
      code: 'NOT_MEMBER',
    });
    expect((await signup(other.members[3], task.id)).result).toMatchObject({
      ok: false,
      code: 'NOT_MEMBER',
    });
    expect((await w.as().call('volunteer', 'signup', { taskId: task.id })).result).toMatchObject({
      ok: false,
      code: 'NOT_SIGNED_IN',
    });
    const bad = await postFn(
      stack.cloudbase.url,
      'volunteer',
      { action: 'signup', taskId: { $ne: 1 } },
      { openid: w.members[5] },
    );
    expect(bad.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'taskId' });
    const missing = await signup(w.members[5], 'vk_nope');
    expect(missing.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await snapshot(w)).toBe(before);
  });

  it("a resident may not run organiser actions; another lead may not change a lead's task", async () => {
    const task = await createTask(w);
    const resident = w.estate.residents[4];
    const otherLead = w.estate.leads[1] ?? w.estate.leads[0];
    const before = await snapshot(w);
    const asResident = w.as(resident);
    for (const [action, req] of [
      ['createTask', taskInput(w)],
      ['updateTask', { taskId: task.id, places: 20 }],
      ['cancelTask', { taskId: task.id, reason: '不想办了' }],
      ['roster', { taskId: task.id }],
      ['checkinCode', { taskId: task.id }],
      [
        'confirmHours',
        {
          taskId: task.id,
          entries: [{ memberId: memberId(w.estate.estateId, resident), minutes: 60 }],
        },
      ],
      ['createTeam', { estateId: w.estate.estateId, name: '环境清洁队' }],
    ] as const) {
      const r = await asResident.call('volunteer', action as never, req as never);
      expect([action, r.result]).toEqual([
        action,
        expect.objectContaining({ ok: false, code: 'FORBIDDEN' }),
      ]);
    }
    if (otherLead !== w.estate.leads[0]) {
      const r = await w
        .as(otherLead)
        .call('volunteer', 'updateTask', { taskId: task.id, places: 3 });
      expect(r.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await snapshot(w)).toBe(before);
  });

  it('invalid task input names the field and writes nothing', async () => {
    const before = await snapshot(w);
    const lead = w.as(w.estate.leads[0]);
    const cases: Array<[Partial<ReturnType<typeof taskInput>>, string]> = [
      [{ places: 0 }, 'places'],
      [{ startAt: new Date(Date.now() - HOUR).toISOString() }, 'startAt'],
      [{ endAt: new Date(Date.now() + DAY).toISOString() }, 'endAt'],
      [{ signupDeadline: new Date(Date.now() + 3 * DAY).toISOString() }, 'signupDeadline'],
      [{ creditMinutes: 500 }, 'creditMinutes'],
      [{ teamId: 'vt_nope' }, 'teamId'],
    ];
    for (const [over, field] of cases) {
      const r = await lead.call('volunteer', 'createTask', taskInput(w, over));
      if (field === 'teamId') expect(r.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      else expect(r.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
    }
    expect(await snapshot(w)).toBe(before);
  });
});

describe('organiser changes', () => {
  it('more places promote the first waitlisted (told); fewer than confirmed is refused', async () => {
    const task = await createTask(w, { places: 2 });
    const people = volunteers(100, 5);
    for (const p of people) ok(await signup(p, task.id));
    const lead = w.as(w.estate.leads[0]);
    const shrink = await lead.call('volunteer', 'updateTask', { taskId: task.id, places: 1 });
    expect(shrink.result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'places' });
    const grown = ok(await lead.call('volunteer', 'updateTask', { taskId: task.id, places: 4 }));
    expect(grown.places).toMatchObject({ confirmed: 4, waitlisted: 1 });
    expect((await view(people[3], task.id)).myStatus).toBe('confirmed');
    expect((await view(people[4], task.id)).waitlistPosition).toBe(1);
    expect(
      await count(w, Collections.notifyOutbox, {
        topic: `task:${task.id}`,
        template: 'waitlistPromoted',
      }),
    ).toBe(2);
  });

  it('a new time is told to everyone on the lists; cancelling tells them and the feed closes', async () => {
    const task = await createTask(w, { places: 1 });
    const [a, b] = volunteers(110, 2);
    ok(await signup(a, task.id));
    ok(await signup(b, task.id));
    const lead = w.as(w.estate.leads[0]);
    ok(
      await lead.call('volunteer', 'updateTask', {
        taskId: task.id,
        title: '周末夜间巡逻（第二组）',
      }),
    );
    expect(
      await count(w, Collections.notifyOutbox, {
        topic: `task:${task.id}`,
        template: 'taskChanged',
      }),
    ).toBe(0);
    ok(
      await lead.call('volunteer', 'updateTask', {
        taskId: task.id,
        startAt: new Date(Date.now() + 3 * DAY).toISOString(),
        endAt: new Date(Date.now() + 3 * DAY + HOUR).toISOString(),
        signupDeadline: new Date(Date.now() + 3 * DAY - HOUR).toISOString(),
      }),
    );
    expect(
      await count(w, Collections.notifyOutbox, {
        topic: `task:${task.id}`,
        template: 'taskChanged',
      }),
    ).toBe(2);
    const cancelled = ok(
      await lead.call('volunteer', 'cancelTask', { taskId: task.id, reason: '台风预警，改期' }),
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusLine: '已取消',
      cancelReason: '台风预警，改期',
    });
    expect(
      await count(w, Collections.notifyOutbox, {
        topic: `task:${task.id}`,
        template: 'taskChanged',
      }),
    ).toBe(4);
    const feed = await w.stack.db.collection(Collections.activities).doc(`task_${task.id}`).get();
    expect((feed.data as Array<{ open: boolean; status: string }>)[0]).toMatchObject({
      open: false,
    });
  });
});

describe('the home feed', () => {
  it('shows places left, then full with the waitlist', async () => {
    const task = await createTask(w, { places: 2, title: '楼道清洁日' });
    const feed = async () =>
      (
        (await w.stack.db.collection(Collections.activities).doc(`task_${task.id}`).get())
          .data as Array<{ status: string; open: boolean }>
      )[0];
    expect((await feed()).status).toContain('还剩 2 个名额');
    await inBatches(volunteers(40, 5), 5, async (p) => ok(await signup(p, task.id)));
    expect(await feed()).toMatchObject({
      open: true,
      status: expect.stringContaining('已满，候补 3 人'),
    });
    const home = ok(
      await w.as(w.members[3]).call('community', 'home', { estateId: w.estate.estateId }),
    );
    expect(home.activities.find((a) => a.title === '楼道清洁日')?.status).toContain(
      '已满，候补 3 人',
    );
  });
});

describe('round trips', () => {
  it('signup and cancelSignup cost the same with 2 or 60 signups on the task', async () => {
    const measure = async (already: number) => {
      const task = await createTask(w, { places: already });
      const people = volunteers(0, already + 2);
      await inBatches(people.slice(0, already), 8, async (p) => ok(await signup(p, task.id)));
      const [s1, s2] = people.slice(already);
      const url = stack.cloudbase.url;
      const up = await postFn(
        url,
        'volunteer',
        { action: 'signup', taskId: task.id },
        { openid: s1 },
      );
      ok(up as never);
      await postFn(url, 'volunteer', { action: 'signup', taskId: task.id }, { openid: s2 });
      // s1 leaves a waitlist position, the first confirmed member leaves a place (promotion).
      const down = await postFn(
        url,
        'volunteer',
        { action: 'cancelSignup', taskId: task.id },
        { openid: s1 },
      );
      const promote = await postFn(
        url,
        'volunteer',
        { action: 'cancelSignup', taskId: task.id },
        { openid: people[0] },
      );
      return { up: up.dbCalls, down: down.dbCalls, promote: promote.dbCalls };
    };
    const small = await measure(2);
    const large = await measure(60);
    console.log(
      `round trips: signup (waitlist) = ${small.up}; cancelSignup = ${small.down}, with a promotion = ${small.promote}`,
    );
    expect(large).toEqual(small);
    expect(small).toEqual({ up: 6, down: 6, promote: 8 });
  });
});
