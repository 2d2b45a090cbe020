import { readAll } from '../runtime/paging';
import { Collections } from '../collections';
import type { OutgoingMessage } from '../notify/model';
import { enqueue } from '../notify/outbox';
import type { CommandContext } from '../runtime/handler';
import { signupId, taskPath, topicOf, type SignupDoc, type TaskDoc } from './model';

/**
 * The volunteer messages, queued in the outbox (core/notify) and sent by the scheduler. Ids are
 * deterministic (task, occasion, member), so a retried command or job queues each once.
 */
export const NOTICE_TEMPLATES = ['taskReminder', 'waitlistPromoted', 'taskChanged'] as const;
type Template = (typeof NOTICE_TEMPLATES)[number];

export interface Recipient {
  memberId: string;
  openid: string;
}

function message(
  t: TaskDoc,
  to: Recipient,
  template: Template,
  key: string,
  note: string,
  now: Date,
  expiresAt: Date,
): OutgoingMessage {
  return {
    id: `v_${template}_${t._id}_${key}_${to.memberId}`,
    estateId: t.estateId,
    toOpenid: to.openid,
    topic: topicOf(t._id),
    template,
    subject: t.title,
    time: t.startAt,
    place: t.place,
    note,
    page: taskPath(t._id),
    dueAt: now,
    expiresAt,
  };
}

/** "Your waitlist position became a place", keyed by the task version that promoted them. */
export const promotionNotice = (t: TaskDoc, to: Recipient, now: Date) =>
  message(
    t,
    to,
    'waitlistPromoted',
    `v${t.version}`,
    '候补成功，已为你保留名额，请准时参加',
    now,
    t.startAt,
  );

export type Stage = 'day' | 'hour';
const STAGE_NOTE: Record<Stage, string> = {
  day: '明天有你报名的志愿任务，请安排好时间',
  hour: '志愿任务一小时后开始，到场后请扫码签到',
};

/** A reminder, keyed by the start time it reminds of (a moved task is reminded afresh). */
export const reminderNotice = (t: TaskDoc, stage: Stage, to: Recipient, now: Date) =>
  message(
    t,
    to,
    'taskReminder',
    `${stage}${t.startAt.getTime()}`,
    STAGE_NOTE[stage],
    now,
    t.startAt,
  );

/** The task was cancelled or moved, keyed by the version that changed it. */
export const changeNotice = (t: TaskDoc, to: Recipient, note: string, now: Date) =>
  message(
    t,
    to,
    'taskChanged',
    `v${t.version}`,
    note,
    now,
    t.endAt > now ? t.endAt : new Date(now.getTime() + 3_600_000),
  );

/** The openids of these members of a task, from their signups: one round trip per 1000. */
export async function recipients(
  ctx: CommandContext,
  taskId: string,
  memberIds: string[],
): Promise<Recipient[]> {
  if (memberIds.length === 0) return [];
  const _ = ctx.db.command;
  const docs = await readAll<SignupDoc>(
    ctx.db
      .collection(Collections.volunteerSignups)
      .where({ _id: _.in(memberIds.map((m) => signupId(taskId, m))) })
      .orderBy('_id', 'asc'),
  );
  return docs.map((d) => ({ memberId: d.memberId, openid: d.openid }));
}

/** Tells everyone on the task's lists (a change, a cancellation): two round trips. */
export async function tellEveryone(
  ctx: CommandContext,
  task: TaskDoc,
  note: string,
): Promise<void> {
  const people = await recipients(ctx, task._id, [...task.confirmed, ...task.waitlist]);
  await enqueue(
    ctx,
    people.map((p) => changeNotice(task, p, note, ctx.now)),
  );
}

/** Tells members moved up from the waitlist that they have a place: two round trips. */
export async function tellPromoted(
  ctx: CommandContext,
  task: TaskDoc,
  memberIds: string[],
): Promise<void> {
  const people = await recipients(ctx, task._id, memberIds);
  await enqueue(
    ctx,
    people.map((p) => promotionNotice(task, p, ctx.now)),
  );
}
