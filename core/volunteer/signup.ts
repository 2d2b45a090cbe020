import type { TaskView } from '../../typings/volunteer';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { withdraw } from '../notify/outbox';
import { command, type CommandContext } from '../runtime/handler';
import { id, object } from '../validate';
import { refreshFeed } from './feed';
import { signupId, topicOf, type SignupDoc, type TaskDoc } from './model';
import { tellPromoted } from './notices';
import { joinQueue, leaveQueue } from './queue';
import { abilities, CHECKED_IN, standingOf } from './rules';
import {
  assertAbility,
  loadSignup,
  newSignup,
  saveSignup,
  situate,
  withTask,
  type Loaded,
} from './situation';
import { toView } from './view';

/** Why a task cannot be joined right now (closed, cancelled, waitlist full), or null. */
function refusalFor(s: Loaded) {
  return (task: TaskDoc): AppError | null => {
    const verdict = abilities({ ...s, task }).signup;
    return verdict === true ? null : new AppError(verdict.code, verdict.message);
  };
}

/**
 * A member takes a place, or the next waitlist position when the places are full
 * (queue.ts: one atomic conditional update of the task). Repeating it changes nothing.
 * Round trips: task, membership, the update, then the signup record, feed and audit — six,
 * whatever the number of signups (two more, a read and a retry, when the lists moved under us).
 */
export const signup = command(
  object({ taskId: id('任务') }),
  async (ctx, req): Promise<TaskView> => {
    const s = await situate(ctx, 'volunteer.signup', req.taskId, { signup: false });
    const { task, joined } = await joinQueue(ctx, s.task, s.memberId, refusalFor(s));
    const after = withTask(s, task);
    const existing = joined ? null : await loadSignup(ctx, task._id, s.memberId);
    // A repeat: the record stands; its audit entry too, unless the first attempt failed first.
    if (existing?.active) {
      await auditSignup(ctx, s, task, existing);
      return toView({ ...after, signup: existing });
    }
    // A new signup, or a place whose record a crash left unwritten: write the record — first,
    // since the audit entry is named by the record's time (one entry per joining).
    const record = newSignup(after);
    await saveSignup(ctx, record);
    await Promise.all([refreshFeed(ctx, task), auditSignup(ctx, s, task, record)]);
    return toView({ ...after, signup: record });
  },
);

/** The signup's audit entry, once per joining (a repeat may write it, never twice). */
function auditSignup(ctx: CommandContext, s: Loaded, task: TaskDoc, record: SignupDoc) {
  const standing = standingOf(task, s.memberId);
  return writeAudit(
    ctx.db,
    ctx,
    {
      estateId: task.estateId,
      actor: s.openid,
      action: 'volunteer.signup',
      target: task._id,
      summary:
        standing.status === 'confirmed'
          ? `报名了志愿任务「${task.title}」`
          : `报名了志愿任务「${task.title}」，候补第 ${standing.position} 位`,
      at: record.joinedAt,
    },
    `volunteer.signup:${record._id}:${new Date(record.joinedAt).getTime()}`,
  );
}

/**
 * Marks the caller's signup as left unless they checked in (who came cannot un-come). One round
 * trip; one more, only when nothing matched, to tell "checked in" from "no record".
 */
async function markLeft(ctx: CommandContext, s: Loaded): Promise<void> {
  const id = signupId(s.task._id, s.memberId);
  const { updated } = await ctx.db
    .collection(Collections.volunteerSignups)
    .where({ _id: id, checkinAt: null })
    .update({ active: false, leftAt: ctx.now });
  if (updated === 0 && (await loadSignup(ctx, s.task._id, s.memberId))?.checkinAt)
    throw new AppError('INVALID_STATE', CHECKED_IN);
}

/**
 * A member leaves a task before it starts. A freed place goes to the first on the waitlist in
 * the same atomic update, and they are told. The record is marked first, conditional on no
 * check-in, and put back if leaving the lists fails. Round trips: task, membership, record, the
 * update, feed and audit — six; two more (their signup, the message) when someone is promoted,
 * one more to withdraw the leaver's reminders once they are queued.
 */
export const cancelSignup = command(
  object({ taskId: id('任务') }),
  async (ctx, req): Promise<TaskView> => {
    const s = await situate(ctx, 'volunteer.cancelSignup', req.taskId, { signup: false });
    assertAbility(s, 'cancelSignup');
    await markLeft(ctx, s);
    const { task, promoted, left } = await leaveQueue(ctx, s.task, s.memberId).catch(
      async (err) => {
        await ctx.db
          .collection(Collections.volunteerSignups)
          .doc(signupId(s.task._id, s.memberId))
          .update({ active: true, leftAt: null });
        throw err;
      },
    );
    if (!left) return toView(withTask(s, task)); // a second tap: the first one left already
    const remindersQueued = s.task.remindDayAt === null || s.task.remindHourAt === null;
    await Promise.all([
      refreshFeed(ctx, task),
      promoted ? tellPromoted(ctx, task, [promoted]) : null,
      remindersQueued ? withdraw(ctx, topicOf(task._id), { toOpenid: s.openid }) : null,
      writeAudit(ctx.db, ctx, {
        estateId: task.estateId,
        actor: s.openid,
        action: 'volunteer.cancelSignup',
        target: task._id,
        summary: `取消了志愿任务「${task.title}」的报名`,
      }),
    ]);
    return toView(withTask(s, task));
  },
);
