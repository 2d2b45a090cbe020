import { randomBytes } from 'node:crypto';
import type { TaskView } from '../../typings/volunteer';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import type { MemberDoc } from '../community/model';
import { AppError, invalid } from '../errors';
import { withdraw } from '../notify/outbox';
import { ROLE_LABEL } from '../permissions';
import { command, type CommandContext } from '../runtime/handler';
import { id, int, isoDate, object, optional, string } from '../validate';
import { publishFeed, refreshFeed } from './feed';
import { timeText } from './format';
import { topicOf, type TaskDoc } from './model';
import { tellEveryone, tellPromoted } from './notices';
import { cancelOpenTask, reviseTask } from './queue';
import { durationMinutes, MAX_DURATION_MS, phaseOf, PLACES_MAX, reminderTimes } from './rules';
import { assertAbility, situate, withTask, type Loaded } from './situation';
import { loadTeam } from './teams';
import { consentIds, toView } from './view';

const YEAR_MS = 366 * 86_400_000;

const detailFields = {
  title: string('任务名称', { min: 2, max: 40 }),
  description: string('任务说明', { max: 1000 }),
  place: string('地点', { min: 2, max: 60 }),
  startAt: isoDate('开始时间'),
  endAt: isoDate('结束时间'),
  signupDeadline: isoDate('报名截止时间'),
  places: int('名额', { min: 1, max: PLACES_MAX }),
  creditMinutes: int('计入时长（分钟）', { min: 1, max: 24 * 60 }),
};

type Details = Pick<
  TaskDoc,
  | 'title'
  | 'description'
  | 'place'
  | 'startAt'
  | 'endAt'
  | 'signupDeadline'
  | 'places'
  | 'creditMinutes'
>;

/** The checks that span fields; `changed` says which ones the caller set (for the field name). */
function checkDetails(d: Details, now: Date, changed: (field: keyof Details) => boolean): void {
  const blame = (field: keyof Details, fallback: keyof Details) =>
    changed(field) ? field : fallback;
  if (d.startAt <= now) throw invalid('startAt', '开始时间必须晚于现在');
  if (d.startAt.getTime() - now.getTime() > YEAR_MS)
    throw invalid('startAt', '开始时间不能晚于一年以后');
  if (d.endAt <= d.startAt) throw invalid(blame('endAt', 'startAt'), '结束时间必须晚于开始时间');
  if (d.endAt.getTime() - d.startAt.getTime() > MAX_DURATION_MS)
    throw invalid(blame('endAt', 'startAt'), '一次任务最长 24 小时，更长的请分成几次发布');
  if (d.signupDeadline <= now) throw invalid('signupDeadline', '报名截止时间必须晚于现在');
  if (d.signupDeadline > d.startAt)
    throw invalid(blame('signupDeadline', 'startAt'), '报名截止时间不能晚于开始时间');
  if (d.creditMinutes > durationMinutes(d.startAt, d.endAt))
    throw invalid(blame('creditMinutes', 'endAt'), '计入时长不能超过任务本身的时长');
}

/** "1栋1单元302住户（楼长）": who posted the task, as volunteers see it. */
function organiserLabel(m: MemberDoc): string {
  const role = (['staff', 'committee', 'lead'] as const).find((r) => m.roles.includes(r));
  return role ? `${m.displayName}（${ROLE_LABEL[role]}）` : m.displayName;
}

/**
 * A lead, the committee or staff posts a task for a team. Round trips: membership, team,
 * insert, feed, audit — five.
 */
export const createTask = command(
  object({
    estateId: id('小区'),
    teamId: id('志愿服务队'),
    ...detailFields,
    creditMinutes: optional(detailFields.creditMinutes),
  }),
  async (ctx, req): Promise<TaskView> => {
    const { openid, member } = await authorize(ctx, 'volunteer.createTask', req.estateId);
    const details: Details = {
      ...req,
      creditMinutes: req.creditMinutes ?? durationMinutes(req.startAt, req.endAt),
    };
    checkDetails(details, ctx.now, (f) => f !== 'creditMinutes' || req.creditMinutes !== undefined);
    const team = await loadTeam(ctx, req.estateId, req.teamId);
    const task: TaskDoc = {
      _id: `vk_${randomBytes(10).toString('hex')}`,
      estateId: req.estateId,
      teamId: team._id,
      teamName: team.name,
      ...details,
      status: 'open',
      confirmed: [],
      waitlist: [],
      version: 1,
      checkinSecret: randomBytes(20).toString('hex'),
      organiserMemberId: member!._id,
      organiserLabel: organiserLabel(member!),
      cancelReason: null,
      ...reminderTimes(details.startAt, ctx.now),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    await ctx.db.collection(Collections.volunteerTasks).add(task);
    await Promise.all([
      publishFeed(ctx, task),
      writeAudit(ctx.db, ctx, {
        estateId: task.estateId,
        actor: openid,
        action: 'volunteer.createTask',
        target: task._id,
        summary: `发布了志愿任务「${task.title}」（${team.name}，${task.places} 个名额）`,
      }),
    ]);
    return toView({
      task,
      memberId: member!._id,
      roles: member!.roles,
      signup: null,
      now: ctx.now,
      consentIds: consentIds(ctx),
    });
  },
);

/** Loads a task its organiser is about to change: open, and not started yet. */
async function forOrganiser(
  ctx: CommandContext,
  action: 'volunteer.updateTask' | 'volunteer.cancelTask',
  taskId: string,
): Promise<Loaded> {
  const s = await situate(ctx, action, taskId);
  assertAbility(s, 'manage');
  const phase = phaseOf(s.task, ctx.now);
  if (phase !== 'signup' && phase !== 'closed') {
    const why = { cancelled: '已取消', running: '已经开始', ended: '已经结束' } as const;
    throw new AppError('INVALID_STATE', `任务${why[phase]}，不能再修改或取消`);
  }
  return s;
}

/**
 * The organiser changes a task before it starts. The change is made against the lists as read,
 * so more places promote exactly the first waitlisted members (who are told); fewer places than
 * confirmed volunteers are refused. A new time or place is told to everyone on the lists, and
 * the reminders follow the new time.
 */
export const updateTask = command(
  object({
    taskId: id('任务'),
    teamId: optional(id('志愿服务队')),
    title: optional(detailFields.title),
    description: optional(detailFields.description),
    place: optional(detailFields.place),
    startAt: optional(detailFields.startAt),
    endAt: optional(detailFields.endAt),
    signupDeadline: optional(detailFields.signupDeadline),
    places: optional(detailFields.places),
    creditMinutes: optional(detailFields.creditMinutes),
  }),
  async (ctx, req): Promise<TaskView> => {
    const { taskId, teamId, ...given } = req;
    // The validator leaves out what was not sent, so this holds only the fields to change.
    const fields = given as Partial<Details>;
    if (Object.keys(fields).length === 0 && teamId === undefined)
      throw invalid('taskId', '没有要修改的内容');
    const s = await forOrganiser(ctx, 'volunteer.updateTask', taskId);
    const team =
      teamId && teamId !== s.task.teamId ? await loadTeam(ctx, s.task.estateId, teamId) : null;
    const changed = (f: keyof Details) => fields[f] !== undefined;
    const { task, promoted } = await reviseTask(ctx, s.task, (current) => {
      if (current.status !== 'open') throw new AppError('INVALID_STATE', '任务已取消，不能再修改');
      const next: Details = { ...pick(current), ...fields };
      // A credit that was the whole duration (the default) follows a new duration.
      const followsDuration =
        !changed('creditMinutes') &&
        current.creditMinutes === durationMinutes(current.startAt, current.endAt);
      if (followsDuration) next.creditMinutes = durationMinutes(next.startAt, next.endAt);
      checkDetails(next, ctx.now, changed);
      if (next.places < current.confirmed.length)
        throw invalid(
          'places',
          `已有 ${current.confirmed.length} 人报名，名额不能少于 ${current.confirmed.length}`,
        );
      const moved = next.startAt.getTime() !== current.startAt.getTime();
      return {
        ...fields,
        ...(followsDuration ? { creditMinutes: next.creditMinutes } : {}),
        ...(team ? { teamId: team._id, teamName: team.name } : {}),
        ...(moved ? reminderTimes(next.startAt, ctx.now) : {}),
      };
    });
    const timeOrPlace =
      task.startAt.getTime() !== s.task.startAt.getTime() ||
      task.endAt.getTime() !== s.task.endAt.getTime() ||
      task.place !== s.task.place;
    await Promise.all([
      refreshFeed(ctx, task),
      tellPromoted(ctx, task, promoted),
      timeOrPlace
        ? withdraw(ctx, topicOf(task._id), { templates: ['taskReminder'] }).then(() =>
            tellEveryone(
              ctx,
              task,
              `时间地点有变：${timeText(task.startAt, task.endAt)}，${task.place}`,
            ),
          )
        : null,
      writeAudit(ctx.db, ctx, {
        estateId: task.estateId,
        actor: s.openid,
        action: 'volunteer.updateTask',
        target: task._id,
        summary: `修改了志愿任务「${task.title}」`,
      }),
    ]);
    return toView(withTask(s, task));
  },
);

function pick(t: TaskDoc): Details {
  const { title, description, place, startAt, endAt, signupDeadline, places, creditMinutes } = t;
  return { title, description, place, startAt, endAt, signupDeadline, places, creditMinutes };
}

/**
 * The organiser calls a task off before it starts, with a reason everyone sees. Everyone on
 * the lists is told; messages not sent yet (reminders) are withdrawn.
 */
export const cancelTask = command(
  object({ taskId: id('任务'), reason: string('取消原因', { min: 2, max: 200 }) }),
  async (ctx, req): Promise<TaskView> => {
    const s = await forOrganiser(ctx, 'volunteer.cancelTask', req.taskId);
    const task = await cancelOpenTask(ctx, req.taskId, req.reason);
    if (!task) throw new AppError('INVALID_STATE', '任务已取消');
    await withdraw(ctx, topicOf(task._id));
    await Promise.all([
      refreshFeed(ctx, task),
      tellEveryone(ctx, task, `任务已取消：${req.reason}`),
      writeAudit(ctx.db, ctx, {
        estateId: task.estateId,
        actor: s.openid,
        action: 'volunteer.cancelTask',
        target: task._id,
        summary: `取消了志愿任务「${task.title}」：${req.reason}`,
      }),
    ]);
    return toView(withTask(s, task));
  },
);
