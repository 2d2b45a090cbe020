import type { ActionSpec } from './api';

export interface SchedulerApi {
  /** Timer only (refused to any person): runs every registered job once. */
  tick: ActionSpec<Record<string, never>, { at: string; done: Record<string, number | string> }>;
}
