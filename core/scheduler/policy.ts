import type { Audience } from '../permissions';

/** The scheduler is the platform's own: callable by the timer trigger, never by a person. */
export const SCHEDULER_POLICY = {
  'scheduler.tick': { who: 'system' },
} as const satisfies Record<string, Audience>;
