import { choosePorts } from '../../../core/ports';
import { wechatSubscribe } from '../../../core/ports/wechat/subscribe';
import { createHandler } from '../../../core/runtime/handler';
import { volunteerCommands } from '../../../core/volunteer/commands';

/**
 * 志愿: teams, tasks, places and waitlists, check-in, hours and service records. Its notification
 * port gives pages the subscription templates to ask consent for; the scheduler sends.
 */
export const main = createHandler(
  volunteerCommands,
  choosePorts(process.env, { notify: wechatSubscribe }),
);
