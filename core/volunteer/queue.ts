import { Collections } from '../collections';
import { AppError } from '../errors';
import type { CommandContext } from '../runtime/handler';
import type { TaskDoc } from './model';
import { WAITLIST_MAX } from './rules';

/**
 * Places and the waitlist, changed only by atomic conditional updates of the task document
 * (`where(condition).updateAndReturn(change)`): the database applies each one whole or not at
 * all, so there is no transaction to conflict and no read-then-write gap. When a condition no
 * longer holds (someone changed the lists since we read them) we read again and retry; every
 * retry means another caller succeeded, so the loop always progresses.
 * See docs/volunteers.md, "Places and the waitlist".
 */
const ATTEMPTS = 25;

type Doc = Record<string, unknown>;

export async function loadTask(ctx: CommandContext, taskId: string): Promise<TaskDoc> {
  const { data } = await ctx.db.collection(Collections.volunteerTasks).doc(taskId).get();
  const task = (data as TaskDoc[])[0];
  if (!task) throw new AppError('NOT_FOUND', '找不到这个志愿任务');
  return task;
}

/** The update if `condition` still holds: the new document, or null. One round trip. */
async function updateIf(
  ctx: CommandContext,
  taskId: string,
  condition: Doc,
  change: Doc,
): Promise<TaskDoc | null> {
  const _ = ctx.db.command;
  const res = await ctx.db
    .collection(Collections.volunteerTasks)
    .where({ _id: taskId, ...condition })
    .updateAndReturn({ ...change, version: _.inc(1), updatedAt: ctx.now });
  return (res.doc as TaskDoc | null) ?? null;
}

/** A short random pause between retries, so contenders do not retry in lockstep. */
const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));

/**
 * Runs `step` on the task as last read until it answers a result; `step` returns undefined when
 * its conditional update missed, and we read the task again.
 */
async function retrying<T>(
  ctx: CommandContext,
  first: TaskDoc,
  step: (task: TaskDoc) => Promise<T | undefined>,
): Promise<T> {
  let task = first;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const out = await step(task);
    if (out !== undefined) return out;
    if (attempt > 1) await jitter();
    task = await loadTask(ctx, task._id);
  }
  throw new AppError('CONFLICT', '同时操作的人较多，请稍后再试');
}

export interface Joined {
  task: TaskDoc;
  /** False when the member already held a place or position (a repeated tap). */
  joined: boolean;
}

/**
 * Takes a place or, when the places are full, the next waitlist position. Conditions, checked
 * by the database together with the write:
 * - the task is open and its signup deadline has not passed;
 * - the member is in neither list (a double tap cannot sign up twice);
 * - a place: fewer confirmed than places (`confirmed.<places-1>` does not exist);
 * - a waitlist position: the places are full at that instant, and the waitlist has room.
 * So confirmed never exceeds places, and the waitlist only grows while the places are full.
 * `refuse` explains a task that cannot be joined (closed, cancelled, waitlist full).
 */
export function joinQueue(
  ctx: CommandContext,
  first: TaskDoc,
  memberId: string,
  refuse: (task: TaskDoc) => AppError | null,
): Promise<Joined> {
  const _ = ctx.db.command;
  return retrying(ctx, first, async (task) => {
    if (task.confirmed.includes(memberId) || task.waitlist.includes(memberId)) {
      return { task, joined: false };
    }
    const refusal = refuse(task);
    if (refusal) throw refusal;
    const last = `confirmed.${task.places - 1}`;
    const open = {
      status: 'open',
      signupDeadline: _.gt(ctx.now),
      places: task.places,
      confirmed: _.neq(memberId),
      waitlist: _.neq(memberId),
    };
    const full = task.confirmed.length >= task.places;
    const updated = full
      ? await updateIf(
          ctx,
          task._id,
          { ...open, [last]: _.exists(true), [`waitlist.${WAITLIST_MAX - 1}`]: _.exists(false) },
          { waitlist: _.push(memberId) },
        )
      : await updateIf(
          ctx,
          task._id,
          { ...open, [last]: _.exists(false) },
          {
            confirmed: _.push(memberId),
          },
        );
    return updated ? { task: updated, joined: true } : undefined;
  });
}

export interface Left {
  task: TaskDoc;
  /** Who got the freed place: the first on the waitlist at that instant. */
  promoted: string | null;
  left: boolean;
}

/**
 * Leaves the task. From the waitlist: pulled out, those behind move up. From a place with a
 * waitlist: the first waitlisted member takes the leaver's slot in the same update, conditional
 * on both (the leaver still at that slot, that member still first), so the promotion is exact
 * and two concurrent leavers promote two different members. From a place with no waitlist:
 * pulled out.
 */
export function leaveQueue(ctx: CommandContext, first: TaskDoc, memberId: string): Promise<Left> {
  const _ = ctx.db.command;
  return retrying(ctx, first, async (task): Promise<Left | undefined> => {
    if (task.status !== 'open') throw new AppError('INVALID_STATE', '这个任务已取消或已结束');
    const open = { status: 'open' };
    if (task.waitlist.includes(memberId)) {
      const updated = await updateIf(
        ctx,
        task._id,
        { ...open, waitlist: memberId },
        { waitlist: _.pull(memberId) },
      );
      return updated ? { task: updated, promoted: null, left: true } : undefined;
    }
    const slot = task.confirmed.indexOf(memberId);
    if (slot < 0) return { task, promoted: null, left: false };
    const head = task.waitlist[0];
    const updated = head
      ? await updateIf(
          ctx,
          task._id,
          { ...open, [`confirmed.${slot}`]: memberId, 'waitlist.0': head },
          { [`confirmed.${slot}`]: head, waitlist: _.shift() },
        )
      : await updateIf(
          ctx,
          task._id,
          { ...open, confirmed: memberId, 'waitlist.0': _.exists(false) },
          { confirmed: _.pull(memberId) },
        );
    return updated ? { task: updated, promoted: head ?? null, left: true } : undefined;
  });
}

/**
 * Changes a task's details and places against the version read: any concurrent change of the
 * lists makes it read again and recompute. More places promote the first waitlisted members
 * (returned); fewer places than confirmed volunteers are refused by `plan`.
 */
export function reviseTask(
  ctx: CommandContext,
  first: TaskDoc,
  plan: (task: TaskDoc) => Doc,
): Promise<{ task: TaskDoc; promoted: string[] }> {
  return retrying(ctx, first, async (task) => {
    const change = plan(task);
    const places = (change.places as number | undefined) ?? task.places;
    const moving = task.waitlist.slice(0, Math.max(0, places - task.confirmed.length));
    const lists =
      moving.length > 0
        ? {
            confirmed: [...task.confirmed, ...moving],
            waitlist: task.waitlist.slice(moving.length),
          }
        : {};
    const updated = await updateIf(
      ctx,
      task._id,
      { status: 'open', version: task.version },
      { ...change, ...lists },
    );
    return updated ? { task: updated, promoted: moving } : undefined;
  });
}

/** Calls a task off (it must be open); null when it was not open any more. One round trip. */
export function cancelOpenTask(ctx: CommandContext, taskId: string, reason: string) {
  return updateIf(ctx, taskId, { status: 'open' }, { status: 'cancelled', cancelReason: reason });
}
