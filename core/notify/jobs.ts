import type { Job } from '../scheduler/jobs';
import { sendDue } from './send';
import { notifyPort } from './select';

/** Sends due outbox messages (core/notify/send.ts); the channel is resolved on first run. */
export const sendOutbox: Job = {
  name: 'sendOutbox',
  run: (ctx) => sendDue(ctx, notifyPort()),
};
