import { createHandler } from '../../../core/runtime/handler';
import { volunteerCommands } from '../../../core/volunteer/commands';
import { isLocalCloudBase } from '../../../local/payment';

/** 志愿: teams, tasks, places and waitlists, check-in, hours and service records. */
export const main = createHandler(volunteerCommands(isLocalCloudBase(process.env)));
