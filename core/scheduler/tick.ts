import { authorize } from '../access';
import { command } from '../runtime/handler';
import { object } from '../validate';
import { JOBS } from './jobs';

/** Runs every registered job once; a failing job does not stop the others. */
export const tick = command(object({}), async (ctx) => {
  await authorize(ctx, 'scheduler.tick');
  const done: Record<string, number | string> = {};
  for (const job of JOBS) {
    try {
      done[job.name] = await job.run(ctx);
    } catch (err) {
      console.error(`[scheduler] job ${job.name} failed`, err);
      done[job.name] = 'failed';
    }
  }
  return { at: ctx.now.toISOString(), done };
});
