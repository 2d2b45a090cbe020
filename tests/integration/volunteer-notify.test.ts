/**
 * The outbox and the scheduler: reminders a day and an hour before, promotion and cancellation
 * notices, sent exactly once as WeChat subscription messages (the local CloudBase plays WeChat,
 * consent included), even by overlapping scheduler runs.
 */
import { Collections } from '../../core/collections';
import type { NotifyPort, SendOutcome } from '../../core/ports/notify';
import type { Ports } from '../../core/ports';
import { sendDue } from '../../core/notify/send';
import type { CommandContext } from '../../core/runtime/handler';
import { startStack, type Stack } from '../../local/stack';
import { acceptSubscriptions, postFn } from '../support/gateway';
import {
  createTask,
  DAY,
  HOUR,
  MINUTE,
  moveTask,
  ok,
  tick,
  world,
  type World,
} from './volunteer.fixtures';

let stack: Stack;
let w: World;
beforeAll(async () => {
  stack = await startStack();
  w = await world(stack, 'vol-notify', 60);
});
afterAll(() => stack.close());

interface Outbox {
  _id: string;
  toOpenid: string;
  template: string;
  status: string;
  page: string;
}

async function outbox(taskId: string): Promise<Outbox[]> {
  const { data } = await stack.db
    .collection(Collections.notifyOutbox)
    .where({ topic: `task:${taskId}` })
    .limit(1000)
    .get();
  return data as Outbox[];
}

/** What WeChat delivered to a person (their 服务通知), newest first. */
async function delivered(
  openid: string,
): Promise<Array<{ title: string; lines: string[]; page: string }>> {
  const res = await fetch(`${stack.cloudbase.url}/wechat/messages`, {
    headers: { 'x-dev-openid': openid },
  });
  return (
    (await res.json()) as { messages: Array<{ title: string; lines: string[]; page: string }> }
  ).messages;
}

const deliveredTo = async (people: string[]) =>
  (await Promise.all(people.map(delivered))).reduce((n, list) => n + list.length, 0);

/** A reminder queued but not due yet, as the job leaves one an hour before its time. */
async function queuedReminder(taskId: string, openid: string): Promise<string> {
  const id = `test_reminder_${taskId}_${openid}`;
  await stack.db.collection(Collections.notifyOutbox).add({
    _id: id,
    estateId: w.estate.estateId,
    toOpenid: openid,
    topic: `task:${taskId}`,
    template: 'taskReminder',
    subject: '提醒',
    time: null,
    place: '',
    note: '',
    page: '/pages/home/home',
    dueAt: new Date(Date.now() + HOUR),
    expiresAt: new Date(Date.now() + DAY),
    status: 'pending',
    attempts: 0,
    claim: null,
    claimedAt: null,
    sentAt: null,
    lastError: null,
    createdAt: new Date(),
  });
  return id;
}

const statusOf = async (id: string) =>
  ((await stack.db.collection(Collections.notifyOutbox).doc(id).get()).data as Outbox[])[0].status;

/** As the task page does: ask consent for the task's notices (each accepts), then sign up. */
async function signUp(taskId: string, people: string[]) {
  for (const p of people) {
    const task = ok(await w.as(p).call('volunteer', 'get', { taskId }));
    expect(task.subscribeTemplateIds).toHaveLength(3);
    await acceptSubscriptions(stack.cloudbase.url, p, task.subscribeTemplateIds);
    ok(await w.as(p).call('volunteer', 'signup', { taskId }));
  }
}

describe('reminders', () => {
  it('go to confirmed volunteers a day before, then an hour before, each once', async () => {
    const task = await createTask(w, { places: 2 });
    const [a, b, c] = w.members.slice(5, 8);
    await signUp(task.id, [a, b, c]);
    // One consent allows one message: a and b said yes again (on the page, before the day).
    await acceptSubscriptions(stack.cloudbase.url, a, ['local-tpl-task-reminder']);
    await acceptSubscriptions(stack.cloudbase.url, b, ['local-tpl-task-reminder']);
    // The day reminder is due (the task starts in 23 hours).
    await moveTask(w, task.id, 23 * HOUR, { remindDayAt: new Date(Date.now() - MINUTE) });
    await tick(w);
    let sent = await outbox(task.id);
    expect(sent.map((m) => [m.toOpenid, m.template, m.status]).sort()).toEqual(
      [
        [a, 'taskReminder', 'sent'],
        [b, 'taskReminder', 'sent'],
      ].sort(),
    );
    await tick(w);
    expect(await deliveredTo([a, b, c])).toBe(2);

    await moveTask(w, task.id, 50 * MINUTE, { remindHourAt: new Date(Date.now() - MINUTE) });
    await tick(w);
    sent = await outbox(task.id);
    expect(sent.filter((m) => m.status === 'sent')).toHaveLength(4);
    expect(await deliveredTo([a, b, c])).toBe(4);
    expect((await delivered(a))[0]).toMatchObject({
      title: '活动开始提醒',
      lines: expect.arrayContaining([expect.stringMatching(/^活动名称：/)]),
    });
    // c, on the waitlist, got none.
    expect(sent.some((m) => m.toOpenid === c)).toBe(false);
  });

  it('go only as far as consent goes: one consent, one message; none, none (43101)', async () => {
    const task = await createTask(w, { places: 2 });
    const [a, b] = w.members.slice(8, 10);
    await signUp(task.id, [a]);
    ok(await w.as(b).call('volunteer', 'signup', { taskId: task.id })); // declined the dialog
    await moveTask(w, task.id, 23 * HOUR, { remindDayAt: new Date(Date.now() - MINUTE) });
    await tick(w);
    const day = await outbox(task.id);
    expect(day.map((m) => [m.toOpenid, m.status]).sort()).toEqual(
      [
        [a, 'sent'],
        [b, 'failed'],
      ].sort(),
    );
    await moveTask(w, task.id, 50 * MINUTE, { remindHourAt: new Date(Date.now() - MINUTE) });
    await tick(w);
    const hourOfA = (await outbox(task.id)).filter(
      (m) => m.toOpenid === a && m.status === 'failed',
    );
    expect(hourOfA).toHaveLength(1);
    const { data } = await stack.db.collection(Collections.notifyOutbox).doc(hourOfA[0]._id).get();
    expect((data as Array<{ lastError: string }>)[0].lastError).toMatch(/^43101/);
    expect(await deliveredTo([a, b])).toBe(1);
  });

  it('a task posted less than a day ahead gets no "tomorrow" reminder', async () => {
    const task = await createTask(w, {
      startAt: new Date(Date.now() + 5 * HOUR).toISOString(),
      endAt: new Date(Date.now() + 6 * HOUR).toISOString(),
      signupDeadline: new Date(Date.now() + 4 * HOUR).toISOString(),
    });
    const { data } = await stack.db.collection(Collections.volunteerTasks).doc(task.id).get();
    const doc = (data as Array<{ remindDayAt: Date | null; remindHourAt: Date | null }>)[0];
    expect(doc.remindDayAt).toBeNull();
    expect(doc.remindHourAt).not.toBeNull();
  });
});

describe('notices', () => {
  it("tell the promoted volunteer, linking to the task; a leaver's pending reminders are withdrawn", async () => {
    const task = await createTask(w, { places: 1, title: '小区义诊志愿者' });
    const [a, b] = w.members.slice(10, 12);
    await signUp(task.id, [a, b]);
    await moveTask(w, task.id, 23 * HOUR, { remindDayAt: new Date(Date.now() - MINUTE) });
    await tick(w); // the day reminder goes out; the hour one waits
    const waiting = await queuedReminder(task.id, a);

    ok(await w.as(a).call('volunteer', 'cancelSignup', { taskId: task.id }));
    const promo = (await outbox(task.id)).find((m) => m.template === 'waitlistPromoted')!;
    expect(promo).toMatchObject({
      toOpenid: b,
      status: 'pending',
      page: `/pages/volunteer-task/volunteer-task?id=${task.id}`,
    });
    await tick(w);
    expect((await delivered(b))[0]).toMatchObject({
      title: '候补成功通知',
      page: `pages/volunteer-task/volunteer-task?id=${task.id}`,
      lines: expect.arrayContaining([
        '活动名称：小区义诊志愿者',
        '备注：候补成功，已为你保留名额，请准时参加',
      ]),
    });
    expect(await statusOf(promo._id)).toBe('sent');
    expect(await statusOf(waiting)).toBe('withdrawn');
  });

  it('a cancelled task withdraws unsent reminders and tells everyone on the lists', async () => {
    const task = await createTask(w, { places: 1 });
    const [a, b] = w.members.slice(14, 16);
    await signUp(task.id, [a, b]);
    const waiting = [await queuedReminder(task.id, a), await queuedReminder(task.id, b)];
    ok(
      await w
        .as(w.estate.leads[0])
        .call('volunteer', 'cancelTask', { taskId: task.id, reason: '物业临时封闭场地' }),
    );
    await tick(w);
    const all = await outbox(task.id);
    const cancelled = all.filter((m) => m.template === 'taskChanged');
    expect(cancelled.map((m) => [m.toOpenid, m.status]).sort()).toEqual(
      [
        [a, 'sent'],
        [b, 'sent'],
      ].sort(),
    );
    expect((await delivered(b))[0].lines).toContain('变更说明：任务已取消：物业临时封闭场地');
    for (const id of waiting) expect(await statusOf(id)).toBe('withdrawn');
  });

  it('expired messages are not sent; withdrawn ones neither', async () => {
    const task = await createTask(w, { places: 1 });
    const [a, b] = w.members.slice(18, 20);
    await signUp(task.id, [a, b]);
    ok(await w.as(a).call('volunteer', 'cancelSignup', { taskId: task.id }));
    const [promo] = await outbox(task.id);
    await stack.db
      .collection(Collections.notifyOutbox)
      .doc(promo._id)
      .update({ expiresAt: new Date(Date.now() - MINUTE) });
    await tick(w);
    expect((await outbox(task.id))[0].status).toBe('expired');
    expect(await deliveredTo([b])).toBe(0);
  });
});

describe('the outbox under overlapping scheduler runs', () => {
  it('sends each message exactly once', async () => {
    const task = await createTask(w, { places: 30 });
    const people = w.members.slice(20, 50);
    await signUp(task.id, people);
    await moveTask(w, task.id, 23 * HOUR, { remindDayAt: new Date(Date.now() - MINUTE) });
    // Two runs at once (a slow run and the next tick), plus a third a moment later.
    const runs = await Promise.all([
      postFn(stack.cloudbase.url, 'scheduler', { Type: 'Timer' }),
      postFn(stack.cloudbase.url, 'scheduler', { Type: 'Timer' }),
      new Promise((r) => setTimeout(r, 5)).then(() =>
        postFn(stack.cloudbase.url, 'scheduler', { Type: 'Timer' }),
      ),
    ]);
    for (const r of runs) expect(r.result).toMatchObject({ ok: true });
    const sent = runs.reduce(
      (sum, r) =>
        sum + (r.result as { data: { done: { sendOutbox: number } } }).data.done.sendOutbox,
      0,
    );
    const messages = await outbox(task.id);
    expect(messages).toHaveLength(30);
    expect(messages.every((m) => m.status === 'sent')).toBe(true);
    expect(await deliveredTo(people)).toBe(30);
    expect(sent).toBe(30);
  });
});

describe('sending, with a channel of our own', () => {
  const channel = (answer: (id: string) => SendOutcome, delivered: string[]): NotifyPort => ({
    channel: 'test',
    consentIds: () => [],
    async send(d) {
      delivered.push(d.id);
      await new Promise((r) => setTimeout(r, 5)); // slow, so the runs overlap
      return answer(d.id);
    },
  });
  const ctx = (): CommandContext => ({ db: stack.db, now: new Date(), ports: {} as Ports });

  it('two runs reading the same messages at once send each exactly once', async () => {
    const ids = await Promise.all(w.members.slice(0, 12).map((p) => queuedReminder('overlap', p)));
    await stack.db
      .collection(Collections.notifyOutbox)
      .where({ topic: 'task:overlap' })
      .update({ dueAt: new Date(Date.now() - MINUTE) });
    const delivered: string[] = [];
    const port = channel(() => ({ ok: true }), delivered);
    const [x, y] = await Promise.all([sendDue(ctx(), port), sendDue(ctx(), port)]);
    expect(x + y).toBe(12);
    expect(delivered.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
  });

  it('retries an outage later, gives up on a refusal', async () => {
    const [down, refused] = [
      await queuedReminder('outcomes', w.members[0]),
      await queuedReminder('outcomes', w.members[1]),
    ];
    await stack.db
      .collection(Collections.notifyOutbox)
      .where({ topic: 'task:outcomes' })
      .update({ dueAt: new Date(Date.now() - MINUTE) });
    const port = channel(
      (id) =>
        id === down
          ? { ok: false, retry: true, reason: '-1 system busy' }
          : { ok: false, retry: false, reason: '43101 user refuse to accept the msg' },
      [],
    );
    await sendDue(ctx(), port);
    const doc = async (id: string) =>
      (
        (await stack.db.collection(Collections.notifyOutbox).doc(id).get()).data as Array<
          Record<string, unknown>
        >
      )[0];
    expect(await doc(down)).toMatchObject({ status: 'pending', attempts: 1, claim: null });
    expect(((await doc(down)).dueAt as Date).getTime()).toBeGreaterThan(Date.now());
    expect(await doc(refused)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('43101'),
    });
  });
});

describe('ended tasks', () => {
  it('are closed by the scheduler and leave the home feed', async () => {
    const task = await createTask(w);
    await moveTask(w, task.id, -3 * HOUR);
    const done = await tick(w);
    expect(done.closeEndedTasks).toBeGreaterThanOrEqual(1);
    const view = ok(await w.as(w.members[1]).call('volunteer', 'get', { taskId: task.id }));
    expect(view).toMatchObject({ status: 'ended', statusLine: '已结束' });
    const feed = await stack.db.collection(Collections.activities).doc(`task_${task.id}`).get();
    expect((feed.data as Array<{ open: boolean }>)[0].open).toBe(false);
    expect((await tick(w)).closeEndedTasks).toBe(0);
  });
});
