import { Collections } from '../collections';
import type { CommandContext } from '../runtime/handler';
import { activityId, type TaskDoc } from './model';
import { phaseOf, statusLine } from './rules';
import { timeText } from './format';

/**
 * The task's home-feed entry (docs/architecture.md, "Home feed"): a status line such as
 * "还剩 3 个名额" or "已满，候补 5 人", open until the task ends or is cancelled. It carries
 * the task version it was computed from, and refreshes only move it forward, so a slow writer
 * holding an older count never overwrites a newer one.
 */
function entry(t: TaskDoc, now: Date) {
  const phase = phaseOf(t, now);
  return {
    estateId: t.estateId,
    kind: 'task' as const,
    title: t.title,
    status: `${timeText(t.startAt, t.endAt)} · ${statusLine(t, now)}`,
    open: phase !== 'cancelled' && phase !== 'ended',
    updatedAt: now,
    taskVersion: t.version,
  };
}

/** Creates the entry (a new task). One round trip. */
export function publishFeed(ctx: CommandContext, t: TaskDoc): Promise<unknown> {
  return ctx.db.collection(Collections.activities).doc(activityId(t._id)).set(entry(t, ctx.now));
}

/** Brings the entry up to `t`'s version, unless a newer one is there. One round trip. */
export function refreshFeed(ctx: CommandContext, t: TaskDoc): Promise<unknown> {
  const _ = ctx.db.command;
  return ctx.db
    .collection(Collections.activities)
    .where({ _id: activityId(t._id), taskVersion: _.lt(t.version) })
    .update(entry(t, ctx.now));
}
