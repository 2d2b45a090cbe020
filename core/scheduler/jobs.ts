import { appendWaitingCredits, closeDueCampaigns } from '../fund/jobs';
import { sendOutbox } from '../notify/jobs';
import { expireProposals } from '../proposal/jobs';
import { closeDueVotes, openDueVotes } from '../vote/jobs';
import type { CommandContext } from '../runtime/handler';
import { closeEndedTasks, taskReminders } from '../volunteer/jobs';

/**
 * Work the scheduler does every minute (timer trigger): open and close votes, expire
 * proposals, send queued notifications. Each area registers its jobs here. A job must be
 * idempotent: two overlapping runs (a slow run and the next tick) must not double anything.
 * It returns how many things it acted on, for the log.
 */
export interface Job {
  name: string;
  run(ctx: CommandContext): Promise<number>;
}

export const JOBS: Job[] = [
  expireProposals,
  openDueVotes,
  closeDueVotes,
  closeDueCampaigns,
  appendWaitingCredits,
  taskReminders,
  closeEndedTasks,
  // Last: sends what the jobs before it queued, in the same run.
  sendOutbox,
];
