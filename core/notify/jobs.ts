import type { Job } from '../scheduler/jobs';
import { sendDue } from './send';

/** Sends due outbox messages (core/notify/send.ts) through the function's notification port. */
export const sendOutbox: Job = {
  name: 'sendOutbox',
  run: (ctx) => sendDue(ctx, ctx.ports.notify),
};
