import type { CheckinCodeData, RosterData, TaskView } from '../../typings/volunteer';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError, invalid } from '../errors';
import { countAttempt } from '../ratelimit';
import { command, type CommandContext } from '../runtime/handler';
import { inTransaction } from '../runtime/tx';
import { array, id, int, object, string } from '../validate';
import { checkCode, currentCode, type CodeCheck } from './checkin-code';
import { hoursText } from './format';
import type { SignupDoc } from './model';
import { rosterOf } from './read';
import { CHECKIN_OPENS_BEFORE_MS, CHECKOUT_GRACE_MS, creditedMinutes, phaseOf } from './rules';
import { assertAbility, newSignup, saveSignup, situate, type Loaded } from './situation';
import { toView } from './view';
import type { IndexDecl } from '../indexes';

/**
 * Check-in and check-out with the organiser's rotating code (checkin-code.ts), and the
 * organiser's confirmation of hours.
 */

/** Wrong codes are rate limited per volunteer and task: six digits must not be guessable. */
const CODE_LIMIT = {
  bucket: 'checkin',
  max: 10,
  windowMs: 10 * 60_000,
  message: '签到码尝试次数太多，请 10 分钟后再试',
};

const CODE_REFUSAL: Record<Exclude<CodeCheck, 'ok'>, string> = {
  wrong: '签到码不正确，请核对组织者出示的签到码',
  expired: '签到码已过期，请扫描组织者手机上当前的签到码',
  otherTask: '这是另一个任务的签到码',
};

async function verifyCode(ctx: CommandContext, s: Loaded, code: string): Promise<void> {
  await countAttempt(ctx, `${s.memberId}_${s.task._id}`, CODE_LIMIT);
  const check = checkCode(s.task.checkinSecret, s.task._id, code, ctx.now);
  if (check !== 'ok') throw new AppError('INVALID_INPUT', CODE_REFUSAL[check], 'code');
}

/**
 * The organiser's current code, from 30 minutes before the start to 2 hours after the end.
 * Nothing is written. Round trips: task, membership.
 */
export const checkinCode = command(
  object({ taskId: id('任务') }),
  async (ctx, req): Promise<CheckinCodeData> => {
    const s = await situate(ctx, 'volunteer.checkinCode', req.taskId, { signup: false });
    assertAbility(s, 'manage');
    const t = s.task;
    if (t.status === 'cancelled') throw new AppError('INVALID_STATE', '这个任务已取消');
    const opens = t.startAt.getTime() - CHECKIN_OPENS_BEFORE_MS;
    const closes = t.endAt.getTime() + CHECKOUT_GRACE_MS;
    if (ctx.now.getTime() < opens || ctx.now.getTime() > closes)
      throw new AppError('INVALID_STATE', '签到码在任务开始前 30 分钟至结束后 2 小时内可用');
    const c = currentCode(t.checkinSecret, t._id, ctx.now);
    return {
      code: c.code,
      payload: c.payload,
      validUntil: c.validUntil.toISOString(),
      refreshAt: c.refreshAt.toISOString(),
    };
  },
);

const codeInput = object({
  taskId: id('任务'),
  code: string('签到码', { max: 80 }),
});

/**
 * A confirmed volunteer checks in with the current code, from 30 minutes before the start until
 * the end. The write is conditional (no check-in yet), so a double tap records the first time.
 * Round trips: task, membership + signup, rate limit, the write, audit.
 */
export const checkin = command(codeInput, async (ctx, req): Promise<TaskView> => {
  const s = await situate(ctx, 'volunteer.checkin', req.taskId);
  assertAbility(s, 'checkin');
  await verifyCode(ctx, s, req.code);
  const signups = ctx.db.collection(Collections.volunteerSignups);
  const signup: SignupDoc = { ...(s.signup ?? newSignup(s)), checkinAt: ctx.now };
  if (s.signup)
    await signups.where({ _id: signup._id, checkinAt: null }).update({ checkinAt: ctx.now });
  else await saveSignup(ctx, signup);
  await writeAudit(ctx.db, ctx, {
    estateId: s.task.estateId,
    actor: s.openid,
    action: 'volunteer.checkin',
    target: s.task._id,
    summary: `签到：志愿任务「${s.task.title}」`,
  });
  return toView({ ...s, signup });
});

/**
 * Check-out with the current code, until 2 hours after the end. Credits the minutes present
 * within the task's hours, at most its credit (rules.ts), unless the organiser already set them.
 */
export const checkout = command(codeInput, async (ctx, req): Promise<TaskView> => {
  const s = await situate(ctx, 'volunteer.checkout', req.taskId);
  assertAbility(s, 'checkout');
  await verifyCode(ctx, s, req.code);
  const current = s.signup!;
  const minutes = current.hoursConfirmedBy
    ? current.minutes
    : creditedMinutes(s.task, current.checkinAt!, ctx.now);
  const signup: SignupDoc = { ...current, checkoutAt: ctx.now, minutes };
  await ctx.db
    .collection(Collections.volunteerSignups)
    .where({ _id: current._id, checkoutAt: null })
    .update({ checkoutAt: ctx.now, minutes });
  await writeAudit(ctx.db, ctx, {
    estateId: s.task.estateId,
    actor: s.openid,
    action: 'volunteer.checkout',
    target: s.task._id,
    summary: `签退：志愿任务「${s.task.title}」，计入 ${hoursText(minutes ?? 0)}`,
  });
  return toView({ ...s, signup });
});

const MAX_ENTRIES = 100;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.volunteerSignups,
    keys: { taskId: 1, _id: 1 },
    why: 'confirmHours: the signups of a task',
  },
];

/**
 * The organiser sets the minutes of volunteers once the task has started: corrections,
 * forgotten check-outs, 0 for who did not come. Every entry is checked before anything is
 * written, and all are written in one transaction: all or nothing.
 */
export const confirmHours = command(
  object({
    taskId: id('任务'),
    entries: array(
      '时长列表',
      object({ memberId: id('志愿者'), minutes: int('时长（分钟）', { min: 0, max: 24 * 60 }) }),
      { min: 1, max: MAX_ENTRIES },
    ),
  }),
  async (ctx, req): Promise<RosterData> => {
    const s = await situate(ctx, 'volunteer.confirmHours', req.taskId, { signup: false });
    assertAbility(s, 'manage');
    const t = s.task;
    const phase = phaseOf(t, ctx.now);
    if (phase !== 'running' && phase !== 'ended')
      throw new AppError(
        'INVALID_STATE',
        phase === 'cancelled' ? '任务已取消' : '任务开始后才能确认时长',
      );
    const seen = new Set<string>();
    req.entries.forEach((e, i) => {
      if (seen.has(e.memberId)) throw invalid(`entries[${i}].memberId`, '同一位志愿者只能出现一次');
      seen.add(e.memberId);
      if (e.minutes > t.creditMinutes)
        throw invalid(
          `entries[${i}].minutes`,
          `不能超过本任务计入的 ${hoursText(t.creditMinutes)}`,
        );
    });
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.volunteerSignups)
      .where({ taskId: t._id, memberId: _.in([...seen]) })
      .limit(MAX_ENTRIES)
      .get();
    const docs = new Map((data as SignupDoc[]).map((d) => [d.memberId, d]));
    req.entries.forEach((e, i) => {
      const doc = docs.get(e.memberId);
      if (!doc || (!t.confirmed.includes(e.memberId) && !doc.checkinAt))
        throw invalid(`entries[${i}].memberId`, '这位志愿者不在本任务的名单上');
    });
    await inTransaction(ctx.db, async (tx) => {
      for (const e of req.entries) {
        await tx
          .collection(Collections.volunteerSignups)
          .doc(docs.get(e.memberId)!._id)
          .update({ minutes: e.minutes, hoursConfirmedBy: s.openid, hoursConfirmedAt: ctx.now });
      }
      await writeAudit(tx, ctx, {
        estateId: t.estateId,
        actor: s.openid,
        action: 'volunteer.confirmHours',
        target: t._id,
        summary: `确认了志愿任务「${t.title}」${req.entries.length} 位志愿者的服务时长`,
      });
    });
    return rosterOf(ctx, t);
  },
);
