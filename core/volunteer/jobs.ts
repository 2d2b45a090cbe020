import { Collections } from '../collections';
import { enqueue, withdraw } from '../notify/outbox';
import type { CommandContext } from '../runtime/handler';
import { single } from '../runtime/tx';
import type { Job } from '../scheduler/jobs';
import { refreshFeed } from './feed';
import { topicOf, type TaskDoc } from './model';
import { recipients, reminderNotice, type Stage } from './notices';
import type { IndexDecl } from '../indexes';

const BATCH = 20;
const FIELD: Record<Stage, 'remindDayAt' | 'remindHourAt'> = {
  day: 'remindDayAt',
  hour: 'remindHourAt',
};

/**
 * Queues one stage's reminders of one task for its confirmed volunteers, then marks the stage
 * done, conditional on the reminder time it read. Overlapping runs queue the same ids (stored
 * once) and one of them marks the stage. If the mark missed because the task moved meanwhile,
 * the reminders just queued name the old time: they are withdrawn, and the new time's
 * reminders come in their turn.
 */
async function remind(ctx: CommandContext, t: TaskDoc, stage: Stage): Promise<boolean> {
  const field = FIELD[stage];
  const due = t[field];
  if (!due) return false;
  const messages =
    t.startAt > ctx.now
      ? (await recipients(ctx, t._id, t.confirmed)).map((p) => reminderNotice(t, stage, p, ctx.now))
      : [];
  await enqueue(ctx, messages);
  const tasks = ctx.db.collection(Collections.volunteerTasks);
  const { updated } = await tasks
    .where({ _id: t._id, status: 'open', [field]: due })
    .update({ [field]: null });
  if (updated === 1 || messages.length === 0) return updated === 1;
  const now = single<TaskDoc>((await tasks.doc(t._id).get()).data);
  const moved = !now || now.status !== 'open' || now.startAt.getTime() !== t.startAt.getTime();
  if (moved) await withdraw(ctx, topicOf(t._id), { ids: messages.map((m) => m.id) });
  return false;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.volunteerTasks,
    keys: { status: 1, remindDayAt: 1 },
    why: 'scheduler: open tasks due a day-before reminder',
  },
  {
    collection: Collections.volunteerTasks,
    keys: { status: 1, remindHourAt: 1 },
    why: 'scheduler: open tasks due an hour-before reminder',
  },
  {
    collection: Collections.volunteerTasks,
    keys: { status: 1, endAt: 1 },
    why: 'scheduler: open tasks past their end',
  },
];

/** Reminders a day and an hour before each task, to its confirmed volunteers. */
export const taskReminders: Job = {
  name: 'taskReminders',
  async run(ctx) {
    const _ = ctx.db.command;
    let acted = 0;
    for (const stage of ['day', 'hour'] as const) {
      const { data } = await ctx.db
        .collection(Collections.volunteerTasks)
        .where({ status: 'open', [FIELD[stage]]: _.lte(ctx.now) })
        .limit(BATCH)
        .get();
      for (const t of data as TaskDoc[]) if (await remind(ctx, t, stage)) acted++;
    }
    return acted;
  },
};

/**
 * Tasks past their end: marked ended (conditionally, so overlapping runs act once) and taken off
 * the home feed.
 */
export const closeEndedTasks: Job = {
  name: 'closeEndedTasks',
  async run(ctx) {
    const _ = ctx.db.command;
    const { data } = await ctx.db
      .collection(Collections.volunteerTasks)
      .where({ status: 'open', endAt: _.lte(ctx.now) })
      .limit(BATCH)
      .get();
    let acted = 0;
    for (const t of data as TaskDoc[]) {
      const res = await ctx.db
        .collection(Collections.volunteerTasks)
        .where({ _id: t._id, status: 'open' })
        .updateAndReturn({ status: 'ended', version: _.inc(1), updatedAt: ctx.now });
      if (!res.doc) continue;
      acted++;
      await refreshFeed(ctx, res.doc as TaskDoc);
    }
    return acted;
  },
};
