import type { Commands } from '../runtime/handler';
import { checkin, checkinCode, checkout, confirmHours } from './attendance';
import { exportRecord, myHours, teamHours } from './hours';
import { get, list, roster } from './read';
import { cancelSignup, signup } from './signup';
import { cancelTask, createTask, updateTask } from './tasks';
import { createTeam } from './teams';

/** The `volunteer` function's actions. */
export const volunteerCommands: Commands = {
  createTeam,
  createTask,
  updateTask,
  cancelTask,
  signup,
  cancelSignup,
  get,
  list,
  roster,
  checkinCode,
  checkin,
  checkout,
  confirmHours,
  myHours,
  teamHours,
  exportRecord,
};
