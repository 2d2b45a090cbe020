import { messagesCommand } from '../notify/inbox';
import type { Commands } from '../runtime/handler';
import { checkin, checkinCode, checkout, confirmHours } from './attendance';
import { exportRecord, myHours, teamHours } from './hours';
import { get, list, roster } from './read';
import { cancelSignup, signup } from './signup';
import { cancelTask, createTask, updateTask } from './tasks';
import { createTeam } from './teams';

/**
 * The `volunteer` function's actions. `messages` (what the local notification adapter
 * delivered to the caller) exists only on the local CloudBase: in the cloud the messages are in
 * WeChat's 服务通知.
 */
export function volunteerCommands(local: boolean): Commands {
  return {
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
    ...(local ? { messages: messagesCommand('volunteer.messages') } : {}),
  };
}
