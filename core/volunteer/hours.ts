import type {
  ExportRecordData,
  HoursByTeam,
  HoursRecord,
  MyHoursData,
  TeamHoursData,
  TeamHoursRow,
} from '../../typings/volunteer';
import { formatChina } from '../../miniprogram/shared/china-time';
import { authorizeMember } from '../access';
import { Collections } from '../collections';
import { loadEstate } from '../community/estates';
import { maskName } from '../community/members';
import { toCsv } from '../csv';
import { invalid } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { readAll } from '../runtime/paging';
import { id, object, optional, string } from '../validate';
import { hoursDecimal, hoursText } from './format';
import type { SignupDoc, TaskDoc } from './model';
import { listTeams } from './teams';
import type { IndexDecl } from '../indexes';

/** Hours per volunteer and per team, and the volunteer's service record (志愿服务记录). */

interface Served {
  signup: SignupDoc;
  task: TaskDoc;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.volunteerSignups,
    keys: { memberId: 1, _id: 1, minutes: 1 },
    why: 'myHours: my credited signups',
  },
  {
    collection: Collections.volunteerSignups,
    keys: { estateId: 1, minutes: 1 },
    why: "teamHours: an estate's (a team's) credited signups",
  },
];

/**
 * A member's credited signups with their tasks, oldest first: one round trip for the signups
 * and one for their tasks (per 1000 each).
 */
async function served(ctx: CommandContext, memberId: string): Promise<Served[]> {
  const _ = ctx.db.command;
  const signups = await readAll<SignupDoc>(
    ctx.db
      .collection(Collections.volunteerSignups)
      .where({ memberId, minutes: _.gt(0) })
      .orderBy('_id', 'asc'),
  );
  if (signups.length === 0) return [];
  const tasks = await readAll<TaskDoc>(
    ctx.db
      .collection(Collections.volunteerTasks)
      .where({ _id: _.in(signups.map((s) => s.taskId)) })
      .orderBy('_id', 'asc'),
  );
  const byId = new Map(tasks.map((t) => [t._id, t]));
  return signups
    .flatMap((signup) => {
      const task = byId.get(signup.taskId);
      return task ? [{ signup, task }] : [];
    })
    .sort((a, b) => a.task.startAt.getTime() - b.task.startAt.getTime());
}

const minutesOf = (s: Served): number => s.signup.minutes ?? 0;

/** My hours: total, per team, and each task. Round trips: membership, signups, tasks. */
export const myHours = command(
  object({ estateId: optional(id('小区')) }),
  async (ctx, req): Promise<MyHoursData> => {
    const { member } = await authorizeMember(ctx, 'volunteer.myHours', req.estateId);
    const list = await served(ctx, member._id);
    const total = list.reduce((sum, s) => sum + minutesOf(s), 0);
    const teams = new Map<string, HoursByTeam>();
    for (const s of list) {
      const row = teams.get(s.task.teamId) ?? {
        teamId: s.task.teamId,
        teamName: s.task.teamName,
        minutes: 0,
        hoursText: '',
      };
      row.minutes += minutesOf(s);
      row.hoursText = hoursText(row.minutes);
      teams.set(row.teamId, row);
    }
    const records: HoursRecord[] = list.reverse().map(({ signup, task }) => ({
      taskId: task._id,
      title: task.title,
      teamName: task.teamName,
      place: task.place,
      startAt: task.startAt.toISOString(),
      endAt: task.endAt.toISOString(),
      minutes: signup.minutes ?? 0,
      hoursText: hoursText(signup.minutes ?? 0),
      hoursConfirmed: Boolean(signup.hoursConfirmedBy),
    }));
    return {
      estateId: member.estateId,
      totalMinutes: total,
      totalText: hoursText(total),
      tasks: list.length,
      byTeam: [...teams.values()].sort((a, b) => b.minutes - a.minutes),
      records,
    };
  },
);

const TOP_VOLUNTEERS = 50;

/**
 * Hours per team (minutes, volunteers, tasks), and with `teamId` that team's volunteers by
 * hours. Counted by the database from the signups (aggregates), so the figures are the
 * documents. Round trips: membership, then teams and two aggregates (three with `teamId`)
 * together.
 */
export const teamHours = command(
  object({ estateId: optional(id('小区')), teamId: optional(id('志愿服务队')) }),
  async (ctx, req): Promise<TeamHoursData> => {
    const { member } = await authorizeMember(ctx, 'volunteer.teamHours', req.estateId);
    const estateId = member.estateId;
    const _ = ctx.db.command;
    const $ = ctx.db.command.aggregate;
    const credited = { estateId: _.eq(estateId), minutes: _.gt(0) };
    const signups = () => ctx.db.collection(Collections.volunteerSignups).aggregate();
    const [teams, byVolunteer, byTask, top] = await Promise.all([
      listTeams(ctx, estateId),
      signups()
        .match(credited)
        .group({ _id: { team: '$teamId', member: '$memberId' }, minutes: $.sum('$minutes') })
        .group({ _id: '$_id.team', minutes: $.sum('$minutes'), volunteers: $.sum(1) })
        .end(),
      signups()
        .match(credited)
        .group({ _id: { team: '$teamId', task: '$taskId' } })
        .group({ _id: '$_id.team', tasks: $.sum(1) })
        .end(),
      req.teamId
        ? signups()
            .match({ ...credited, teamId: _.eq(req.teamId) })
            .group({ _id: '$memberId', minutes: $.sum('$minutes'), name: $.first('$name') })
            .sort({ minutes: -1, _id: 1 })
            .limit(TOP_VOLUNTEERS)
            .end()
        : Promise.resolve({ data: [] }),
    ]);
    const minutes = new Map(
      (byVolunteer.data as Array<{ _id: string; minutes: number; volunteers: number }>).map((r) => [
        r._id,
        r,
      ]),
    );
    const tasks = new Map(
      (byTask.data as Array<{ _id: string; tasks: number }>).map((r) => [r._id, r.tasks]),
    );
    const rows: TeamHoursRow[] = teams.map((t) => {
      const m = minutes.get(t._id)?.minutes ?? 0;
      return {
        teamId: t._id,
        teamName: t.name,
        minutes: m,
        hoursText: hoursText(m),
        volunteers: minutes.get(t._id)?.volunteers ?? 0,
        tasks: tasks.get(t._id) ?? 0,
      };
    });
    return {
      teams: rows,
      volunteers: (top.data as Array<{ name: string; minutes: number }>).map((v) => ({
        name: maskName(v.name),
        minutes: v.minutes,
        hoursText: hoursText(v.minutes),
      })),
    };
  },
);

/** GB 11643 check digit of an 18-character resident identity card number. */
export function idNumberValid(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(idNumber[i]), 0);
  return '10X98765432'[sum % 11] === idNumber[17];
}

/** "440605199001011234" → "4406**********1234": enough to match a person, not to copy. */
export const maskIdNumber = (idNumber: string): string =>
  `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(-4)}`;

export const RECORD_HEADER = [
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
];

/**
 * The member's service record as CSV, with the fields of the 2021 rules on volunteer service
 * records (《志愿服务记录与证明出具办法（试行）》): the volunteer's name and ID number (masked),
 * each service's project, content, place, organising team, start and end, hours, how it was
 * recorded and when; then the total. Name and ID number are typed in for the export and never
 * stored. Round trips: membership, signups, tasks, estate.
 */
export const exportRecord = command(
  object({
    estateId: id('小区'),
    realName: optional(string('姓名', { min: 2, max: 20 })),
    idNumber: optional(string('身份证号码', { min: 18, max: 18 })),
  }),
  async (ctx, req): Promise<ExportRecordData> => {
    const idNumber = req.idNumber?.toUpperCase();
    if (idNumber !== undefined && !idNumberValid(idNumber))
      throw invalid('idNumber', '身份证号码不正确，请核对');
    const { member } = await authorizeMember(ctx, 'volunteer.exportRecord', req.estateId);
    const [list, estate] = await Promise.all([
      served(ctx, member._id),
      loadEstate(ctx, req.estateId),
    ]);
    const name = req.realName ?? member.displayName;
    const masked = idNumber ? maskIdNumber(idNumber) : '';
    const rows = list.map(({ signup, task }, i) => {
      const minutes = signup.minutes ?? 0;
      const recordedAt = signup.hoursConfirmedAt ?? signup.checkoutAt ?? task.endAt;
      return [
        i + 1,
        name,
        masked,
        task.title,
        task.description,
        task.place,
        `${estate.name}${task.teamName}`,
        formatChina(task.startAt, 'YYYY-MM-DD HH:mm'),
        formatChina(task.endAt, 'YYYY-MM-DD HH:mm'),
        hoursDecimal(minutes),
        minutes,
        signup.hoursConfirmedBy ? '组织者确认' : '扫码签到签退',
        formatChina(recordedAt, 'YYYY-MM-DD'),
      ];
    });
    const total = list.reduce((sum, s) => sum + minutesOf(s), 0);
    const csv = toCsv(RECORD_HEADER, [
      ...rows,
      [
        '合计',
        name,
        masked,
        '',
        '',
        '',
        '',
        '',
        '',
        hoursDecimal(total),
        total,
        '',
        formatChina(ctx.now, 'YYYY-MM-DD'),
      ],
    ]);
    return {
      filename: `志愿服务记录-${name}-${formatChina(ctx.now, 'YYYY-MM-DD')}.csv`,
      csv,
      rows: rows.length,
      totalMinutes: total,
    };
  },
);
