import type { RosterData, RosterRow, TaskSummary } from '../../typings/volunteer';
import { authorizeMember } from '../access';
import { Collections } from '../collections';
import { maskName } from '../community/members';
import { decide } from '../permissions';
import { command, type CommandContext } from '../runtime/handler';
import { readAll } from '../runtime/paging';
import { id, int, object, oneOf, optional } from '../validate';
import { hoursText } from './format';
import type { SignupDoc, TaskDoc } from './model';
import { phaseOf } from './rules';
import { assertAbility, situate } from './situation';
import { listTeams, toTeam } from './teams';
import { toSummary, toView } from './view';
import type { IndexDecl } from '../indexes';

const PAGE_SIZE = 20;

/** One task as its page shows it. Round trips: task, then membership and signup — three. */
export const get = command(object({ taskId: id('任务') }), async (ctx, req) =>
  toView(await situate(ctx, 'volunteer.get', req.taskId)),
);

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.volunteerSignups,
    keys: { memberId: 1, active: 1, joinedAt: -1 },
    why: 'list mine: my active signups, latest first',
  },
  {
    collection: Collections.volunteerTasks,
    keys: { estateId: 1, startAt: 1, _id: 1, endAt: 1 },
    why: "list: an estate's (a team's) upcoming or past tasks by start time",
  },
  {
    collection: Collections.volunteerSignups,
    keys: { taskId: 1, _id: 1 },
    why: "roster: a task's signups by id",
  },
];

/** The caller's active signups, newest first, and their tasks: two round trips. */
async function myTasks(
  ctx: CommandContext,
  memberId: string,
  page: number,
): Promise<{ tasks: TaskDoc[]; hasMore: boolean }> {
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection(Collections.volunteerSignups)
    .where({ memberId, active: true })
    .orderBy('joinedAt', 'desc')
    .skip(page * PAGE_SIZE)
    .limit(PAGE_SIZE + 1)
    .get();
  const signups = (data as SignupDoc[]).slice(0, PAGE_SIZE);
  if (signups.length === 0) return { tasks: [], hasMore: false };
  const found = await ctx.db
    .collection(Collections.volunteerTasks)
    .where({ _id: _.in(signups.map((s) => s.taskId)) })
    .limit(PAGE_SIZE)
    .get();
  const byId = new Map((found.data as TaskDoc[]).map((t) => [t._id, t]));
  return {
    tasks: signups.flatMap((s) => byId.get(s.taskId) ?? []),
    hasMore: (data as unknown[]).length > PAGE_SIZE,
  };
}

/** Upcoming (soonest first) or past (latest first) tasks of the estate, 20 a page. */
async function estateTasks(
  ctx: CommandContext,
  estateId: string,
  scope: 'upcoming' | 'past',
  teamId: string | undefined,
  page: number,
): Promise<{ tasks: TaskDoc[]; hasMore: boolean }> {
  const _ = ctx.db.command;
  const team = teamId ? { teamId } : {};
  const where =
    scope === 'upcoming'
      ? { estateId, ...team, status: 'open', endAt: _.gt(ctx.now) }
      : _.and([
          { estateId, ...team },
          _.or([{ status: _.in(['cancelled', 'ended']) }, { endAt: _.lte(ctx.now) }]),
        ]);
  const order = scope === 'upcoming' ? 'asc' : 'desc';
  const { data } = await ctx.db
    .collection(Collections.volunteerTasks)
    .where(where)
    .orderBy('startAt', order)
    .orderBy('_id', order)
    .skip(page * PAGE_SIZE)
    .limit(PAGE_SIZE + 1)
    .get();
  const tasks = data as TaskDoc[];
  return { tasks: tasks.slice(0, PAGE_SIZE), hasMore: tasks.length > PAGE_SIZE };
}

/**
 * Tasks of an estate: upcoming (default), past, or the caller's; optionally of one team. The
 * first page also carries the teams (for the filter) and whether the caller may post tasks.
 * Round trips: membership, then the page (two for "mine") and the teams together.
 */
export const list = command(
  object({
    estateId: optional(id('小区')),
    scope: optional(oneOf('范围', ['upcoming', 'mine', 'past'] as const)),
    teamId: optional(id('志愿服务队')),
    page: optional(int('页码', { min: 0, max: 1000 })),
  }),
  async (ctx, req) => {
    const { openid, member } = await authorizeMember(ctx, 'volunteer.list', req.estateId);
    const estateId = member.estateId;
    const page = req.page ?? 0;
    const scope = req.scope ?? 'upcoming';
    const [found, teams] = await Promise.all([
      scope === 'mine'
        ? myTasks(ctx, member._id, page)
        : estateTasks(ctx, estateId, scope, req.teamId, page),
      page === 0 ? listTeams(ctx, estateId) : Promise.resolve([]),
    ]);
    const items: TaskSummary[] = found.tasks.map((t) => toSummary(t, member._id, ctx.now));
    return {
      estateId,
      items,
      hasMore: found.hasMore,
      teams: teams.map(toTeam),
      canCreate: decide('volunteer.createTask', { openid, roles: member.roles }),
    };
  },
);

const byJoined = (a: SignupDoc | undefined, b: SignupDoc | undefined): number =>
  (a?.joinedAt?.getTime() ?? 0) - (b?.joinedAt?.getTime() ?? 0);

function rosterRow(
  memberId: string,
  doc: SignupDoc | undefined,
  status: RosterRow['status'],
  position: number,
): RosterRow {
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
  return {
    memberId,
    // Masked again on the way out: records written before names were stored masked.
    name: doc ? maskName(doc.name) : '（未登记）',
    unitLabel: doc?.unitLabel ?? '',
    status,
    position,
    joinedAt: iso(doc?.joinedAt),
    checkinAt: iso(doc?.checkinAt),
    checkoutAt: iso(doc?.checkoutAt),
    minutes: doc?.minutes ?? null,
    hoursText: doc?.minutes != null ? hoursText(doc.minutes) : '',
    hoursConfirmed: Boolean(doc?.hoursConfirmedBy),
  };
}

/**
 * The organiser's roster: confirmed volunteers in the order they signed up, then the waitlist
 * in its order, with attendance. Reads the task's signups: one round trip per 1000.
 */
export async function rosterOf(ctx: CommandContext, task: TaskDoc): Promise<RosterData> {
  const docs = await readAll<SignupDoc>(
    ctx.db
      .collection(Collections.volunteerSignups)
      .where({ taskId: task._id })
      .orderBy('_id', 'asc'),
  );
  const byMember = new Map(docs.map((d) => [d.memberId, d]));
  const confirmed = [...task.confirmed]
    .sort((a, b) => byJoined(byMember.get(a), byMember.get(b)))
    .map((m, i) => rosterRow(m, byMember.get(m), 'confirmed', i + 1));
  const waitlist = task.waitlist.map((m, i) => rosterRow(m, byMember.get(m), 'waitlisted', i + 1));
  const phase = phaseOf(task, ctx.now);
  return {
    task: toSummary(task, '', ctx.now),
    confirmed,
    waitlist,
    totalMinutes: docs.reduce((sum, d) => sum + (d.minutes ?? 0), 0),
    canConfirmHours:
      phase === 'running' || phase === 'ended'
        ? true
        : {
            code: 'INVALID_STATE',
            message: phase === 'cancelled' ? '任务已取消' : '任务开始后才能确认时长',
          },
  };
}

/** The organiser's roster. Round trips: task, membership, signups — three. */
export const roster = command(object({ taskId: id('任务') }), async (ctx, req) => {
  const s = await situate(ctx, 'volunteer.roster', req.taskId, { signup: false });
  assertAbility(s, 'manage');
  return rosterOf(ctx, s.task);
});
