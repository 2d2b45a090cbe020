/**
 * Shared pieces of the volunteer integration tests: a stack with an estate, typed callers, a
 * team and a task made through the function, and moving a task in time (the functions take
 * "now" from the clock, so tests move the task instead of the clock).
 */
import { Collections } from '../../core/collections';
import { seedEstate, sizedEstate, type DemoEstate } from '../../local/seed/estate';
import type { Stack } from '../../local/stack';
import type { TaskInput, TaskView } from '../../typings/volunteer';
import { client, postFn } from '../support/gateway';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function ok<T>(r: {
  result: { ok: boolean; data?: T; code?: string; message?: string };
}): T {
  if (!r.result.ok) throw new Error(`${r.result.code}: ${r.result.message}`);
  return r.result.data as T;
}

export const at = (msFromNow: number): string => new Date(Date.now() + msFromNow).toISOString();

export interface World {
  stack: Stack;
  estate: DemoEstate;
  as: (openid?: string) => ReturnType<typeof client>;
  /** Every bound member's openid (committee and leads included). */
  members: string[];
  teamId: string;
}

export async function world(stack: Stack, id: string, units: number): Promise<World> {
  const estate = await seedEstate(stack.db, sizedEstate(id, units));
  const as = (openid?: string) => client(stack.cloudbase.url, openid);
  const team = ok(
    await as(estate.committee[0]).call('volunteer', 'createTeam', {
      estateId: estate.estateId,
      name: '邻里安全志愿服务队',
      description: '夜间巡逻、消防通道检查',
    }),
  );
  return {
    stack,
    estate,
    as,
    members: estate.units.filter((u) => u.openid).map((u) => u.openid!),
    teamId: team.id,
  };
}

/** A task two days ahead, posted by the first building lead. */
export function taskInput(
  w: World,
  over: Partial<TaskInput> = {},
): { estateId: string } & TaskInput {
  return {
    estateId: w.estate.estateId,
    teamId: w.teamId,
    title: '周末夜间巡逻',
    description: '两人一组巡查各楼栋消防通道和电动车停放，发现问题拍照报物业。',
    place: '南门岗亭集合',
    startAt: at(2 * DAY),
    endAt: at(2 * DAY + 2 * HOUR),
    signupDeadline: at(2 * DAY - HOUR),
    places: 10,
    ...over,
  };
}

export async function createTask(
  w: World,
  over: Partial<TaskInput> = {},
  by = w.estate.leads[0],
): Promise<TaskView> {
  return ok(await w.as(by).call('volunteer', 'createTask', taskInput(w, over)));
}

/**
 * Moves a task so that it starts `startsIn` ms from now (negative: started already), keeping
 * its length; the signup deadline moves with it. A fixture shortcut: the functions refuse to
 * create tasks in the past.
 */
export async function moveTask(
  w: World,
  taskId: string,
  startsIn: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const tasks = w.stack.db.collection(Collections.volunteerTasks);
  const { data } = await tasks.doc(taskId).get();
  const t = (data as Array<{ startAt: Date; endAt: Date }>)[0];
  const length = new Date(t.endAt).getTime() - new Date(t.startAt).getTime();
  const startAt = new Date(Date.now() + startsIn);
  await tasks.doc(taskId).update({
    startAt,
    endAt: new Date(startAt.getTime() + length),
    signupDeadline: new Date(startAt.getTime() - HOUR),
    ...extra,
  });
}

/** One scheduler run, as the timer triggers it. */
export async function tick(w: World): Promise<Record<string, number | string>> {
  const { result } = await postFn(w.stack.cloudbase.url, 'scheduler', { Type: 'Timer' });
  const r = result as { ok: boolean; data: { done: Record<string, number | string> } };
  if (!r.ok) throw new Error(JSON.stringify(result));
  return r.data.done;
}

export async function count(w: World, collection: string, where: object = {}): Promise<number> {
  return (await w.stack.db.collection(collection).where(where).count()).total as number;
}

/** Documents of the collections a volunteer action may write, for "nothing changed" checks. */
export async function snapshot(w: World): Promise<string> {
  const names = [
    Collections.volunteerTeams,
    Collections.volunteerTasks,
    Collections.volunteerSignups,
    Collections.notifyOutbox,
    Collections.activities,
    Collections.auditLog,
  ];
  const parts = await Promise.all(
    names.map(async (c) => {
      const { data } = await w.stack.db.collection(c).orderBy('_id', 'asc').limit(1000).get();
      return JSON.stringify(data);
    }),
  );
  return parts.join('\n');
}
